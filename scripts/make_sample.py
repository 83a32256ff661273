"""Write docs/contoh-peserta.xlsx: a realistic participant sheet with a few bad rows, to
try the import preview with: `.venv/bin/python -m scripts.make_sample`."""

from pathlib import Path

from openpyxl import load_workbook

from demo.participant_sheet import write_demo_workbook
from demo.participants import demo_participant_rows

OUT = Path(__file__).resolve().parent.parent / "docs" / "contoh-peserta.xlsx"


def main() -> None:
    write_demo_workbook(OUT, demo_participant_rows(count=40, seed=99))
    workbook = load_workbook(OUT)
    sheet = workbook.active
    # Typical mistakes of real sheets: a NIP Excel turned into a number, a golongan that
    # does not exist, an unknown position class and a repeated NIP.
    sheet["A7"].value = float(sheet["A7"].value)
    sheet["C9"].value = "III/f"
    sheet["E11"].value = "Staf"
    sheet["A14"].value = sheet["A13"].value
    workbook.save(OUT)


if __name__ == "__main__":
    main()
