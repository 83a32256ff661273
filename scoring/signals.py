"""What scoring tells the apps above it, which scoring may not import.

`run_published` is sent once the transaction that published a score run has committed, with
`run` and `actor`. The messaging app listens and queues the OPD contacts' results notes.
"""

from django.db import transaction
from django.dispatch import Signal

run_published = Signal()


def announce_published(*, run, actor) -> None:
    """Send run_published after the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: run_published.send(sender=None, run=run, actor=actor))
