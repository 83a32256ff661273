"""The automatic schedule, the session page with its manual changes, and the labs."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.params import int_param
from participants.models import Opd
from sessions_app.access import get_event, get_session
from sessions_app.forms import AttendanceCorrectionForm, MoveForm
from sessions_app.models import Lab, Placement, Registration, Workstation
from sessions_app.services import ScheduleError
from sessions_app.services.correction import attendance_correct
from sessions_app.services.occupancy import overlapping_sessions
from sessions_app.services.placement import (
    placement_move_many,
    placement_swap,
    workstation_set_status,
)
from sessions_app.services.schedule import REASON_TEXT, schedule_apply, schedule_propose

SCHEDULE_PERMS = ("sessions_app.add_placement", "sessions_app.change_placement")
CORRECT_PERM = "sessions_app.change_attendance"


@require_perms(*SCHEDULE_PERMS)
def schedule(request, code: str):
    """GET: the preview of an automatic run. POST: save exactly what was previewed."""
    event = get_event(code)
    replan = request.POST.get("replan", request.GET.get("replan")) == "1"
    try:
        if request.method == "POST":
            proposal = schedule_apply(
                event=event,
                replan=replan,
                fingerprint=request.POST.get("fingerprint", ""),
                actor=request.user,
            )
            messages.success(
                request,
                _("Jadwal disimpan: %(placed)d ditempatkan, %(unplaced)d belum.")
                % {"placed": proposal.placed_total, "unplaced": len(proposal.unplaced)},
            )
            return redirect("sessions_app:event", code=event.code)
        proposal = schedule_propose(event, replan=replan)
    except ScheduleError as error:
        messages.error(request, error.message)
        return redirect("sessions_app:event", code=event.code)
    names = dict(
        Registration.objects.filter(pk__in=[*proposal.unplaced, *proposal.moved]).values_list(
            "pk", "participant__name"
        )
    )
    context = {
        "event": event,
        "proposal": proposal,
        "replan": replan,
        "unplaced": [
            (names[reg], REASON_TEXT[reason]) for reg, reason in proposal.unplaced.items()
        ],
        "moved": [names[reg] for reg in proposal.moved],
        "overlaps": overlapping_sessions(event),
    }
    return render(request, "sessions_app/schedule_preview.html", context)


@require_perms("sessions_app.view_session")
def session_detail(request, code: str, pk: int):
    event = get_event(code)
    session = get_session(event, pk)
    placements = (
        Placement.objects.filter(session=session)
        .select_related(
            "registration__participant__opd", "registration__participant__upt", "workstation__lab"
        )
        .order_by("workstation__lab__name", "workstation__label")
    )
    opd = int_param(request, "opd")
    if opd is not None:
        placements = placements.filter(registration__participant__opd_id=opd)
    context = {
        "event": event,
        "session": session,
        "placements": placements,
        "opds": Opd.objects.filter(
            participants__registrations__placement__session=session
        ).distinct(),
        "opd_id": str(opd or ""),
        "move_form": MoveForm(event=event, prefix="move"),
        "can_change": request.user.has_perms(SCHEDULE_PERMS),
        "correction_form": (
            AttendanceCorrectionForm(session=session, prefix="fix")
            if session.closed_at and request.user.has_perm(CORRECT_PERM)
            else None
        ),
    }
    return render(request, "sessions_app/session_detail.html", context)


@require_POST
@require_perms(CORRECT_PERM)
def session_correct(request, code: str, pk: int):
    """Correct one person's attendance in a closed session, with a reason."""
    event = get_event(code)
    session = get_session(event, pk)
    form = AttendanceCorrectionForm(request.POST, session=session, prefix="fix")
    if not form.is_valid():
        messages.error(request, _("Pilih peserta dan status, lalu tulis alasan koreksinya."))
    else:
        try:
            attendance = attendance_correct(
                session=session,
                registration=form.cleaned_data["registration"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ScheduleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Kehadiran %(name)s dikoreksi menjadi %(status)s.")
                % {
                    "name": attendance.registration.participant.name,
                    "status": attendance.get_status_display(),
                },
            )
    return redirect("sessions_app:session", code=event.code, pk=session.pk)


@require_POST
@require_perms(*SCHEDULE_PERMS)
def session_move(request, code: str, pk: int):
    """Move the ticked participants of a session to another session."""
    event = get_event(code)
    session = get_session(event, pk)
    form = MoveForm(request.POST, event=event, prefix="move")
    ids = request.POST.getlist("placement")
    chosen = list(
        Placement.objects.filter(session=session, pk__in=ids).select_related("registration")
    )
    if not form.is_valid() or not chosen:
        messages.error(request, _("Pilih peserta, sesi tujuan, dan tulis alasannya."))
    else:
        try:
            count = placement_move_many(
                registrations=[p.registration for p in chosen],
                session=form.cleaned_data["session"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(request, _("%(count)d peserta dipindah.") % {"count": count})
        except ScheduleError as error:
            messages.error(request, error.message)
    return redirect("sessions_app:session", code=event.code, pk=session.pk)


@require_POST
@require_perms(*SCHEDULE_PERMS)
def session_swap(request, code: str, pk: int):
    event = get_event(code)
    session = get_session(event, pk)
    ids = request.POST.getlist("placement")
    reason = request.POST.get("move-reason", "")
    chosen = list(
        Placement.objects.filter(session__event=event, pk__in=ids).select_related(
            "session", "registration__participant"
        )
    )
    if len(chosen) != 2:
        messages.error(request, _("Untuk menukar, centang tepat dua peserta."))
    else:
        try:
            placement_swap(first=chosen[0], second=chosen[1], reason=reason, actor=request.user)
            messages.success(request, _("Kursi dua peserta ditukar."))
        except ScheduleError as error:
            messages.error(request, error.message)
    return redirect("sessions_app:session", code=event.code, pk=session.pk)


@require_perms("sessions_app.change_workstation")
def lab_detail(request, pk: int):
    lab = get_object_or_404(Lab.objects.select_related("venue"), pk=pk)
    if request.method == "POST":
        seat = get_object_or_404(Workstation, lab=lab, pk=request.POST.get("seat"))
        try:
            moves = workstation_set_status(
                seat=seat, status=request.POST.get("status", ""), actor=request.user
            )
        except (ScheduleError, ValueError) as error:
            messages.error(request, getattr(error, "message", str(error)))
        else:
            messages.success(request, _("Status %(seat)s diubah.") % {"seat": seat.label})
            for move in moves:
                messages.info(request, move)
        return redirect("sessions_app:lab", pk=lab.pk)
    context = {"lab": lab, "seats": lab.workstations.all(), "statuses": Workstation.Status.choices}
    return render(request, "sessions_app/lab_detail.html", context)
