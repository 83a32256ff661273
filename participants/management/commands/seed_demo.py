import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Profile
from accounts.roles import STAFF_ROLES, Role
from participants.demo import DEMO_OPDS, demo_participant_rows, write_demo_workbook
from participants.importer import build_plan
from participants.models import Opd, Region, Upt
from participants.services import participant_import_apply
from participants.text import name_key

# username, full name, role, OPD codes the account is scoped to
DEMO_USERS = (
    ("admin", "Rahmat Hidayat", Role.ADMIN, ()),
    ("operator", "Dewi Lestari", Role.OPERATOR, ()),
    ("pengawas", "Yusuf Pratama", Role.PENGAWAS, ()),
    ("pimpinan", "Kepala BKD Kaltara", Role.PIMPINAN, ()),
    ("pimpinan.dinkes", "Kepala Dinas Kesehatan", Role.PIMPINAN, ("DINKES",)),
)
DEMO_PASSWORD = "cact-demo-2024"  # noqa: S105 (the demo accounts, printed by design)

KINDS = {label: value for value, label in Opd.Kind.choices}


class Command(BaseCommand):
    help = "Muat skenario demo Tahap III 2024 (aman dijalankan berulang)."

    def handle(self, *args, **options):
        with transaction.atomic():
            self._master_data()
            result = self._participants()
            self._users()
        self.stdout.write(
            f"Peserta demo: {result['created']} baru, {result['updated']} diperbarui, "
            f"{result['unchanged']} sudah ada."
        )
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for username, _full_name, role, scope in DEMO_USERS:
            note = f", cakupan {', '.join(scope)}" if scope else ""
            self.stdout.write(f"  {username:<16} {role.value}{note}")

    def _master_data(self) -> None:
        regions = {region.name: region for region in Region.objects.all()}
        for spec in DEMO_OPDS:
            opd = Opd.objects.filter(name_key=name_key(spec.name)).first() or Opd(name=spec.name)
            opd.code, opd.kind = spec.code, KINDS.get(spec.kind, Opd.Kind.LAINNYA)
            opd.save()
            for upt in spec.upts:
                if not Upt.objects.filter(opd=opd, name_key=name_key(upt.name)).exists():
                    Upt(opd=opd, name=upt.name, region=regions[upt.region]).save()

    def _participants(self) -> dict:
        # Through the same reader and import as an operator's file, not a side door.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "peserta-tahap-iii-2024.xlsx"
            write_demo_workbook(path, demo_participant_rows())
            plan = build_plan(path, path.name)
            return participant_import_apply(plan=plan, actor=None, skip_invalid=False)

    def _users(self) -> None:
        for username, full_name, role, scope in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.first_name = full_name
                user.set_password(DEMO_PASSWORD)
            user.is_staff = role in STAFF_ROLES
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
            profile, _ = Profile.objects.get_or_create(user=user)
            profile.opds.set(Opd.objects.filter(code__in=scope))
