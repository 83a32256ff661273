from typing import Any

from django.db import models

from audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


def audit_entry(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_repr: str = "",
    changes: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """One entry of the trail, unsaved (a service writing many saves them together with
    AuditEntry.objects.bulk_create). `actor_name` names an actor that is not a user account
    (an outside system calling the API); without it, the user's name or "sistem"."""
    if target is not None:
        target_type = target._meta.label_lower
        target_repr = str(target)[:255]
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry(
        actor=user,
        actor_name=actor_name or (user.get_username() if user else "sistem"),
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_repr=target_repr,
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def audit_record(**kwargs: Any) -> AuditEntry:
    """Write one entry: who (`actor`) did what (`action`) to which record (`target`, or
    `target_type` and `target_repr`), with `changes`."""
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def form_changes(form) -> dict[str, Any]:
    """The fields a validated ModelForm changes, as {field: [before, after]}."""
    changes = {}
    for name in form.changed_data:
        before = form.initial.get(name)
        queryset = getattr(form.fields[name], "queryset", None)
        if queryset is not None and isinstance(before, list):
            # A many-to-many field's initial value is the list of what it named.
            before = [str(item) for item in before]
        elif queryset is not None and before is not None:
            # The initial value of a foreign key is its id; show what it named.
            before = queryset.filter(pk=before).first()
        after = form.cleaned_data.get(name)
        if isinstance(after, models.QuerySet):
            after = [str(item) for item in after]
        changes[name] = [_jsonable(before), _jsonable(after)]
    return changes


def save_form_with_audit(form, *, actor):
    """Save a valid ModelForm and record what it created or changed."""
    adding = form.instance._state.adding
    changes = form_changes(form)
    instance = form.save()
    if adding or changes:
        action = AuditEntry.Action.CREATE if adding else AuditEntry.Action.UPDATE
        audit_record(actor=actor, action=action, target=instance, changes=changes)
    return instance
