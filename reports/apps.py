from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Hasil dan laporan"

    def ready(self) -> None:
        # The recap task is sent by name (reports.recap_exports); registered here, so that
        # in-process (eager) Celery finds it in the web process too.
        from reports import tasks  # noqa: F401
