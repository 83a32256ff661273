import sys

from django.core.management.base import BaseCommand, CommandError

from core.rejected import report_plan
from core.spreadsheet import SpreadsheetError
from scoring.skp import skp_apply, skp_plan


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
        rejected = len({issue.row for issue in plan.issues})
        summary = f"{plan.total_rows} baris: {len(plan.ratings)} valid, {rejected} ditolak."
        flags = {"errors": errors, "dry_run": dry_run, "skip_invalid": skip_invalid}
        if report_plan(self, issues=plan.issues, summary=summary, **flags):
            self.stdout.write(
                self.style.SUCCESS(f"{skp_apply(plan=plan, actor=None)} predikat tersimpan.")
            )
        if plan.issues:
            sys.exit(1)
