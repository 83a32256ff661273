"""What the schedule tells the apps above it, which sessions_app may not import.

`placements_changed` is sent once the transaction that placed or moved people has committed,
with `registration_ids` (the people whose session or seat is new), `kind` ("schedule" for
the scheduler and manual moves, "reschedule" for a no-show moved to a later day) and
`actor`. The messaging app listens and queues the notices.
"""

from django.db import transaction
from django.dispatch import Signal

placements_changed = Signal()


def announce_placements(*, registration_ids, kind: str, actor) -> None:
    """Send placements_changed after the current transaction commits (never if it rolls back)."""
    ids = sorted(set(registration_ids))
    if ids:
        transaction.on_commit(
            lambda: placements_changed.send(
                sender=None, registration_ids=ids, kind=kind, actor=actor
            )
        )
