"""Who may see which score run: a draft only those who run the scoring, a published run
everyone who may read results."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from scoring.models import ScoreRun
from sessions_app.models import Event


def may_see_drafts(user) -> bool:
    return user.has_perm("scoring.view_scorerun")


def get_run(user, event: Event, number: int) -> ScoreRun:
    """The event's run `number`; 404 for a draft the user may not see."""
    run = get_object_or_404(ScoreRun, event=event, number=number)
    if run.published_at is None and not may_see_drafts(user):
        raise Http404
    return run
