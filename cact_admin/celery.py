import logging
import os

from celery import Celery, bootsteps
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cact_admin.settings")

log = logging.getLogger(__name__)

app = Celery("cact_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class ResumeUnfinishedWork(bootsteps.StartStopStep):
    """Each time a worker connects to the broker (at start, and again after Redis was away)
    it sends unfinished work again: the tasks queued before an outage may be gone with
    Redis' memory. Sending again is safe: work done is skipped
    (scoring.runs.pipeline.dispatch)."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer) -> None:
        from django.conf import settings
        from django.utils.module_loading import import_string

        for path in settings.RESUME_ON_WORKER_CONNECT:
            try:
                import_string(path)()
            except Exception:  # noqa: BLE001 - the worker serves its queue all the same
                log.exception("unfinished work not resumed (%s)", path)


app.steps["consumer"].add(ResumeUnfinishedWork)


@setup_logging.connect
def use_the_sites_logging(loglevel=None, **kwargs) -> None:
    """The worker's log lines go through the site's handler, which masks NIPs and phone
    numbers (cact_admin/logs.py), instead of the handlers Celery would set up; the level is
    the worker's --loglevel."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
