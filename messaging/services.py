"""The outbox's life cycle: queue, send once, retry with back-off, resend, record WhatsApp.

Views and the schedule's signal only queue; the Celery task `messaging.send_message` sends,
after the queuing transaction commits. A message leaves the queue by one conditional
transition under a row lock, so a task delivered twice sends it once.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.utils import formataddr

from celery import signature
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from messaging.models import Attachment, Message

log = logging.getLogger(__name__)

SEND_MESSAGE = "messaging.tasks.send_message"
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 30  # the wait before retry n is BACKOFF_SECONDS * 2**(n-1): 30 s ... 4 min


@dataclass(frozen=True)
class Draft:
    """One message to queue: what travels from a notice to the outbox."""

    kind: str
    recipient_name: str
    recipient_address: str
    subject: str
    body: str
    dedupe_key: str
    event_id: int | None = None
    participant_id: int | None = None
    opd_id: int | None = None
    attachments: tuple[tuple[str, str, bytes], ...] = ()  # name, content type, content


def message_queue(*, drafts: list[Draft], actor) -> list[Message]:
    """Queue the e-mails not queued before (by dedupe key) and send them after commit."""
    keys = [draft.dedupe_key for draft in drafts]
    known = set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    queued = []
    with transaction.atomic():
        for draft in drafts:
            if draft.dedupe_key in known:
                continue
            try:
                with transaction.atomic():
                    queued.append(_create(draft, actor))
            except IntegrityError:
                continue  # queued in the meantime by another save of the same change
    send_after_commit([message.pk for message in queued])
    return queued


def _create(draft: Draft, actor) -> Message:
    message = Message.objects.create(
        channel=Message.Channel.EMAIL,
        kind=draft.kind,
        recipient_name=draft.recipient_name,
        recipient_address=draft.recipient_address,
        subject=draft.subject,
        body=draft.body,
        dedupe_key=draft.dedupe_key,
        event_id=draft.event_id,
        participant_id=draft.participant_id,
        opd_id=draft.opd_id,
        caused_by=actor if actor is not None and actor.is_authenticated else None,
    )
    for name, content_type, content in draft.attachments:
        attachment = Attachment(message=message, name=name, content_type=content_type)
        attachment.file.save(name, ContentFile(content), save=True)
    return message


def send_after_commit(message_ids: list[int]) -> None:
    if message_ids:
        transaction.on_commit(lambda: _send(message_ids))


def _send(message_ids: list[int]) -> None:
    for message_id in message_ids:
        try:
            signature(SEND_MESSAGE, (message_id,)).apply_async(retry=False)
        except Exception:  # noqa: BLE001 - the worker sends queued messages when it connects
            log.warning("task queue unreachable; message %s stays queued", message_id)


@dataclass(frozen=True)
class Outcome:
    state: str | None  # the message's state after this attempt; None: not this task's to send
    retry_in: int | None = None  # seconds until the next attempt


def message_send(message_id: int) -> Outcome:
    """Send one queued e-mail. A message not queued (sent, failed, or being sent by another
    task right now) is left alone, so the task may run any number of times."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, state=Message.State.QUEUED, channel=Message.Channel.EMAIL)
            .first()
        )
        if message is None:
            return Outcome(None)
        message.attempts += 1
        try:
            email_of(message).send()
        except smtplib.SMTPRecipientsRefused as error:
            return _failed(message, f"Alamat ditolak server surel: {_reason(error)}")
        except (smtplib.SMTPException, OSError) as error:
            if message.attempts >= MAX_ATTEMPTS:
                return _failed(message, f"Gagal {message.attempts} kali: {_reason(error)}")
            message.save(update_fields=["attempts", "updated_at"])
            return Outcome(message.state, BACKOFF_SECONDS * 2 ** (message.attempts - 1))
        message.state, message.sent_at, message.failure = Message.State.SENT, timezone.now(), ""
        message.save(update_fields=["state", "sent_at", "failure", "attempts", "updated_at"])
        return Outcome(message.state)


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:400]


def _failed(message: Message, reason: str) -> Outcome:
    message.state, message.failure = Message.State.FAILED, reason
    message.save(update_fields=["state", "failure", "attempts", "updated_at"])
    log.warning("message %s failed after %s attempt(s)", message.pk, message.attempts)
    return Outcome(message.state)


def email_of(message: Message) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[formataddr((message.recipient_name, message.recipient_address))],
        # The same id on every attempt: a mail client shows a resent message once.
        headers={"Message-ID": f"<cact-pesan-{message.pk}@{DNS_NAME}>"},
    )
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.name, handle.read(), attachment.content_type)
    return email


def message_resend(*, message: Message, actor) -> bool:
    """Put a failed e-mail back in the queue, audited; False when it was not failed."""
    with transaction.atomic():
        changed = Message.objects.filter(
            pk=message.pk, state=Message.State.FAILED, channel=Message.Channel.EMAIL
        ).update(state=Message.State.QUEUED, attempts=0, failure="", updated_at=timezone.now())
        if not changed:
            return False
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=message,
            changes={"kirim ulang": message.recipient_address, "alasan gagal": message.failure},
        )
        send_after_commit([message.pk])
    return True


def whatsapp_record(*, draft: Draft, phone: str, actor) -> Message:
    """A WhatsApp message a user opened in wa.me to send themselves."""
    return Message.objects.create(
        channel=Message.Channel.WHATSAPP,
        state=Message.State.OPENED,
        kind=draft.kind,
        recipient_name=draft.recipient_name,
        recipient_address=phone,
        subject=draft.subject,
        body=draft.body,
        event_id=draft.event_id,
        participant_id=draft.participant_id,
        opd_id=draft.opd_id,
        caused_by=actor,
        sent_at=timezone.now(),
    )


def resend_queued() -> int:
    """Send every queued e-mail again (a worker connecting: tasks lost with Redis' memory)."""
    ids = list(
        Message.objects.filter(
            state=Message.State.QUEUED, channel=Message.Channel.EMAIL
        ).values_list("pk", flat=True)
    )
    _send(ids)
    return len(ids)
