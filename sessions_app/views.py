"""Events, their sessions and their registered participants."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from audit.services import save_form_with_audit
from cact_admin.params import int_param, text_param
from participants.models import Opd, Participant
from sessions_app.access import get_event, get_registration, get_session
from sessions_app.forms import (
    EventForm,
    MoveForm,
    RegisterByFilterForm,
    SessionForm,
    UnavailabilityForm,
)
from sessions_app.models import AttendanceMark, Event, Registration
from sessions_app.selectors import days_with_sessions, session_counts
from sessions_app.services import ScheduleError
from sessions_app.services.occupancy import overlapping_sessions
from sessions_app.services.placement import placement_move, placement_pin
from sessions_app.services.registration import event_days, event_register, unavailability_set


@require_perms("sessions_app.view_event")
def event_list(request):
    events = Event.objects.prefetch_related("labs")
    return render(request, "sessions_app/event_list.html", {"events": events})


@require_perms("sessions_app.add_event")
def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = save_form_with_audit(form, actor=request.user)
        messages.success(
            request, _("Kegiatan %(code)s dibuat. Tambahkan sesinya.") % {"code": event.code}
        )
        return redirect("sessions_app:event", code=event.code)
    return render(request, "sessions_app/form.html", {"form": form, "title": _("Kegiatan baru")})


@require_perms("sessions_app.change_event")
def event_edit(request, code: str):
    event = get_event(code)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        save_form_with_audit(form, actor=request.user)
        messages.success(request, _("Kegiatan disimpan."))
        return redirect("sessions_app:event", code=form.instance.code)
    return render(
        request, "sessions_app/form.html", {"form": form, "title": str(event), "event": event}
    )


@require_perms("sessions_app.view_event")
def event_detail(request, code: str):
    event = get_event(code)
    opd_id = int_param(request, "opd")
    rows = session_counts(event, opd_id)
    registered = event.registrations.count()
    placed = sum(row["placed"] for row in rows)
    context = {
        "event": event,
        "days": days_with_sessions(rows),
        "registered": registered,
        "placed": placed,
        "unplaced": registered - placed,
        "opds": Opd.objects.filter(participants__registrations__event=event).distinct(),
        "opd_id": str(opd_id or ""),
        "labs": event.labs.select_related("venue"),
        "overlaps": overlapping_sessions(event),
    }
    return render(request, "sessions_app/event_detail.html", context)


@require_perms("sessions_app.add_session")
def session_create(request, code: str):
    event = get_event(code)
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        save_form_with_audit(form, actor=request.user)
        messages.success(request, _("Sesi ditambahkan."))
        return redirect("sessions_app:event", code=event.code)
    return render(
        request, "sessions_app/form.html", {"form": form, "title": _("Sesi baru"), "event": event}
    )


@require_perms("sessions_app.change_session")
def session_edit(request, code: str, pk: int):
    event = get_event(code)
    session = get_session(event, pk)
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        save_form_with_audit(form, actor=request.user)
        messages.success(request, _("Sesi disimpan."))
        return redirect("sessions_app:event", code=event.code)
    return render(
        request, "sessions_app/form.html", {"form": form, "title": str(session), "event": event}
    )


@require_perms("sessions_app.view_registration")
def registration_list(request, code: str):
    event = get_event(code)
    registrations = (
        Registration.objects.filter(event=event)
        .select_related(
            "participant__opd", "participant__upt", "placement__session", "placement__workstation"
        )
        .order_by("participant__name")
    )
    opd = int_param(request, "opd")
    if opd is not None:
        registrations = registrations.filter(participant__opd_id=opd)
    state = request.GET.get("status")
    if state in ("placed", "unplaced"):
        registrations = registrations.filter(placement__isnull=state == "unplaced")
    query = text_param(request, "q")
    if query:
        registrations = registrations.filter(participant__in=Participant.objects.search(query))
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "event": event,
        "page": page,
        "query": params.urlencode(),
        "filter_form": RegisterByFilterForm(prefix="reg"),
        "opds": Opd.objects.filter(participants__registrations__event=event).distinct(),
    }
    return render(request, "sessions_app/registration_list.html", context)


@require_perms("sessions_app.add_registration")
def register_by_filter(request, code: str):
    event = get_event(code)
    form = RegisterByFilterForm(request.POST or None, prefix="reg")
    if request.method != "POST" or not form.is_valid():
        return redirect("sessions_app:registrations", code=event.code)
    participants = form.apply(Participant.objects.all())
    try:
        added = event_register(event=event, participants=participants, actor=request.user)
    except ScheduleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d peserta didaftarkan.") % {"count": added})
    return redirect("sessions_app:registrations", code=event.code)


@require_perms("sessions_app.view_registration")
def registration_detail(request, code: str, pk: int):
    event = get_event(code)
    registration = get_registration(event, pk)
    placement = getattr(registration, "placement", None)
    days = event_days(event)
    current = [
        day.isoformat() for day in registration.unavailable_dates.values_list("date", flat=True)
    ]
    move_form = MoveForm(event=event, prefix="move")
    dates_form = UnavailabilityForm(initial={"dates": current}, days=days, prefix="dates")
    can_change = request.user.has_perm("sessions_app.change_placement")
    if request.method == "POST" and can_change:
        try:
            if "pin" in request.POST and placement is not None:
                placement_pin(
                    placement=placement, pinned=request.POST["pin"] == "1", actor=request.user
                )
                messages.success(request, _("Penempatan diperbarui."))
                return redirect(request.path)
            if "move-session" in request.POST:
                move_form = MoveForm(request.POST, event=event, prefix="move")
                if move_form.is_valid():
                    placement_move(
                        registration=registration,
                        session=move_form.cleaned_data["session"],
                        reason=move_form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    messages.success(request, _("Jadwal peserta dipindah."))
                    return redirect(request.path)
            else:
                dates_form = UnavailabilityForm(request.POST, days=days, prefix="dates")
                if dates_form.is_valid():
                    chosen = [
                        day for day in days if day.isoformat() in dates_form.cleaned_data["dates"]
                    ]
                    unavailability_set(
                        registration=registration,
                        dates=chosen,
                        actor=request.user,
                        source=dates_form.cleaned_data["source"],
                        note=dates_form.cleaned_data["note"],
                    )
                    messages.success(request, _("Tanggal tidak bisa hadir disimpan."))
                    return redirect(request.path)
        except ScheduleError as error:
            messages.error(request, error.message)
    marks = AttendanceMark.objects.filter(attendance__registration=registration).select_related(
        "attendance__session", "marked_by", "workstation"
    )
    context = {
        "event": event,
        "registration": registration,
        "placement": placement,
        "marks": marks,
        "move_form": move_form,
        "dates_form": dates_form,
        "can_change": can_change,
    }
    return render(request, "sessions_app/registration_detail.html", context)
