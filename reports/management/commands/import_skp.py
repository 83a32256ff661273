import sys

from django.core.management.base import BaseCommand, CommandError

from cact_admin.rejected import write_rejected_csv
from participants.spreadsheet import SpreadsheetError
from reports.skp import skp_apply, skp_plan


class Command(BaseCommand):
    help = "Impor predikat SKP peserta (NIP, Tahun, Predikat); upsert per NIP dan tahun."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="simpan baris yang valid saja"
        )
        parser.add_argument("--errors", metavar="OUT.csv", help="tulis baris ditolak ke CSV ini")

    def handle(self, *args, file, dry_run, skip_invalid, errors, **options):
        try:
            plan = skp_plan(file, filename=file)
        except (SpreadsheetError, OSError) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        if errors:
            write_rejected_csv(errors, plan.issues)
        rejected = len({issue.row for issue in plan.issues})
        self.stdout.write(
            f"{plan.total_rows} baris: {len(plan.ratings)} valid, {rejected} ditolak."
        )
        for issue in plan.issues[:20]:
            self.stderr.write(f"baris {issue.row}, {issue.column} '{issue.value}': {issue.message}")
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
        elif plan.issues and not skip_invalid:
            self.stderr.write("Ada baris ditolak; tidak ada yang disimpan. Gunakan --skip-invalid.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{skp_apply(plan=plan, actor=None)} predikat tersimpan.")
            )
        if plan.issues:
            sys.exit(1)
