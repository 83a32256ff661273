"""Kaltara's five regencies and the position classes with their default levels
(docs/rules.md#position-classes-and-required-levels)."""

from django.db import migrations

from core.text import name_key
from participants.competencies import COMPETENCY_CODES, DEFAULT_REQUIRED_LEVELS

REGIONS = (
    "Kabupaten Bulungan",
    "Kabupaten Malinau",
    "Kabupaten Nunukan",
    "Kabupaten Tana Tidung",
    "Kota Tarakan",
)


def add_defaults(apps, schema_editor):
    Region = apps.get_model("participants", "Region")
    PositionClass = apps.get_model("participants", "PositionClass")
    RequiredLevel = apps.get_model("participants", "RequiredLevel")
    for name in REGIONS:
        Region.objects.get_or_create(name_key=name_key(name), defaults={"name": name})
    for order, (name, level) in enumerate(DEFAULT_REQUIRED_LEVELS, start=1):
        position_class, _ = PositionClass.objects.get_or_create(
            name_key=name_key(name), defaults={"name": name, "order": order}
        )
        for code in COMPETENCY_CODES:
            RequiredLevel.objects.get_or_create(
                position_class=position_class, competency=code, defaults={"level": level}
            )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
