from django.shortcuts import get_object_or_404

from sessions_app.models import Event, Registration, Session


def get_event(code: str) -> Event:
    return get_object_or_404(Event, code=code)


def get_session(event: Event, pk: int) -> Session:
    return get_object_or_404(Session, event=event, pk=pk)


def get_registration(event: Event, pk: int) -> Registration:
    queryset = Registration.objects.select_related("participant__opd", "participant__upt")
    return get_object_or_404(queryset, event=event, pk=pk)
