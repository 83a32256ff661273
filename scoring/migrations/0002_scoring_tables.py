"""The scoring tables take the scoring app's names (reports_scorerun -> scoring_scorerun,
...), a rename in place; the content types follow, so the permissions given to roles and
users, and the admin's history, stay with their models."""

from django.db import migrations

MOVED = (
    "instrument",
    "instrumentitem",
    "scoringsettings",
    "answersheet",
    "skprating",
    "prescoredresult",
    "scorerun",
    "scorerunchunk",
    "participantresult",
)


def content_types_follow(apps, schema_editor, source="reports", target="scoring"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="scoring", target="reports")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("scoring", "0001_initial"),
        ("reports", "0007_move_scoring_models"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=None) for model in MOVED),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
