"""The proctor's pages (mark, close) and the operator's attendance pages."""

import hashlib
import json
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_perms
from core.db import fetch_objects
from sessions_app.forms import MarkForm
from sessions_app.mark_intake import BATCH_MAX, marks_receive
from sessions_app.models import AttendanceStatus, Session
from sessions_app.proctor_agenda import proctor_agenda
from sessions_app.selectors import attendance_counts, session_roster
from sessions_app.services.attendance import (
    ARRIVED,
    marking_refusal,
    session_close,
    session_reopen,
)

MARK_PERMS = ("sessions_app.add_attendance",)
STATIC = settings.BASE_DIR / "static"


def _get_session_for_proctor(request, pk: int) -> Session:
    """A session the user proctors, or any session for operators; 403 otherwise."""
    sessions = Session.objects.select_related("event")
    if request.user.has_perm("sessions_app.change_attendance"):
        return get_object_or_404(sessions, pk=pk)
    # The assignment read with the session, in one query (the marks use _session_to_mark).
    assigned = Session.proctors.through.objects.filter(session=OuterRef("pk"), user=request.user)
    session = get_object_or_404(sessions.annotate(assigned=Exists(assigned)), pk=pk)
    if not session.assigned:
        raise PermissionDenied
    return session


def _session_to_mark(request, pk: int) -> Session:
    """_get_session_for_proctor for the two mark endpoints, which need only the event's id,
    in SQL written out: every live scan passes here, and the ORM took 3 ms of CPU to compile
    the query with its EXISTS against a few tenths of a millisecond to run it."""
    proctors = Session.proctors.through._meta.db_table
    assigned = f"EXISTS (SELECT 1 FROM {proctors} WHERE session_id = s.id AND user_id = %s)"  # noqa: S608
    found = fetch_objects(
        Session, "s", f"FROM {Session._meta.db_table} s WHERE s.id = %s",
        [request.user.pk, pk], extra=[("assigned", assigned)],
    )  # fmt: skip
    if not found:
        raise Http404
    session = found[0]
    if not (session.assigned or request.user.has_perm("sessions_app.change_attendance")):
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
    # What a scan, Hadir or Kursi lain sends: an arrival, which the server turns into Hadir
    # or Terlambat by the time it was made; but an operator's correction after the session's
    # day is Hadir as said, since the time of a correction tells nothing.
    arrival = AttendanceStatus.PRESENT if needs_reason else ARRIVED
    refusal = marking_refusal(request.user, session)
    return {
        "needs_reason": needs_reason,
        "arrival": arrival,
        "arrived": ARRIVED,
        "session": session,
        "refusal": refusal,
        "rows": rows,
        "counts": attendance_counts(rows),
        # Every row's buttons are the same: rendered once, not 400 times on a full lab.
        "actions": render_to_string(
            "sessions_app/_roster_actions.html", {"arrival": arrival, "refusal": refusal}
        ),
    }


@require_POST
@require_perms(*MARK_PERMS)
def mark(request, pk: int):
    """One mark, as JSON: from a tap, a typed search, a hand scanner or the camera."""
    session = _session_to_mark(request, pk)
    # Past _session_to_mark, a user who is not an operator is this session's proctor.
    refusal = marking_refusal(request.user, session, is_proctor=True)
    if refusal:
        return JsonResponse({"error": refusal}, status=403)
    (answer,) = marks_receive(
        session=session, payloads=[_json_body(request)], actor=request.user, device=_device(request)
    )
    # The status the server decided (an arrival becomes Hadir or Terlambat): the page shows it.
    return JsonResponse(answer.single_json(), status=answer.http_status)


@require_POST
@require_perms(*MARK_PERMS)
def mark_batch(request, pk: int):
    """A device's queue at once, as JSON {"marks": [...]}: an answer for each mark, in order,
    each as the one-mark endpoint would have decided it."""
    session = _session_to_mark(request, pk)
    refusal = marking_refusal(request.user, session, is_proctor=True)
    if refusal:
        return JsonResponse({"error": refusal}, status=403)
    body = _json_body(request)
    marks = body.get("marks") if isinstance(body, dict) else None
    if not isinstance(marks, list) or not marks:
        return JsonResponse({"error": _("Data penandaan tidak lengkap.")}, status=400)
    if len(marks) > BATCH_MAX:
        message = _("Paling banyak %(max)d penandaan sekali kirim.") % {"max": BATCH_MAX}
        return JsonResponse({"error": message}, status=400)
    answers = marks_receive(
        session=session, payloads=marks, actor=request.user, device=_device(request)
    )
    counts = Counter(answer.outcome.value for answer in answers)
    return JsonResponse(
        {"results": [answer.batch_json() for answer in answers], "counts": dict(counts)}
    )


def _json_body(request):
    try:
        return json.loads(request.body)
    except ValueError:
        return None


def _device(request) -> str:
    return request.headers.get("X-Device", "")[:120]


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
