"""The home page, in the project layer because it reads every app: today's sessions, the
events with published results, the participants in scope and the recent imports. The apps
below stay unaware of one another's pages (tests/test_import_direction.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.roles import user_roles
from core.models import ImportBatch
from participants.models import Opd, Participant
from participants.scope import scoped_opd_ids
from scoring.models import ScoreRun
from sessions_app.models import Event
from sessions_app.proctor_agenda import proctor_agenda


@login_required
def home(request):
    """Each role lands where its work is: a proctor in today's session, a manager next to
    the dashboards, an operator by the participants and imports."""
    user = request.user
    context = {"roles": user_roles(user)}
    if user.has_perm("sessions_app.view_attendance"):
        agenda = proctor_agenda(user)
        # Proctoring is the whole job of a proctor; an operator who also proctors keeps
        # the home page for the rest of theirs.
        if len(agenda.today) == 1 and not user.has_perm("sessions_app.view_event"):
            return redirect("sessions_app:proctor_session", pk=agenda.today[0].pk)
        if not agenda.empty or not user.has_perm("sessions_app.view_event"):
            context["agenda"] = agenda
    if user.has_perm("scoring.view_participantresult"):
        context["published_events"] = _events_with_published_results()
    if user.has_perm("participants.view_participant"):
        scope = scoped_opd_ids(user)
        opds = Opd.objects.visible_to_opds(scope)
        context["participant_count"] = Participant.objects.visible_to_opds(scope).count()
        context["opd_count"] = len(scope) if scope is not None else opds.count()
        context["scoped_opds"] = None if scope is None else opds
    if user.has_perm("participants.add_participant"):
        context["recent_imports"] = ImportBatch.objects.select_related("created_by")[:5]
    return render(request, "accounts/home.html", context)


def _events_with_published_results() -> list[Event]:
    published = ScoreRun.objects.filter(published_at__isnull=False).values("event_id")
    return list(Event.objects.filter(pk__in=published).order_by("-start_date", "code"))
