import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from core.imports import ImportRefused
from core.rejected import write_rejected_csv
from core.spreadsheet import SpreadsheetError
from participants.enrolment import enrolment_for_event
from participants.importer import build_plan
from participants.services import participant_import_apply

DATABASE_LOST = (
    "Koneksi ke basis data terputus ({error}). Langkah yang sedang berjalan dibatalkan "
    "seluruhnya (satu transaksi). Jalankan perintah yang sama lagi setelah basis data pulih: "
    "impor aman diulang, peserta tidak tergandakan."
)


class Command(BaseCommand):
    help = "Impor peserta dari file .xlsx atau .csv (upsert berdasarkan NIP)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="file .xlsx atau .csv")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="simpan baris valid, lewati yang ditolak"
        )
        parser.add_argument("--errors", metavar="OUT.csv", help="tulis baris ditolak ke CSV ini")
        parser.add_argument(
            "--event", metavar="CODE", help="daftarkan peserta yang diimpor ke kegiatan ini"
        )

    def handle(self, *args, **options):
        try:
            self._import(**options)
        except (OperationalError, InterfaceError) as error:
            # A database restart mid-import: say so in one line, not with a traceback.
            first_line = (str(error).strip() or "-").splitlines()[0]
            raise CommandError(DATABASE_LOST.format(error=first_line)) from error

    def _import(self, *, file: str, dry_run: bool, skip_invalid: bool, errors, event, **_):
        enrol = None
        if event:
            # Events belong to sessions_app, reached through participants.enrolment.
            enrol = enrolment_for_event(event)
            if enrol is None:
                raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        try:
            plan = build_plan(file, file)
        except (SpreadsheetError, OSError) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        if errors:
            write_rejected_csv(errors, plan.issues)
        self.stdout.write(
            f"{plan.total_rows} baris data: {len(plan.to_create)} baru, "
            f"{len(plan.to_update)} diperbarui, {plan.unchanged} tidak berubah, "
            f"{len(plan.rejected_rows)} ditolak; OPD baru {len(plan.new_opds)}, "
            f"UPT baru {len(plan.new_upts)}."
        )
        for issue in plan.issues[:20]:
            self.stderr.write(f"baris {issue.row}, {issue.column} '{issue.value}': {issue.message}")
        if len(plan.issues) > 20:
            self.stderr.write(f"... dan {len(plan.issues) - 20} masalah lain.")
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
        else:
            try:
                participant_import_apply(plan=plan, actor=None, skip_invalid=skip_invalid)
            except ImportRefused as refused:
                self.stderr.write(refused.message + " Gunakan --skip-invalid untuk melewatinya.")
            else:
                self.stdout.write(self.style.SUCCESS("Tersimpan."))
                if enrol is not None:
                    self.stdout.write(enrol(plan))
        if plan.issues:
            sys.exit(1)
