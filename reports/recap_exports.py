"""The Excel recap as a Celery task: asked for from the dashboard, written by a worker while
the page shows its progress, then downloaded by the user who asked, in their scope then.

Asking twice gives the recap already under way. With the task queue out of reach a small
recap (up to RECAP_INLINE_MAX_ROWS people) is written in the request, a moment's work; a
larger one stays queued, its page says the queue is unreachable, and the first worker to
connect again sends it (reports.tasks.resume_work): a 100,000-row recap would hold a web
worker for minutes.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta

from celery import signature
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participants.scope import scoped_opd_ids
from reports.models import RecapExport
from reports.recap import write_recap
from reports.recap_people import registered
from scoring.models import ScoreRun

log = logging.getLogger(__name__)

KEEP = timedelta(hours=24)  # a written recap holds personal data; it is not kept longer
STALE = timedelta(minutes=2)  # a recap unfinished after this is asked for afresh
UNSENT = "Antrean tugas tidak bisa dihubungi; rekap dikirim ke worker begitu antrean kembali."
WRITE_RECAP_EXPORT = "reports.tasks.write_recap_export"  # sent by name: tasks.py calls us
PROGRESS_EVERY = 5000  # participant rows between two progress saves


def request_recap(*, run: ScoreRun, user) -> RecapExport:
    """The recap of run for user: the one under way or written, or a new one sent to a worker."""
    _forget_old()
    scope = scoped_opd_ids(user)
    opd_ids = None if scope is None else sorted(scope)
    same_scope = Q(opd_ids__isnull=True) if opd_ids is None else Q(opd_ids=opd_ids)
    recent = RecapExport.objects.filter(
        same_scope,
        run=run,
        requested_by=user,
        status__in=[RecapExport.Status.QUEUED, RecapExport.Status.RUNNING],
        created_at__gte=timezone.now() - STALE,
    ).first()
    if recent is not None:
        return recent
    # The same recap asked for earlier and never sent: this one replaces it.
    RecapExport.objects.filter(
        same_scope, run=run, requested_by=user, status=RecapExport.Status.QUEUED, error=UNSENT
    ).delete()
    export = RecapExport.objects.create(run=run, requested_by=user, opd_ids=opd_ids)
    if not send_export(export.pk):
        # The people sheet's rows, one per registered person in the scope, are the work.
        rows = registered(run, None if opd_ids is None else set(opd_ids)).count()
        if rows <= settings.RECAP_INLINE_MAX_ROWS:
            write_export(export.pk)
    export.refresh_from_db()
    return export


def send_export(export_id: int) -> bool:
    """Send the recap to a worker; False, and the recap marked as waiting, when the queue is
    out of reach (the settings bound that to about a second)."""
    try:
        signature(WRITE_RECAP_EXPORT, (export_id,)).apply_async(retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure: the recap waits
        log.warning("recap %s not sent to a worker: %s", export_id, type(error).__name__)
        RecapExport.objects.filter(pk=export_id, status=RecapExport.Status.QUEUED).update(
            error=UNSENT
        )
        return False
    RecapExport.objects.filter(pk=export_id, error=UNSENT).update(error="")
    return True


def resend_unsent() -> int:
    """Send again the recaps that could not be sent (a worker calls it when it connects)."""
    unsent = RecapExport.objects.filter(
        status=RecapExport.Status.QUEUED, error=UNSENT, created_at__gte=timezone.now() - KEEP
    ).values_list("pk", flat=True)
    return sum(send_export(export_id) for export_id in list(unsent))


def write_export(export_id: int) -> None:
    """Write the recap asked for. Safe to repeat: a recap written is left as it is."""
    with transaction.atomic():
        export = RecapExport.objects.select_for_update().select_related("run").get(pk=export_id)
        if export.status == RecapExport.Status.DONE:
            return
        export.status, export.rows_done, export.error = RecapExport.Status.RUNNING, 0, ""
        export.save(update_fields=["status", "rows_done", "error"])

    def told(written: int, total: int) -> None:
        if written == total or written % PROGRESS_EVERY == 0:
            RecapExport.objects.filter(pk=export_id).update(rows_done=written, rows_total=total)

    opd_ids = None if export.opd_ids is None else set(export.opd_ids)
    try:
        with tempfile.TemporaryFile() as out:
            count = write_recap(export.run, out, opd_ids, progress=told)
            out.seek(0)
            name = f"rekap-{export.run.event.code}-{export.token}.xlsx"
            export.file.save(name, File(out), save=False)
    except Exception:  # noqa: BLE001 - whatever broke, the page says so and offers a retry
        log.exception("recap %s failed", export_id)
        RecapExport.objects.filter(pk=export_id).update(
            status=RecapExport.Status.FAILED,
            error="Rekap gagal ditulis; buat lagi, atau hubungi admin bila terulang.",
            finished_at=timezone.now(),
        )
        return
    RecapExport.objects.filter(pk=export_id).update(
        status=RecapExport.Status.DONE,
        file=export.file.name,
        rows_done=count,
        rows_total=count,
        finished_at=timezone.now(),
    )


def _forget_old() -> None:
    """Delete the recaps (and their files) asked for more than KEEP ago."""
    for export in RecapExport.objects.filter(created_at__lt=timezone.now() - KEEP):
        if export.file:
            export.file.delete(save=False)
        export.delete()
