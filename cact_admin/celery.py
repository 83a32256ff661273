import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cact_admin.settings")

app = Celery("cact_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
