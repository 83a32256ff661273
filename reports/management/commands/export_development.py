import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.development_workbook import development_export
from scoring.runs import lifecycle
from sessions_app.models import Event


class Command(BaseCommand):
    help = (
        "Tulis buku kerja kebutuhan pengembangan kompetensi (untuk BPSDM) dari hasil penilaian "
        "yang sudah diterbitkan: ringkasan jumlah orang per kompetensi x OPD, lalu satu sheet "
        "per kompetensi berisi peserta di bawah standar, gap terbesar dahulu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="CODE")
        parser.add_argument("out", metavar="OUT.xlsx")

    def handle(self, *args, event, out, **options):
        target = Event.objects.filter(code__iexact=event).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        run = lifecycle.published_run(target)
        if run is None:
            raise CommandError(
                f"Hasil kegiatan {target.code} belum diterbitkan; kebutuhan pengembangan "
                "hanya ditulis dari penilaian yang sudah diterbitkan."
            )
        path = Path(out)
        # Written beside OUT, then moved over it: a failed export leaves the old file whole.
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                count = development_export(run=run, out=stream, actor=None)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        self.stdout.write(
            f"{count} baris kebutuhan pengembangan ditulis ke {path} (penilaian #{run.number})."
        )
