import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from core.text import name_key
from participants.models import Opd
from reports.recap import recap_export
from scoring.runs import lifecycle
from sessions_app.models import Event


class Command(BaseCommand):
    help = (
        "Tulis rekap Excel hasil penilaian yang sudah diterbitkan dari sebuah kegiatan; "
        "--opd membatasinya pada OPD tertentu (nama atau kode, boleh diulang)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="CODE")
        parser.add_argument("out", metavar="OUT.xlsx")
        parser.add_argument("--opd", action="append", metavar="NAME", help="nama atau kode OPD")

    def handle(self, *args, event, out, opd, **options):
        target = Event.objects.filter(code__iexact=event).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        run = lifecycle.published_run(target)
        if run is None:
            raise CommandError("Hasil kegiatan ini belum diterbitkan.")
        opd_ids = {self._opd(text) for text in opd} if opd else None
        path = Path(out)
        # Written beside OUT, then moved over it: a failed export leaves the old file whole.
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                count = recap_export(run=run, out=stream, actor=None, opd_ids=opd_ids)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        self.stdout.write(f"{count} baris peserta ditulis ke {path} (penilaian #{run.number}).")

    def _opd(self, text: str) -> int:
        found = Opd.objects.filter(Q(name_key=name_key(text)) | Q(code__iexact=text.strip()))
        pk = found.values_list("pk", flat=True).first()
        if pk is None:
            raise CommandError(f"OPD {text} tidak ditemukan (tulis nama atau kodenya).")
        return pk
