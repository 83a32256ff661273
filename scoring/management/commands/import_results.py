import sys
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.imports import ImportRefused
from core.rejected import report_plan
from core.spreadsheet import SpreadsheetError
from scoring.answers import answers_apply, answers_plan
from scoring.core import Item
from scoring.imports import IMPORTS, record_command_import
from scoring.instrument import read_instrument
from scoring.prescored import prescored_apply, prescored_plan
from scoring.services import instrument_attach
from sessions_app.models import Event


class Command(BaseCommand):
    help = (
        "Impor hasil peserta sebuah kegiatan: jawaban mentah beserta instrumennya "
        "(--instrument), atau tanpa --instrument skor jadi (NIP, level 9 kompetensi, LD, ES)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="file .xlsx atau .csv: NIP dan satu kolom per butir (jawaban mentah), atau "
            "NIP, M.01 ... SK.01, LD, ES (skor jadi, tanpa --instrument)",
        )
        parser.add_argument("--event", required=True, metavar="CODE")
        parser.add_argument(
            "--instrument",
            metavar="ITEMS.xlsx",
            help="instrumen jawaban mentah; tanpa ini file dibaca sebagai skor jadi",
        )
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="simpan baris yang valid saja"
        )
        parser.add_argument("--errors", metavar="OUT.csv", help="tulis baris ditolak ke CSV ini")

    def handle(self, *args, file, event, instrument, dry_run, skip_invalid, errors, **options):
        target = Event.objects.filter(code=event.upper()).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        if instrument is None:
            self._prescored(target, file, dry_run, skip_invalid, errors)
            return
        try:
            items = read_instrument(instrument, filename=instrument)
        except (SpreadsheetError, OSError) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        if items.issues or not items.items:
            for issue in items.issues[:20]:
                self.stderr.write(f"instrumen baris {issue.row}, {issue.column}: {issue.message}")
            raise CommandError("Instrumen tidak valid; tidak ada yang disimpan.")
        name = Path(instrument).stem
        scoring_items = [Item(**asdict(item)) for item in items.items]
        try:
            plan = answers_plan(
                target,
                scoring_items,
                file,
                filename=file,
                max_bytes=settings.COMMAND_IMPORT_MAX_BYTES,
            )
        except (SpreadsheetError, OSError) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        summary = (
            f"Instrumen {name}: {len(items.items)} butir. {plan.total_rows} baris jawaban: "
            f"{len(plan.sheets)} valid, {len(plan.rejected_rows)} ditolak."
        )
        flags = {"errors": errors, "dry_run": dry_run, "skip_invalid": skip_invalid}
        if report_plan(self, issues=plan.issues, summary=summary, **flags):
            try:
                form = instrument_attach(
                    event=target, name=name, source=Path(instrument).name, plan=items, actor=None
                )
            except ImportRefused as refused:
                raise CommandError(refused.message) from refused
            stored = answers_apply(instrument=form, plan=plan, actor=None, skip_invalid=True)
            record_command_import(
                imp=IMPORTS["jawaban"],
                event=target,
                filename=file,
                plan=plan,
                stored=stored,
                instrument=form,
            )
            self.stdout.write(self.style.SUCCESS(f"{stored} lembar jawaban tersimpan."))
        if plan.issues:
            sys.exit(1)

    def _prescored(self, event, file, dry_run, skip_invalid, errors):
        try:
            plan = prescored_plan(event, file, filename=file)
        except (SpreadsheetError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            if message.startswith("Kolom wajib"):  # perhaps raw answers, --instrument forgotten
                message += " File jawaban mentah diimpor dengan --instrument."
            raise CommandError(message) from error
        summary = (
            f"Skor jadi, {plan.total_rows} baris: "
            f"{len(plan.rows)} valid, {len(plan.rejected_rows)} ditolak."
        )
        flags = {"errors": errors, "dry_run": dry_run, "skip_invalid": skip_invalid}
        if report_plan(self, issues=plan.issues, summary=summary, **flags):
            stored = prescored_apply(event=event, plan=plan, actor=None, skip_invalid=True)
            record_command_import(
                imp=IMPORTS["skor-jadi"], event=event, filename=file, plan=plan, stored=stored
            )
            self.stdout.write(self.style.SUCCESS(f"{stored} skor jadi tersimpan."))
        if plan.issues:
            sys.exit(1)
