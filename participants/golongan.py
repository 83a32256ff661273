"""Golongan (rank grade): PNS I/a–IV/e with pangkat names, PPPK I–XVII.

Pure Python on purpose: used by forms, spreadsheet imports and the demo data generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from participants.nip import EmploymentKind

_PNS = EmploymentKind.PNS.value
_PPPK = EmploymentKind.PPPK.value

_PNS_TABLE = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
# fmt: off
_ROMAN = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)
# fmt: on


class GolonganError(ValueError):
    """.message is an Indonesian sentence for the HR operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Golongan:
    """One grade; obtain it from parse_golongan() or the *_GOLONGAN tuples."""

    code: str  # canonical: "III/c" (PNS) or "IX" (PPPK)
    kind: str  # "PNS" or "PPPK"
    rank: int  # 1..17 within its kind
    pangkat: str | None  # PNS only

    @property
    def label(self) -> str:
        """Dropdown text, e.g. "III/c – Penata" or "IX (PPPK)"."""
        return f"{self.code} – {self.pangkat}" if self.pangkat else f"{self.code} ({self.kind})"


PNS_GOLONGAN: tuple[Golongan, ...] = tuple(
    Golongan(code, _PNS, rank, name) for rank, (code, name) in enumerate(_PNS_TABLE, start=1)
)
PPPK_GOLONGAN: tuple[Golongan, ...] = tuple(
    Golongan(roman, _PPPK, rank, None) for rank, roman in enumerate(_ROMAN, start=1)
)
_PNS_BY_CODE = {grade.code.upper(): grade for grade in PNS_GOLONGAN}
_PPPK_BY_ROMAN = {grade.code: grade for grade in PPPK_GOLONGAN}


def _pangkat_pattern(name: str) -> re.Pattern[str]:
    # Decrees and spreadsheets abbreviate "Tingkat I" as "Tk. I", "Tkt I" or "Tingkat 1".
    base, tingkat, _ = name.partition(" Tingkat I")
    body = r"\s+".join(map(re.escape, base.split()))
    if tingkat:
        body += r"\s+(?:tingkat\s+|tkt?\.\s*|tkt?\s+)(?:I|1)"
    return re.compile(rf"(?<![a-z]){body}(?![a-z0-9])", re.IGNORECASE)


# Longest names first so that "Penata Muda Tingkat I" is not read as "Penata Muda" or "Penata".
_PANGKAT_PATTERNS = sorted(
    ((_pangkat_pattern(grade.pangkat or ""), grade) for grade in PNS_GOLONGAN),
    key=lambda item: -len(item[1].pangkat or ""),
)
_KIND_WORD = re.compile(r"(?<![a-z])(pppk|pns)(?![a-z])", re.IGNORECASE)
_PREFIX = re.compile(
    r"^(?:pangkat\s*/\s*)?(?:gol(?:ongan)?\.?(?:\s*/?\s*ruang)?|ruang)\s*[:.]?\s*", re.IGNORECASE
)
_GRADE = re.compile(
    r"(?P<roman>[IVX]+)(?:\s*[/\-.\u2013\u2014_]?\s*(?P<ruang>[A-Z]))?|(?P<number>\d{1,2})",
    re.IGNORECASE,
)
_EDGE = " ,;:()[]-\u2013\u2014"
_EXAMPLE = "Tulis misalnya III/c (PNS) atau IX (PPPK)."


def parse_golongan(raw: str, kind: str | None = None) -> Golongan:
    """Read a golongan as people write it; kind ("PNS"/"PPPK"), if known, resolves ambiguity."""
    expected = _check_kind(kind)
    shown = text = " ".join(raw.split())  # also folds NBSP and tabs from spreadsheets
    if not text:
        raise GolonganError("Golongan belum diisi.")
    marker = _KIND_WORD.search(text)
    if marker:
        marked = marker.group(1).upper()
        if expected and marked != expected:
            raise GolonganError(
                f"Golongan '{shown}' ditulis untuk {marked}, padahal pegawai {expected}."
            )
        expected = marked
        text = text[: marker.start()] + " " + text[marker.end() :]
    by_pangkat: Golongan | None = None
    for pattern, grade in _PANGKAT_PATTERNS:
        found = pattern.search(text)
        if found:
            by_pangkat = grade
            text = text[: found.start()] + " " + text[found.end() :]
            break
    rest = _PREFIX.sub("", text.strip(_EDGE)).strip(_EDGE)
    if by_pangkat is not None and not rest:
        grade = by_pangkat
    else:
        # A pangkat name only exists for PNS, so it settles the kind of the grade beside it.
        grade = _parse_grade(rest, shown, _PNS if by_pangkat else expected)
    if by_pangkat is not None and grade is not by_pangkat:
        raise GolonganError(
            f"Pangkat {by_pangkat.pangkat} tidak sesuai dengan golongan {grade.code} "
            f"(pangkat golongan {grade.code} adalah {grade.pangkat})."
        )
    if expected == _PPPK and grade.kind == _PNS:
        raise GolonganError(
            f"Golongan {grade.code} adalah golongan PNS; PPPK memakai golongan I–XVII, misalnya IX."
        )
    return grade


def golongan_choices() -> list[tuple[str, str]]:
    """(code, label) for every PNS then PPPK grade, in rank order."""
    return [(grade.code, grade.label) for grade in (*PNS_GOLONGAN, *PPPK_GOLONGAN)]


def _check_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    normalized = str(kind).strip().upper()
    if normalized not in (_PNS, _PPPK):
        raise ValueError(f"kind must be 'PNS', 'PPPK' or None, got {kind!r}")
    return normalized


def _parse_grade(text: str, shown: str, kind: str | None) -> Golongan:
    match = _GRADE.fullmatch(text)
    if not match:
        raise GolonganError(f"Golongan '{shown}' tidak dikenali. {_EXAMPLE}")
    if match["number"]:
        number = int(match["number"])
        if kind != _PPPK:
            raise GolonganError(
                f"Golongan {match['number']} tidak dikenali; golongan ditulis dengan angka Romawi, "
                "misalnya III/c (PNS) atau IX (PPPK)."
            )
        if not 1 <= number <= len(_ROMAN):
            raise GolonganError(f"Golongan PPPK {number} tidak ada; golongan PPPK adalah I–XVII.")
        return PPPK_GOLONGAN[number - 1]
    roman, ruang = match["roman"].upper(), match["ruang"]
    if ruang is None:
        if kind == _PNS:
            raise GolonganError("Golongan PNS harus lengkap dengan ruang, misalnya III/c.")
        if roman not in _PPPK_BY_ROMAN:
            raise GolonganError(f"Golongan {roman} tidak ada; golongan PPPK adalah I–XVII.")
        return _PPPK_BY_ROMAN[roman]
    code = f"{roman}/{ruang.lower()}"
    if roman not in ("I", "II", "III", "IV"):
        raise GolonganError(
            f"Golongan {code} tidak ada; golongan PNS hanya I sampai IV (I/a–IV/e)."
        )
    if code.upper() not in _PNS_BY_CODE:
        if ruang.lower() == "e":
            raise GolonganError(
                f"Golongan {code} tidak ada; ruang e hanya ada pada golongan IV (IV/e)."
            )
        last = "e" if roman == "IV" else "d"
        raise GolonganError(
            f"Ruang {ruang} pada golongan {code} tidak valid; "
            f"ruang golongan {roman} adalah a–{last}."
        )
    return _PNS_BY_CODE[code.upper()]
