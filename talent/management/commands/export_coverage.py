"""manage.py export_coverage OUT.xlsx [--as-of YYYY-MM-DD]: the coverage workbook of every
OPD (talent/coverage_export.py). Writing the same file again replaces it."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from talent.coverage_export import coverage_export
from talent.latest import today


def as_of_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        message = f"Tanggal --as-of tidak dikenali: {text!r} (pakai YYYY-MM-DD)."
        raise CommandError(message) from None


class Command(BaseCommand):
    help = "Tulis cakupan penilaian (sheet Cakupan dan Belum Dinilai) ke file .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("out", help="file .xlsx yang ditulis")
        parser.add_argument("--as-of", help="tanggal acuan masa berlaku, YYYY-MM-DD (hari ini)")

    def handle(self, *args, out: str, as_of: str | None, **options):
        if not out.lower().endswith(".xlsx"):
            raise CommandError("Nama file harus berakhiran .xlsx.")
        date = as_of_date(as_of) if as_of else today()
        try:
            count = coverage_export(out=out, scope=None, as_of=date, actor=None)
        except OSError as error:
            raise CommandError(f"File tidak bisa ditulis: {error}") from error
        self.stdout.write(
            f"Cakupan per {date:%d/%m/%Y} ditulis ke {out}: {count} orang belum dinilai."
        )
