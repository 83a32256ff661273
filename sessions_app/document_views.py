"""What the office prints or sends: seating lists, attendance sheets, cards, letters."""

import io

from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import require_perms
from participants.models import Opd
from sessions_app.access import get_event, get_session
from sessions_app.cards import card_code
from sessions_app.documents import (
    SeatRow,
    SessionSheet,
    attendance_pdf,
    opd_letters_workbook,
    qr_svg,
    schedule_workbook,
)
from sessions_app.models import Placement
from sessions_app.schedule_rows import schedule_rows

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


@require_perms(*DOC_PERMS)
def session_attendance_pdf(request, code: str, pk: int):
    event = get_event(code)
    session = get_session(event, pk)
    filename = f"daftar-hadir-{event.code}-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf"
    return _file(attendance_pdf(_sheet(event, session)), "application/pdf", filename)


@require_perms(*DOC_PERMS)
def cards(request, code: str):
    """Printable participant cards of one OPD or one session, each with its QR code."""
    event = get_event(code)
    placements = Placement.objects.filter(session__event=event).select_related(
        "registration__participant__opd", "session", "workstation__lab"
    )
    opd, session = request.GET.get("opd", ""), request.GET.get("sesi", "")
    if opd.isdigit():
        placements = placements.filter(registration__participant__opd_id=opd)
    if session.isdigit():
        placements = placements.filter(session_id=session)
    if not (opd.isdigit() or session.isdigit()):
        placements = placements.none()
    cards = [
        {"placement": p, "qr": qr_svg(card_code(p.registration_id))}
        for p in placements.order_by("session__date", "session__start_time", "workstation__label")
    ]
    context = {
        "event": event,
        "cards": cards,
        "venue": _venue(event),
        "opds": Opd.objects.filter(participants__registrations__event=event).distinct(),
        "sessions": event.sessions.all(),
        "opd_id": opd,
        "session_id": session,
    }
    return render(request, "sessions_app/cards.html", context)


@require_perms(*DOC_PERMS)
def opd_letters(request, code: str):
    event = get_event(code)
    opd = request.GET.get("opd", "")
    opd_ids = {int(opd)} if opd.isdigit() else None
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
