"""What the office prints or sends: seating lists, attendance sheets, cards, letters."""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import require_perms
from core.params import int_param
from sessions_app.access import get_event, get_session
from sessions_app.attendance_views import _get_session_for_proctor as get_session_for_proctor
from sessions_app.card_pdf import Card, cards_pdf, qr_svg
from sessions_app.cards import card_code
from sessions_app.documents import (
    SeatRow,
    SessionSheet,
    attendance_pdf,
    opd_letters_workbook,
    schedule_workbook,
)
from sessions_app.models import Placement, Workstation
from sessions_app.schedule_rows import schedule_rows
from sessions_app.seating_pdf import LabMap, MapSeat, SeatStatus, seating_pdf
from sessions_app.selectors import opds_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC_PERMS = ("sessions_app.view_placement",)


def _venue(event) -> str:
    return ", ".join(sorted({lab.venue.name for lab in event.labs.select_related("venue")}))


def _sheet(event, session) -> SessionSheet:
    placements = (
        Placement.objects.filter(session=session)
        .select_related(
            "registration__participant__opd", "registration__participant__upt", "workstation__lab"
        )
        .order_by("workstation__lab__name", "workstation__label")
    )
    rows = [
        SeatRow(
            seat=p.workstation.label,
            room=p.workstation.lab.name,
            nip=p.registration.participant.nip,
            name=p.registration.participant.name,
            opd=p.registration.participant.opd.name,
            upt=p.registration.participant.upt.name if p.registration.participant.upt else "",
            position=p.registration.participant.position_title,
        )
        for p in placements
    ]
    return SessionSheet(
        event_name=event.name,
        venue=_venue(event),
        session_label=session.name or "Sesi",
        day=session.date,
        start=session.start_time,
        end=session.end_time,
        rows=rows,
    )


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_perms(*DOC_PERMS)
def session_print(request, code: str, pk: int):
    event = get_event(code)
    session = get_session(event, pk)
    kind = "attendance" if request.GET.get("jenis") == "hadir" else "seating"
    context = {"event": event, "session": session, "sheet": _sheet(event, session), "kind": kind}
    return render(request, "sessions_app/session_print.html", context)


def _lab_maps(event, session) -> list[LabMap]:
    """Every workstation of the event's labs, with who sits there in this session."""
    taken = dict(
        Placement.objects.filter(session=session).values_list(
            "workstation_id", "registration__participant__name"
        )
    )
    seats: dict[str, list[MapSeat]] = {}
    for seat in Workstation.objects.filter(lab__events=event).select_related("lab"):
        entry = MapSeat(seat.label, SeatStatus(seat.status), taken.get(seat.pk, ""))
        seats.setdefault(seat.lab.name, []).append(entry)
    return [LabMap(room, entries) for room, entries in sorted(seats.items())]


def _attendance_file(event, session) -> HttpResponse:
    filename = f"daftar-hadir-{event.code}-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf"
    return _file(attendance_pdf(_sheet(event, session)), "application/pdf", filename)


def _seating_file(event, session) -> HttpResponse:
    content = seating_pdf(_sheet(event, session), _lab_maps(event, session))
    filename = f"denah-kursi-{event.code}-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf"
    return _file(content, "application/pdf", filename)


@require_perms(*DOC_PERMS)
def session_attendance_pdf(request, code: str, pk: int):
    event = get_event(code)
    return _attendance_file(event, get_session(event, pk))


@require_perms(*DOC_PERMS)
def session_seating_pdf(request, code: str, pk: int):
    event = get_event(code)
    return _seating_file(event, get_session(event, pk))


@require_perms("sessions_app.view_attendance")
def proctor_attendance_pdf(request, pk: int):
    """The attendance sheet of a session the proctor keeps (any session for operators)."""
    session = get_session_for_proctor(request, pk)
    return _attendance_file(session.event, session)


@require_perms("sessions_app.view_attendance")
def proctor_seating_pdf(request, pk: int):
    session = get_session_for_proctor(request, pk)
    return _seating_file(session.event, session)


def _card_placements(request, event):
    """The placements of the OPD or session chosen in ?opd= or ?sesi=; none without a choice."""
    placements = Placement.objects.filter(session__event=event).select_related(
        "registration__participant__opd", "session", "workstation__lab__venue"
    )
    opd, session = int_param(request, "opd"), int_param(request, "sesi")
    if opd is not None:
        placements = placements.filter(registration__participant__opd_id=opd)
    if session is not None:
        placements = placements.filter(session_id=session)
    if opd is None and session is None:
        placements = placements.none()
    return placements.order_by(
        "session__date", "session__start_time", "workstation__lab__name", "workstation__label"
    )


@require_perms(*DOC_PERMS)
def cards(request, code: str):
    """Printable participant cards of one OPD or one session, each with its QR code."""
    event = get_event(code)
    cards = [
        {"placement": p, "qr": qr_svg(card_code(p.registration_id))}
        for p in _card_placements(request, event)
    ]
    context = {
        "event": event,
        "cards": cards,
        "opds": opds_of(event),
        "sessions": event.sessions.all(),
        "opd_id": str(int_param(request, "opd") or ""),
        "session_id": str(int_param(request, "sesi") or ""),
        "query": request.GET.urlencode(),
    }
    return render(request, "sessions_app/cards.html", context)


@require_perms(*DOC_PERMS)
def cards_file(request, code: str):
    """The same cards as an A4 PDF, eight a sheet with cut lines."""
    event = get_event(code)
    if int_param(request, "opd") is None and int_param(request, "sesi") is None:
        message = _("Pilih OPD atau sesi untuk mengunduh kartunya.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    cards = [
        Card(
            code=card_code(p.registration_id),
            event_name=event.name,
            name=p.registration.participant.name,
            nip=p.registration.participant.nip,
            opd=p.registration.participant.opd.name,
            session_label=p.session.name or "Sesi",
            day=p.session.date,
            start=p.session.start_time,
            end=p.session.end_time,
            venue=p.workstation.lab.venue.name,
            room=p.workstation.lab.name,
            seat=p.workstation.label,
        )
        for p in _card_placements(request, event)
    ]
    return _file(cards_pdf(cards), "application/pdf", f"kartu-peserta-{event.code}.pdf")


@require_perms(*DOC_PERMS)
def opd_letters(request, code: str):
    event = get_event(code)
    opd = int_param(request, "opd")
    opd_ids = {opd} if opd is not None else None
    by_opd: dict[str, list] = {}
    for row in schedule_rows(event, opd_ids=opd_ids):
        by_opd.setdefault(row.opd, []).append(row)
    buffer = io.BytesIO()
    opd_letters_workbook(event.name, _venue(event), dict(sorted(by_opd.items())), buffer)
    return _file(buffer.getvalue(), XLSX, f"jadwal-per-opd-{event.code}.xlsx")


@require_perms(*DOC_PERMS)
def schedule_export(request, code: str):
    event = get_event(code)
    buffer = io.BytesIO()
    schedule_workbook(schedule_rows(event), buffer)
    return _file(buffer.getvalue(), XLSX, f"jadwal-{event.code}.xlsx")
