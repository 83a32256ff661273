"""The operator's side of attendance: the live overview, the no-shows, the recap."""

import datetime as dt
import io

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_perms
from sessions_app.access import get_event
from sessions_app.attendance_recap import recap_rows, recap_workbook
from sessions_app.forms import MoveForm
from sessions_app.models import Attendance, Placement
from sessions_app.services import ScheduleError
from sessions_app.services.placement import placement_move_many
from sessions_app.services.reschedule import missed_registrations, reschedule_missed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perms("sessions_app.change_attendance")
def overview(request, code: str):
    """Every session of one day with its counts; the table refreshes itself (htmx)."""
    event = get_event(code)
    day = _day(request, event)
    sessions = event.sessions.filter(date=day).annotate(
        expected=Count("placements", distinct=True),
        **{
            status: Count("attendances", filter=Q(attendances__status=status), distinct=True)
            for status in ("hadir", "terlambat", "izin", "tidak_hadir")
        },
    )
    rows = []
    for session in sessions:
        marked = session.hadir + session.terlambat + session.izin + session.tidak_hadir
        rows.append({"session": session, "unmarked": max(session.expected - marked, 0)})
    days = sorted(set(event.sessions.values_list("date", flat=True)))
    context = {"event": event, "day": day, "days": days, "rows": rows, "now": timezone.localtime()}
    template = "sessions_app/_overview_table.html" if request.htmx else "sessions_app/overview.html"
    return render(request, template, context)


def _day(request, event) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        today = timezone.localdate()
        return today if event.start_date <= today <= event.end_date else event.start_date


@require_perms("sessions_app.change_placement", "sessions_app.change_attendance")
def missed(request, code: str):
    """Who missed their session, and moving them to later sessions."""
    event = get_event(code)
    people = list(missed_registrations(event))
    if request.method == "POST":
        chosen = [r for r in people if str(r.pk) in request.POST.getlist("registration")]
        if not chosen:
            messages.error(request, _("Centang peserta yang akan dijadwalkan ulang."))
        elif request.POST.get("auto") == "1":
            result = reschedule_missed(event=event, registrations=chosen, actor=request.user)
            messages.success(
                request, _("%(count)d peserta dijadwalkan ulang.") % {"count": result["placed"]}
            )
            for name, reason in result["unplaced"].items():
                messages.warning(request, f"{name}: {reason}")
        else:
            form = MoveForm(request.POST, event=event, prefix="move")
            if form.is_valid():
                try:
                    count = placement_move_many(
                        registrations=chosen,
                        session=form.cleaned_data["session"],
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    messages.success(request, _("%(count)d peserta dipindah.") % {"count": count})
                except ScheduleError as error:
                    messages.error(request, error.message)
            else:
                messages.error(request, _("Pilih sesi tujuan dan tulis alasannya."))
        return redirect("sessions_app:missed", code=event.code)
    statuses = dict(
        Attendance.objects.filter(
            registration__in=people, session_id__in=[r.placement.session_id for r in people]
        ).values_list("registration_id", "status")
    )
    context = {
        "event": event,
        "people": [(r, statuses.get(r.pk)) for r in people],
        "move_form": MoveForm(event=event, prefix="move"),
    }
    return render(request, "sessions_app/missed.html", context)


@require_perms("sessions_app.view_attendance", "sessions_app.view_placement")
def recap(request, code: str):
    event = get_event(code)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        recap_workbook(event, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="rekap-kehadiran-{event.code}.xlsx"'
        )
        return response
    context = {
        "event": event,
        **recap_rows(event),
        "placed": Placement.objects.filter(session__event=event).count(),
    }
    return render(request, "sessions_app/recap.html", context)
