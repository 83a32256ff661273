"""One import in its own process: `python -m bench.import_child ours|ours-again|import-export FILE`.

Prints one JSON line: seconds, rows/s, peak memory, participants stored, and the seconds
calamine alone takes to read every row of the same file (the floor an import cannot beat).
"""

import json
import sys
import time

import django

from bench.memory import peak_mb


def ours(path: str) -> None:
    from participants.importer import build_plan
    from participants.services import participant_import_apply

    plan = build_plan(path, path)
    participant_import_apply(plan=plan, actor=None, skip_invalid=False)


def import_export(path: str) -> None:
    """django-import-export as its documentation advises for speed: bulk mode, batches of
    1000, no diff. OPDs and UPTs must exist first: ForeignKeyWidget looks up, it does not
    create, so that set-up is part of the time measured."""
    import tablib
    from import_export import fields, resources, widgets

    from participants.models import Opd, Participant, PositionClass, Region, Upt
    from participants.nip import parse_nip

    class ParticipantResource(resources.ModelResource):
        nip = fields.Field("nip", "NIP")
        name = fields.Field("name", "Nama")
        golongan = fields.Field("golongan", "Golongan")
        position_title = fields.Field("position_title", "Jabatan")
        position_class = fields.Field(
            "position_class", "Jenis Jabatan", widgets.ForeignKeyWidget(PositionClass, "name")
        )
        opd = fields.Field("opd", "OPD", widgets.ForeignKeyWidget(Opd, "name"))
        upt = fields.Field("upt", "UPT", widgets.ForeignKeyWidget(Upt, "name"))
        phone = fields.Field("phone", "No HP", widgets.CharWidget(allow_blank=True))
        email = fields.Field("email", "Email", widgets.CharWidget(allow_blank=True))

        class Meta:
            model = Participant
            import_id_fields = ["nip"]
            fields = [
                "nip", "name", "golongan", "position_title", "position_class", "opd", "upt",
                "phone", "email",
            ]  # fmt: skip
            use_bulk = True
            batch_size = 1000
            skip_diff = True

        def before_save_instance(self, instance, row, **kwargs):
            nip = parse_nip(instance.nip)
            instance.gender, instance.birth_date = str(nip.gender), nip.birth_date
            instance.employment_type = str(nip.kind)

    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    regions = {region.name: region for region in Region.objects.all()}
    for opd_name, upt_name, region in set(
        zip(*(dataset[h] for h in ("OPD", "UPT", "Kabupaten/Kota")), strict=True)
    ):
        opd = Opd.objects.filter(name=opd_name).first() or Opd.objects.create(name=opd_name)
        if upt_name and not Upt.objects.filter(name=upt_name).exists():
            Upt.objects.create(opd=opd, name=upt_name, region=regions[region])
    result = ParticipantResource().import_data(dataset, raise_errors=True)
    assert not result.has_errors()


def bare_read(path: str) -> float:
    """Seconds for python-calamine to read every row of every sheet, checking nothing."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    with CalamineWorkbook.from_path(path) as workbook:
        for name in workbook.sheet_names:
            for _ in workbook.get_sheet_by_name(name).iter_rows():
                pass
    return time.perf_counter() - started


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    django.setup()
    from participants.models import Participant

    started = time.perf_counter()
    if kind.startswith("ours"):
        ours(path)
    else:
        import_export(path)
    seconds = time.perf_counter() - started
    count = Participant.objects.count()
    peak = peak_mb()  # before the bare read
    figures = {
        "seconds": seconds,
        "rows_per_s": count / seconds,
        "peak_mb": peak,
        "participants": count,
        "bare_read_seconds": bare_read(path),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
