from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan (folder dari `backup`) ke basis data yang dikonfigurasi, yang harus "
        "baru dan kosong, lalu cocokkan jumlah baris setiap tabel dengan manifesnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="BACKUP_DIR")

    def handle(self, *args, folder, **options):
        try:
            differ = restore(Path(folder))
        except (BackupError, OSError, KeyError) as error:
            raise CommandError(str(error)) from error
        if differ:
            for table, (expected, found) in sorted(differ.items()):
                self.stderr.write(f"{table}: cadangan {expected} baris, hasil pulih {found}")
            raise CommandError("Jumlah baris tidak cocok dengan manifes.")
        self.stdout.write(self.style.SUCCESS("Dipulihkan; jumlah baris setiap tabel cocok."))
