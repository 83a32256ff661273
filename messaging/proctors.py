"""A proctor with an e-mail address gets the list of their sessions of an event when they
are assigned and each time their sessions change (added, removed, moved in time, deleted).

Django's own signals on Session and its proctors say when; the list itself decides whether
to send: its digest is in the dedupe key, so a form save that fires several signals, or a
save that changes nothing, sends at most one message.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string

from messaging.letters import venue_of
from messaging.models import Message, kind_enabled
from messaging.notices import Notice
from messaging.services import Draft, message_queue
from sessions_app.documents import indonesian_date, time_range
from sessions_app.models import Event, Session

log = logging.getLogger(__name__)

KIND = Message.Kind.PROCTOR


def sessions_of(event: Event, user: User) -> list[Session]:
    return list(
        Session.objects.for_proctor(user).filter(event=event).order_by("date", "start_time")
    )


def _digest(sessions: list[Session]) -> str:
    text = "\n".join(f"{s.pk}|{s.date}|{s.start_time}|{s.end_time}|{s.name}" for s in sessions)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def dedupe_key(event: Event, user: User, sessions: list[Session]) -> str:
    return f"{KIND}:{event.pk}:{user.pk}:{_digest(sessions)}"


def _told_before(event: Event, user: User) -> bool:
    return Message.objects.filter(
        kind=KIND, dedupe_key__startswith=f"{KIND}:{event.pk}:{user.pk}:"
    ).exists()


def compose(event: Event, user: User, sessions: list[Session]) -> Notice:
    name = user.get_full_name() or user.username
    context = {
        "name": name,
        "event": event.name,
        "venue": venue_of(event),
        "lines": [
            f"{indonesian_date(s.date)}, {s.name or 'Sesi'} {time_range(s.start_time, s.end_time)}"
            for s in sessions
        ],
        "link": settings.SITE_URL + "/",
    }
    subject = render_to_string("messaging/email/proctor_subject.txt", context)
    body = render_to_string("messaging/email/proctor_body.txt", context)
    base = {"kind": KIND, "recipient_name": name, "event_id": event.pk}
    return Notice(" ".join(subject.split()), body.strip() + "\n", base)


def draft_of(event: Event, user: User, sessions: list[Session]) -> Draft:
    notice = compose(event, user, sessions)
    return Draft(
        **notice.draft_base,
        recipient_address=user.email,
        subject=notice.subject,
        body=notice.body,
        dedupe_key=dedupe_key(event, user, sessions),
    )


def lists_queue(*, event: Event, user_ids, actor) -> tuple[int, int]:
    """Queue each proctor's current list unless this very list was queued before; a proctor
    left with no session hears so only if they were told of sessions before."""
    drafts = []
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        sessions = sessions_of(event, user)
        if sessions or _told_before(event, user):
            drafts.append(draft_of(event, user, sessions))
    queued = message_queue(drafts=drafts, actor=actor)
    return len(queued), len(drafts) - len(queued)


def proctors_of(event: Event):
    return User.objects.filter(proctored_sessions__event=event).distinct()


def _after_commit(event_id: int, user_ids) -> None:
    user_ids = set(user_ids)

    def queue() -> None:
        try:
            event = Event.objects.filter(pk=event_id).first()
            if event is not None and kind_enabled(event.pk, KIND):
                lists_queue(event=event, user_ids=user_ids, actor=None)
        except Exception:
            log.exception("proctor lists not queued (event %s)", event_id)

    if user_ids:
        transaction.on_commit(queue)


def on_proctors_changed(sender, *, instance, action, reverse, pk_set, **kwargs) -> None:
    """Session.proctors changed, from either side (session.proctors or user.proctored_sessions)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # instance is a Session; pk_set are users
        users = pk_set if action != "pre_clear" else instance.proctors.values_list("pk", flat=True)
        _after_commit(instance.event_id, users)
        return
    sessions = (
        Session.objects.filter(pk__in=pk_set)
        if action != "pre_clear"
        else instance.proctored_sessions.all()
    )
    for event_id in set(sessions.values_list("event_id", flat=True)):
        _after_commit(event_id, [instance.pk])


def on_session_saved(sender, *, instance: Session, created: bool, **kwargs) -> None:
    if not created:  # a new session has no proctor yet; they come through the m2m
        _after_commit(instance.event_id, instance.proctors.values_list("pk", flat=True))


def on_session_deleted(sender, *, instance: Session, **kwargs) -> None:
    _after_commit(instance.event_id, list(instance.proctors.values_list("pk", flat=True)))
