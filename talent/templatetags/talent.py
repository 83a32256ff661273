"""`{% assessment_history participant %}`: the participant page's assessment history, drawn
by talent so that participants need not import the apps above it."""

from django import template

from talent.history import history

register = template.Library()


@register.inclusion_tag("talent/_history.html", takes_context=True)
def assessment_history(context, participant) -> dict:
    """The section for users who may see results; the page has checked the scope already."""
    user = context["request"].user
    if not user.has_perm("scoring.view_participantresult"):
        return {"shown": False}
    return {"shown": True, "history": history(participant), "perms": context.get("perms")}
