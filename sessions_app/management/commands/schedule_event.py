import sys

from django.core.management.base import BaseCommand, CommandError

from sessions_app.models import Event, Registration
from sessions_app.services import ScheduleError
from sessions_app.services.schedule import REASON_TEXT, schedule_apply


class Command(BaseCommand):
    help = (
        "Jadwalkan otomatis peserta sebuah kegiatan (yang sudah terjadwal tetap, kecuali --replan)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="CODE", help="kode kegiatan")
        parser.add_argument(
            "--replan", action="store_true", help="susun ulang semua penempatan yang tidak dikunci"
        )

    def handle(self, *args, event: str, replan: bool, **options):
        target = Event.objects.filter(code=event.upper()).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        try:
            proposal = schedule_apply(event=target, replan=replan, fingerprint="", actor=None)
        except ScheduleError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{proposal.registered} terdaftar: {proposal.placed_total} terjadwal "
            f"({proposal.kept} tetap, {len(proposal.placements)} ditempatkan, "
            f"{len(proposal.moved)} pindah sesi), {len(proposal.unplaced)} belum terjadwal. "
            f"Batas kapasitas: {proposal.kept + proposal.bound}."
        )
        for opd, day, count, cap in proposal.over_share:
            self.stdout.write(f"OPD {opd} pada {day:%d/%m/%Y}: {count} peserta (batas {cap}).")
        names = dict(
            Registration.objects.filter(pk__in=list(proposal.unplaced)).values_list(
                "pk", "participant__nip"
            )
        )
        for reg, reason in sorted(proposal.unplaced.items()):
            self.stderr.write(f"belum terjadwal: {names[reg]}: {REASON_TEXT[reason]}")
        if proposal.unplaced:
            sys.exit(1)
