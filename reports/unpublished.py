"""Result pages of an event whose results are not published yet: a page that says so."""

from collections.abc import Callable
from functools import wraps

from django.shortcuts import render

from sessions_app.models import Event


class NotPublished(Exception):
    """The event has no published score run; its result pages cannot show anything yet."""

    def __init__(self, event: Event) -> None:
        super().__init__(event.code)
        self.event = event


def explains_unpublished(view: Callable) -> Callable:
    """A view that raises NotPublished answers with the "belum terbit" page (200): the
    event exists and the address is right, its results are simply not out yet."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotPublished as missing:
            context = {"event": missing.event}
            return render(request, "reports/not_published.html", context)

    return wrapped
