"""The scoring side's models move to the `scoring` app (scoring/migrations/0001_initial.py
takes them over with their tables); here they leave the reports app's state only, so no
table is dropped and no row moves. The recap's run is a scoring.ScoreRun from now on."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_recap_export"),
        ("scoring", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="recapexport",
                    name="run",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recaps",
                        to="scoring.scorerun",
                    ),
                ),
                migrations.RemoveField(
                    model_name="answersheet",
                    name="instrument",
                ),
                migrations.RemoveField(
                    model_name="answersheet",
                    name="registration",
                ),
                migrations.RemoveField(
                    model_name="instrument",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="instrument",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="scorerun",
                    name="instrument",
                ),
                migrations.RemoveField(
                    model_name="instrumentitem",
                    name="instrument",
                ),
                migrations.RemoveField(
                    model_name="participantresult",
                    name="registration",
                ),
                migrations.RemoveField(
                    model_name="participantresult",
                    name="run",
                ),
                migrations.RemoveField(
                    model_name="prescoredresult",
                    name="registration",
                ),
                migrations.RemoveField(
                    model_name="scorerun",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="scorerun",
                    name="published_by",
                ),
                migrations.RemoveField(
                    model_name="scorerun",
                    name="started_by",
                ),
                migrations.RemoveField(
                    model_name="scorerunchunk",
                    name="run",
                ),
                migrations.RemoveField(
                    model_name="scoringsettings",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="skprating",
                    name="participant",
                ),
                migrations.DeleteModel(
                    name="AnswerSheet",
                ),
                migrations.DeleteModel(
                    name="Instrument",
                ),
                migrations.DeleteModel(
                    name="InstrumentItem",
                ),
                migrations.DeleteModel(
                    name="ParticipantResult",
                ),
                migrations.DeleteModel(
                    name="PrescoredResult",
                ),
                migrations.DeleteModel(
                    name="ScoreRun",
                ),
                migrations.DeleteModel(
                    name="ScoreRunChunk",
                ),
                migrations.DeleteModel(
                    name="ScoringSettings",
                ),
                migrations.DeleteModel(
                    name="SkpRating",
                ),
            ],
            database_operations=[],
        ),
    ]
