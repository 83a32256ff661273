"""Events, their sessions and their registered participants."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perms
from audit.services import save_form_with_audit
from core.params import int_param, text_param
from participants.models import Participant
from sessions_app.access import get_event, get_registration, get_session
from sessions_app.forms import (
    EventForm,
    MoveForm,
    RegisterByFilterForm,
    SessionForm,
    UnavailabilityForm,
)
from sessions_app.models import AttendanceMark, Event, Registration
from sessions_app.selectors import days_with_sessions, opds_of, session_counts
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
        "opds": opds_of(event),
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
        "opds": opds_of(event),
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


@require_GET
@require_perms("sessions_app.view_registration")
def registration_detail(request, code: str, pk: int):
    event = get_event(code)
    return _registration_page(request, event, get_registration(event, pk))


# The page's three forms, one endpoint each: pin, move, the days one cannot come.
CHANGE_REGISTRATION = ("sessions_app.view_registration", "sessions_app.change_placement")


@require_POST
@require_perms(*CHANGE_REGISTRATION)
def registration_pin(request, code: str, pk: int):
    event = get_event(code)
    registration = get_registration(event, pk)
    placement = getattr(registration, "placement", None)
    if placement is None:
        messages.error(request, _("Peserta ini belum terjadwal."))
    else:
        pinned = request.POST.get("pin") == "1"
        placement_pin(placement=placement, pinned=pinned, actor=request.user)
        messages.success(request, _("Penempatan diperbarui."))
    return redirect("sessions_app:registration", code=event.code, pk=registration.pk)


@require_POST
@require_perms(*CHANGE_REGISTRATION)
def registration_move(request, code: str, pk: int):
    event = get_event(code)
    registration = get_registration(event, pk)
    form = MoveForm(request.POST, event=event, prefix="move")
    if not form.is_valid():
        return _registration_page(request, event, registration, move_form=form)
    try:
        placement_move(
            registration=registration,
            session=form.cleaned_data["session"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ScheduleError as error:
        messages.error(request, error.message)
        return _registration_page(request, event, registration, move_form=form)
    messages.success(request, _("Jadwal peserta dipindah."))
    return redirect("sessions_app:registration", code=event.code, pk=registration.pk)


@require_POST
@require_perms(*CHANGE_REGISTRATION)
def registration_unavailability(request, code: str, pk: int):
    event = get_event(code)
    registration = get_registration(event, pk)
    days = event_days(event)
    form = UnavailabilityForm(request.POST, days=days, prefix="dates")
    if not form.is_valid():
        return _registration_page(request, event, registration, dates_form=form)
    try:
        unavailability_set(
            registration=registration,
            dates=[day for day in days if day.isoformat() in form.cleaned_data["dates"]],
            actor=request.user,
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
        )
    except ScheduleError as error:
        messages.error(request, error.message)
        return _registration_page(request, event, registration, dates_form=form)
    messages.success(request, _("Tanggal tidak bisa hadir disimpan."))
    return redirect("sessions_app:registration", code=event.code, pk=registration.pk)


def _registration_page(request, event, registration, *, move_form=None, dates_form=None):
    """The registration's page, with the form just sent and its errors when there is one."""
    if dates_form is None:
        current = registration.unavailable_dates.values_list("date", flat=True)
        dates_form = UnavailabilityForm(
            initial={"dates": [day.isoformat() for day in current]},
            days=event_days(event),
            prefix="dates",
        )
    marks = AttendanceMark.objects.filter(attendance__registration=registration).select_related(
        "attendance__session", "marked_by", "workstation"
    )
    context = {
        "event": event,
        "registration": registration,
        "placement": getattr(registration, "placement", None),
        "marks": marks,
        "move_form": move_form or MoveForm(event=event, prefix="move"),
        "dates_form": dates_form,
        "can_change": request.user.has_perm("sessions_app.change_placement"),
    }
    return render(request, "sessions_app/registration_detail.html", context)
