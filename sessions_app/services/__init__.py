"""Writes to events, registrations and placements. Views and commands call these."""

from django.core.exceptions import ValidationError


class ScheduleError(ValidationError):
    """A change refused with an Indonesian message for the operator."""
