from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Pesan"

    def ready(self) -> None:
        # The send task is sent by name (messaging.services); registered here, so that
        # in-process (eager) Celery finds it in the web process too.
        from messaging import tasks  # noqa: F401
        from messaging.notices import on_placements_changed
        from sessions_app.signals import placements_changed

        placements_changed.connect(on_placements_changed, dispatch_uid="messaging.notices")
