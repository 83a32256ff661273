from django.core.management.base import BaseCommand, CommandError

from sessions_app.documents import schedule_workbook
from sessions_app.models import Event
from sessions_app.schedule_rows import schedule_rows


class Command(BaseCommand):
    help = "Tulis jadwal sebuah kegiatan ke file .xlsx (sheet Jadwal, satu baris per peserta)."

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="CODE", help="kode kegiatan")
        parser.add_argument("out", metavar="OUT.xlsx")

    def handle(self, *args, event: str, out: str, **options):
        target = Event.objects.filter(code=event.upper()).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        schedule_workbook(schedule_rows(target), out)
        self.stdout.write(f"Jadwal {target.code} ditulis ke {out}.")
