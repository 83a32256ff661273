"""Existing deployments keep behaving: until now an empty OPD scope meant every OPD, so
every profile with an empty scope, and every Pimpinan without a profile, is given the
explicit "Semua OPD" choice. From here on an empty scope sees nothing."""

from django.db import migrations

PIMPINAN = "Pimpinan"  # accounts.roles.Role.PIMPINAN, frozen here as migrations should be


def keep_all_opds(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    User = apps.get_model("auth", "User")
    Profile.objects.filter(opds__isnull=True).update(all_opds=True)
    managers = User.objects.filter(groups__name=PIMPINAN, profile__isnull=True).distinct()
    Profile.objects.bulk_create([Profile(user=user, all_opds=True) for user in managers])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_all_opds"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(keep_all_opds, migrations.RunPython.noop)]
