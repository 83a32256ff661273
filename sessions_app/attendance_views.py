"""The proctor's pages (mark, close) and the operator's attendance pages."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from sessions_app.cards import registration_id_from_code
from sessions_app.forms import MarkForm
from sessions_app.models import AttendanceStatus, Registration, Session, Workstation
from sessions_app.proctor_agenda import proctor_agenda
from sessions_app.roster_tokens import registration_id_from_roster_token
from sessions_app.selectors import attendance_counts, session_roster
from sessions_app.services import ScheduleError
from sessions_app.services.attendance import (
    ARRIVED,
    NOT_ON_ROSTER,
    MarkVia,
    attendance_mark,
    mark_target_problem,
    marking_refusal,
    session_close,
    session_reopen,
)

MARK_PERMS = ("sessions_app.add_attendance",)
STATIC = settings.BASE_DIR / "static"


def _get_session_for_proctor(request, pk: int) -> Session:
    """A session the user proctors, or any session for operators; 403 otherwise."""
    session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
    if request.user.has_perm("sessions_app.change_attendance"):
        return session
    if not session.proctors.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return session


@require_perms("sessions_app.view_attendance")
def my_sessions(request):
    agenda = proctor_agenda(request.user)
    # The next sessions first, then the ones done, latest first.
    context = {"today": agenda.today, "other": agenda.upcoming + agenda.earlier}
    return render(request, "sessions_app/proctor_home.html", context)


@require_perms("sessions_app.view_attendance")
def proctor_session(request, pk: int):
    session = _get_session_for_proctor(request, pk)
    # The page's script shows these words (an unsent arrival, then the server's answer).
    labels = dict(MarkForm.base_fields["status"].choices)
    context = {"labels": labels, **_roster_context(request, session)}
    return render(request, "sessions_app/proctor_session.html", context)


@require_perms("sessions_app.view_attendance")
def proctor_roster(request, pk: int):
    """The list and counts alone, polled by the page (htmx) to show other proctors' marks."""
    session = _get_session_for_proctor(request, pk)
    return render(request, "sessions_app/_roster.html", _roster_context(request, session))


def _roster_context(request, session: Session) -> dict:
    # The refusal travels with the list, so a session closed by another proctor locks the
    # buttons of every open page at its next refresh.
    rows = session_roster(session)
    operator = request.user.has_perm("sessions_app.change_attendance")
    needs_reason = operator and session.date != timezone.localdate()
    return {
        "needs_reason": needs_reason,
        # What a scan, Hadir or Kursi lain sends: an arrival, which the server turns into
        # Hadir or Terlambat by the time it was made; but an operator's correction after the
        # session's day is Hadir as said, since the time of a correction tells nothing.
        "arrival": AttendanceStatus.PRESENT if needs_reason else ARRIVED,
        "arrived": ARRIVED,
        "session": session,
        "refusal": marking_refusal(request.user, session),
        "rows": rows,
        "counts": attendance_counts(rows),
    }


@require_POST
@require_perms(*MARK_PERMS)
def mark(request, pk: int):
    """One mark, as JSON: from a tap, a typed search, a hand scanner or the camera."""
    session = _get_session_for_proctor(request, pk)
    # Past _get_session_for_proctor, a user who is not an operator is this session's proctor.
    refusal = marking_refusal(request.user, session, is_proctor=True)
    if refusal:
        return JsonResponse({"error": refusal}, status=403)
    form = MarkForm.from_body(request.body, session=session)
    if not form.is_valid():
        return JsonResponse({"error": form.first_error()}, status=400)
    data = form.cleaned_data
    registration, via = _registration_from(data, session)
    if registration is None:
        unknown = (
            _("Kode kartu tidak dikenal atau bukan untuk kegiatan ini.")
            if via == MarkVia.CARD
            else NOT_ON_ROSTER
        )
        return JsonResponse({"error": unknown}, status=404)
    problem = mark_target_problem(session, registration, via=via, confirmed=data["confirm_moved"])
    if problem is not None:
        payload = {"error": problem.message}
        if problem.status == 409:
            payload.update(moved=problem.moved, elsewhere=True)
        return JsonResponse(payload, status=problem.status)
    seat = None
    if data["seat"]:
        seat = Workstation.objects.filter(
            lab__events=session.event_id, label__iexact=data["seat"]
        ).first()
        if seat is None:
            message = _("Kursi %(seat)s tidak ada di lab kegiatan ini.") % {"seat": data["seat"]}
            return JsonResponse({"error": message}, status=400)
    try:
        result = attendance_mark(
            session=session,
            registration=registration,
            status=data["status"],
            client_id=data["client_id"],
            marked_at=data["marked_at"],
            actor=request.user,
            device=request.headers.get("X-Device", "")[:120],
            replayed=data["replayed"],
            reason=data["reason"],
            workstation=seat,
        )
    except ScheduleError as error:
        return JsonResponse({"error": error.message}, status=400)
    attendance = result.attendance
    # The status the server decided (an arrival becomes Hadir or Terlambat): the page shows it.
    return JsonResponse(
        {
            "registration": registration.pk,
            "name": registration.participant.name,
            "status": attendance.status,
            "status_label": attendance.get_status_display(),
            "duplicate": result.duplicate,
        }
    )


def _registration_from(data: dict, session: Session) -> tuple[Registration | None, MarkVia]:
    """The person a mark names, and how it named them (the rules differ)."""
    if data["code"]:
        via, reg_id = MarkVia.CARD, registration_id_from_code(data["code"])
    elif data["token"]:
        via = MarkVia.ROSTER
        reg_id = registration_id_from_roster_token(data["token"], session.pk)
    else:
        via, reg_id = MarkVia.ID, data["registration"]
    if not str(reg_id or "").isdigit():
        return None, via
    registration = (
        Registration.objects.filter(pk=int(reg_id), event_id=session.event_id)
        .select_related("participant")
        .first()
    )
    return registration, via


@require_POST
@require_perms(*MARK_PERMS)
def close(request, pk: int):
    session = _get_session_for_proctor(request, pk)
    refusal = marking_refusal(request.user, session)
    if refusal:
        messages.error(request, refusal)
    else:
        absent = session_close(session=session, actor=request.user)
        messages.success(
            request, _("Sesi ditutup; %(count)d peserta dicatat tidak hadir.") % {"count": absent}
        )
    return redirect("sessions_app:proctor_session", pk=session.pk)


def service_worker(request):
    """The proctor pages' service worker, served under their path so that it controls them.
    Its cache is named after the content of the worker and the assets the page uses: a
    deploy that changes any of them installs a new worker, which drops the old copies."""
    script = (STATIC / "js" / "proctor-sw.js").read_text(encoding="utf-8")
    script = script.replace("__CACHE_VERSION__", _offline_version(script))
    response = HttpResponse(script, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# Every file the proctor page loads; the page lists each in its own tag, which the worker
# keeps (the version below changes with any of them).
OFFLINE_ASSETS = (
    "css/app.css",
    *sorted(path.relative_to(STATIC).as_posix() for path in (STATIC / "js/proctor").glob("*.js")),
    "js/proctor.js",
    "js/signout.js",
    "vendor/htmx.min.js",
    "vendor/jsQR.js",
)


def _offline_version(script: str) -> str:
    digest = hashlib.sha256(script.encode())
    for name in OFFLINE_ASSETS:
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:12]


@require_POST
@require_perms("sessions_app.change_attendance")
def reopen(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    session_reopen(session=session, actor=request.user)
    messages.success(request, _("Sesi dibuka kembali untuk pengawas."))
    return redirect("sessions_app:proctor_session", pk=session.pk)
