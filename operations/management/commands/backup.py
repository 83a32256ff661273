from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Cadangkan basis data dan file tersimpan ke sebuah folder baru di DIR."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR")

    def handle(self, *args, folder, **options):
        try:
            target = backup(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan di {target}"))
