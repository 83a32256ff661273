"""The operator's side of attendance: the live overview, the no-shows, the recap."""

import datetime as dt
import io
import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_perms
from sessions_app.access import get_event
from sessions_app.attendance_recap import recap_rows, recap_workbook
from sessions_app.forms import MoveForm
from sessions_app.models import Attendance, Placement, Registration, Workstation
from sessions_app.selectors import sessions_attendance_counts
from sessions_app.services import ScheduleError
from sessions_app.services.placement import placement_move_many
from sessions_app.services.reschedule import (
    missed_registrations,
    reschedule_apply,
    reschedule_propose,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perms("sessions_app.change_attendance")
def overview(request, code: str):
    """Every session of one day with its counts; the table refreshes itself (htmx)."""
    event = get_event(code)
    day = _day(request, event)
    sessions = list(event.sessions.filter(date=day))
    counts = sessions_attendance_counts(sessions)
    rows = [{"session": session, "counts": counts[session.pk]} for session in sessions]
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


MISSED_PERMS = ("sessions_app.change_placement", "sessions_app.change_attendance")


@require_perms(*MISSED_PERMS)
def missed(request, code: str):
    """Who missed their session: preview their move to later sessions, or move the ticked
    ones to one session by hand."""
    event = get_event(code)
    people = list(missed_registrations(event))
    if request.method == "POST":
        chosen = [r for r in people if str(r.pk) in request.POST.getlist("registration")]
        if not chosen:
            messages.error(request, _("Centang peserta yang akan dijadwalkan ulang."))
        elif request.POST.get("action") == "preview":
            return _preview_start(request, event, chosen)
        else:
            _move_by_hand(request, event, chosen)
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


def _preview_key(event) -> str:
    # One pending preview per event and signed-in operator: a new one replaces the last.
    return f"reschedule:{event.pk}"


def _preview_start(request, event, chosen: list):
    """Compute who goes where and keep exactly that on the server under a token."""
    proposal = reschedule_propose(event=event, registration_ids=[r.pk for r in chosen])
    token = uuid.uuid4()
    request.session[_preview_key(event)] = {
        "token": str(token),
        "registrations": [r.pk for r in chosen],
        "fingerprint": proposal.fingerprint,
        "moves": [
            (m.registration.pk, m.missed.pk, m.session.pk, m.seat.pk) for m in proposal.moves
        ],
        "unplaced": [(r.pk, why) for r, why in proposal.unplaced],
    }
    return redirect("sessions_app:missed_preview", code=event.code, token=token)


def _move_by_hand(request, event, chosen: list) -> None:
    form = MoveForm(request.POST, event=event, prefix="move")
    if not form.is_valid():
        messages.error(request, _("Pilih sesi tujuan dan tulis alasannya."))
        return
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


@require_perms(*MISSED_PERMS)
def missed_preview(request, code: str, token):
    """GET: the stored preview of the reschedule. POST: save it, once, if still true."""
    event = get_event(code)
    stored = request.session.get(_preview_key(event))
    if not stored or stored["token"] != str(token):
        messages.error(
            request,
            _("Pratinjau ini sudah disimpan atau tidak berlaku lagi. Buat pratinjau baru."),
        )
        return redirect("sessions_app:missed", code=event.code)
    if request.method == "POST":
        del request.session[_preview_key(event)]  # a second click finds nothing to save
        try:
            proposal = reschedule_apply(
                event=event,
                registration_ids=stored["registrations"],
                fingerprint=stored["fingerprint"],
                actor=request.user,
            )
        except ScheduleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(count)d peserta dijadwalkan ulang.") % {"count": len(proposal.moves)},
            )
            if proposal.unplaced:
                messages.warning(
                    request,
                    _("%(count)d peserta tidak bisa ditempatkan dan tetap di daftar ini.")
                    % {"count": len(proposal.unplaced)},
                )
        return redirect("sessions_app:missed", code=event.code)
    return render(request, "sessions_app/missed_preview.html", _preview_context(event, stored))


def _preview_context(event, stored: dict) -> dict:
    registration_ids = [move[0] for move in stored["moves"]] + [r for r, _ in stored["unplaced"]]
    registrations = Registration.objects.select_related("participant__opd").in_bulk(
        registration_ids
    )
    sessions = event.sessions.in_bulk()
    seats = Workstation.objects.select_related("lab").in_bulk([m[3] for m in stored["moves"]])
    return {
        "event": event,
        "moves": [
            {
                "registration": registrations[reg],
                "missed": sessions[missed],
                "session": sessions[session],
                "seat": seats[seat],
            }
            for reg, missed, session, seat in stored["moves"]
            if reg in registrations and {missed, session} <= sessions.keys() and seat in seats
        ],
        "unplaced": [
            (registrations[reg], why) for reg, why in stored["unplaced"] if reg in registrations
        ],
    }


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
