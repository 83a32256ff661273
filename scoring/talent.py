"""Kinerja from the SKP predikat, and the 9-box talent grid (kotak talenta) of kinerja and
potential with the action recommended for each box (docs/rules.md#scoring). Pure, no Django."""

from __future__ import annotations

from scoring.core import MENENGAH, RENDAH, TINGGI

DI_ATAS, SESUAI, DI_BAWAH = "di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi"


_PREDIKAT = {
    "sangat baik": DI_ATAS,
    "baik": SESUAI,
    "butuh perbaikan": DI_BAWAH,
    "kurang": DI_BAWAH,
    "sangat kurang": DI_BAWAH,
}


def kinerja_from_predikat(text: str | None) -> str | None:
    """SKP predikat -> kinerja; None for an empty cell, ValueError for an unknown predikat
    (an importer reports it instead of leaving the participant silently without a box)."""
    if text is None or not text.strip():
        return None
    key = " ".join(text.split()).casefold()
    if key not in _PREDIKAT:
        raise ValueError(f"unknown SKP predikat {text!r}")
    return _PREDIKAT[key]


# The 9-box by rows kinerja di bawah -> di atas, columns potential rendah, menengah, tinggi.
_KINERJA_ROWS, _POTENTIAL_COLUMNS = (DI_BAWAH, SESUAI, DI_ATAS), (RENDAH, MENENGAH, TINGGI)
_BOXES = ((1, 3, 6), (2, 5, 8), (4, 7, 9))

RECOMMENDED_ACTIONS: dict[int, str] = {
    1: "diproses sesuai ketentuan peraturan perundang-undangan",
    2: "bimbingan kinerja, pengembangan kompetensi, penempatan yang sesuai",
    3: "bimbingan kinerja, konseling kinerja, pengembangan kompetensi, penempatan yang sesuai",
    4: "rotasi, pengembangan kompetensi",
    5: "penempatan yang sesuai, bimbingan kinerja, pengembangan kompetensi",
    6: "penempatan yang sesuai, bimbingan kinerja, konseling kinerja",
    7: "dipertahankan, kelompok rencana suksesi instansi, rotasi/pengayaan jabatan, "
    "pengembangan kompetensi, tugas belajar",
    8: "dipertahankan, kelompok rencana suksesi instansi, rotasi/perluasan jabatan, "
    "bimbingan kinerja",
    9: "dipromosikan dan dipertahankan, kelompok rencana suksesi instansi/nasional, penghargaan",
}


def talent_box(kinerja: str | None, potential_category: str | None) -> int | None:
    """The 9-box (kotak talenta) of a kinerja and a potential category; None if either is."""
    if kinerja is None or potential_category is None:
        return None
    if kinerja not in _KINERJA_ROWS or potential_category not in _POTENTIAL_COLUMNS:
        raise ValueError(f"no talent box for {kinerja!r} x {potential_category!r}")
    return _BOXES[_KINERJA_ROWS.index(kinerja)][_POTENTIAL_COLUMNS.index(potential_category)]


# The 9-box as pages and PDFs draw it: the top row kinerja di atas, columns potential rendah
# -> tinggi.
GRID_ROWS = tuple(reversed(_BOXES))
