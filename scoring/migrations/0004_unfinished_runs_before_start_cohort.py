"""A run's start now records the cohort's ES figures and its chunks write the T-scores;
before, the final step wrote them into every row. A run unfinished when this version comes
has chunks stored without T-scores and no figures for the rest: it is stopped, with a
message, and the operator starts it again (a run of 100,000 takes seconds)."""

from django.db import migrations
from django.utils import timezone

STOPPED = "Dihentikan karena aplikasi diperbarui selama proses berjalan; jalankan penilaian baru."


def stop_unfinished(apps, schema_editor):
    ScoreRun = apps.get_model("scoring", "ScoreRun")
    ScoreRun.objects.filter(status__in=["queued", "running"]).update(
        status="failed", error=STOPPED, finished_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_es_norms")]

    operations = [migrations.RunPython(stop_unfinished, migrations.RunPython.noop)]
