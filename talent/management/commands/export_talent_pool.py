import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEntry
from participants.standards import target_named
from talent.pools import DEFAULT_BOXES, PoolFilters, pool_audit, pool_workbook, talent_pool


class Command(BaseCommand):
    help = (
        "Tulis kelompok rencana suksesi (sheet Talent Pool) untuk sebuah sasaran: jenis "
        "jabatan (mis. Administrator) atau jabatan yang punya standarnya sendiri."
    )

    def add_arguments(self, parser):
        parser.add_argument("--target", required=True, metavar="NAMA")
        parser.add_argument("out", metavar="OUT.xlsx")
        parser.add_argument(
            "--box",
            action="append",
            type=int,
            choices=range(1, 10),
            metavar="N",
            help="kotak talenta (boleh diulang); bawaan 7, 8 dan 9",
        )

    def handle(self, *args, target, out, box, **options):
        found = target_named(target)
        if found is None:
            raise CommandError(
                f"Sasaran {target} tidak dikenal: tulis nama jenis jabatan yang standarnya "
                "lengkap, atau jabatan yang punya standar sendiri."
            )
        filters = PoolFilters(boxes=tuple(sorted(set(box))) if box else DEFAULT_BOXES)
        candidates = talent_pool(opd_ids=None, target=found, filters=filters)
        path = Path(out)
        # Written beside OUT, then moved over it: a failed export leaves the old file whole.
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(pool_workbook(candidates, found))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        pool_audit(
            actor=None,
            action=AuditEntry.Action.EXPORT,
            target=found,
            filters=filters,
            count=len(candidates),
        )
        self.stdout.write(f"{len(candidates)} kandidat untuk {found.name} ditulis ke {path}.")
