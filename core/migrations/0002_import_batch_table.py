"""The import batch table takes the core app's name (participants_importbatch ->
core_importbatch), a rename in place; the content type follows, so the permissions given to
roles and users, and the admin's history, stay with the model. The same steps as
scoring/migrations/0002_scoring_tables.py."""

from django.db import migrations

MOVED = ("importbatch",)


def content_types_follow(apps, schema_editor, source="participants", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="core", target="participants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("participants", "0006_delete_importbatch"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=None) for model in MOVED),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
