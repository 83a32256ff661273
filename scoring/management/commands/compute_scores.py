import sys

from django.core.management.base import BaseCommand, CommandError

from core.rejected import write_rejected_csv
from scoring.models import ScoreRun
from scoring.reconcile import blocking, reconcile
from scoring.runs import lifecycle
from scoring.runs.summary import run_summary
from sessions_app.models import Event


class Command(BaseCommand):
    help = (
        "Jalankan penilaian sebuah kegiatan di worker Celery dan tunggu sampai selesai; "
        "--publish menerbitkannya bila rekonsiliasi bersih."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, metavar="CODE")
        parser.add_argument("--publish", action="store_true", help="terbitkan hasilnya")
        parser.add_argument(
            "--errors", metavar="OUT.csv", help="tulis temuan rekonsiliasi ke CSV ini"
        )
        parser.add_argument(
            "--timeout", type=int, default=3600, help="detik menunggu worker (bawaan 3600)"
        )

    def handle(self, *args, event, publish, errors, timeout, **options):
        target = Event.objects.filter(code=event.upper()).first()
        if target is None:
            raise CommandError(f"Kegiatan dengan kode {event} tidak ada.")
        try:
            run = lifecycle.start_run(event=target, actor=None)
        except lifecycle.RunRefused as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(
            f"Penilaian #{run.number}: {run.participants_total} peserta, "
            f"{run.chunks_total} bagian, hash {run.inputs_hash[:12]}."
        )
        run = self._wait(run, timeout)
        if run.status == ScoreRun.Status.FAILED:
            raise CommandError(f"Penilaian #{run.number} gagal: {run.error}")
        summary = run_summary(run)
        self.stdout.write(
            f"Selesai: JPM {dict(summary.jpm_category)}, "
            f"potensi {dict(summary.potential_category)}, kotak {dict(summary.box)}."
        )
        findings = reconcile(target)
        if errors:
            write_rejected_csv(errors, [_Row(f) for f in findings])
        stops = blocking(findings)
        for finding in stops[:20]:
            self.stderr.write(f"{finding.title}: {finding.nip or finding.detail}")
        if publish and stops:
            self.stderr.write(
                f"Ada {len(stops)} temuan rekonsiliasi; hasil tidak diterbitkan. Periksa halaman "
                "Rekonsiliasi, lalu terbitkan dari halaman penilaian."
            )
        elif publish:
            lifecycle.publish_run(run=run, actor=None)
            self.stdout.write(self.style.SUCCESS(f"Penilaian #{run.number} diterbitkan."))
        else:
            self.stdout.write(f"Penilaian #{run.number} tersimpan sebagai draf.")
        if stops:
            sys.exit(1)

    def _wait(self, run: ScoreRun, timeout: int) -> ScoreRun:
        def show(run, progress):
            waiting = f" (menunggu worker: {run.dispatch_error})" if run.dispatch_error else ""
            self.stdout.write(f"  {progress['percent']}%{waiting}")

        try:
            return lifecycle.wait_for(run, timeout, show)
        except TimeoutError:
            raise CommandError(
                f"Penilaian #{run.number} belum selesai setelah {timeout} detik; ia tetap "
                "berjalan dan bisa dipantau di halaman penilaian."
            ) from None


class _Row:
    """A reconciliation finding in the row,column,value,message shape of --errors."""

    def __init__(self, finding) -> None:
        self.row = finding.nip or "-"
        self.column = finding.title
        self.value = finding.detail or finding.name
        self.message = finding.action
