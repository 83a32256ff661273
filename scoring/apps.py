from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Penilaian"

    def ready(self) -> None:
        # The tasks are sent by name (scoring.runs.pipeline); registered here, so that in-process
        # (eager) Celery finds them in the web process too.
        from scoring import tasks  # noqa: F401
