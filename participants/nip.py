"""NIP (PNS) and NI PPPK: 18 digits encoding birth date, TMT or appointment, gender, sequence.

Layout: digits 1-8 birth date YYYYMMDD; PNS digits 9-14 TMT CPNS YYYYMM, PPPK digits 9-12
appointment year and 13-14 a code 13-99; digit 15 gender (1 male, 2 female); 16-18 sequence.
Pure Python on purpose: used by forms, imports, the demo data generator and tests alike.
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1900
ADULT_AGE = 18

NipPart = Literal["panjang", "tanggal_lahir", "tmt", "kode", "jenis_kelamin", "urutan"]


class EmploymentKind(enum.StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


class Gender(enum.StrEnum):
    MALE = "L"
    FEMALE = "P"


_GENDER_BY_DIGIT = {"1": Gender.MALE, "2": Gender.FEMALE}
_DIGIT_BY_GENDER = {gender: digit for digit, gender in _GENDER_BY_DIGIT.items()}

# NIPs arrive copied from Excel, PDFs, SK scans and chat apps: besides ordinary spaces, dots and
# hyphens they carry non-breaking spaces, the typographic dashes word processors substitute for
# hyphens, and zero-width characters that are invisible to the operator.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\u200b-\u200d\u2060\ufeff]+")
# Excel keeps long numbers as text when prefixed with an apostrophe; autocorrect may curl it.
_TEXT_MARKERS = "'\u2018\u2019"
_NON_DIGIT = re.compile(r"[^0-9]")  # not str.isdigit(): that accepts Arabic-Indic digits etc.


class NipError(ValueError):
    """.message is an Indonesian sentence for the HR operator; .part names the faulty part."""

    def __init__(self, message: str, part: NipPart) -> None:
        super().__init__(message)
        self.message = message
        self.part: NipPart = part


@dataclass(frozen=True, slots=True)
class Nip:
    """A validated NIP; build it with parse_nip()."""

    digits: str
    kind: EmploymentKind
    birth_date: datetime.date
    gender: Gender
    sequence: int
    tmt: datetime.date | None  # PNS: first day of the TMT CPNS month
    appointment_year: int | None  # PPPK only
    pppk_code: str | None  # PPPK only, two digits "13".."99"

    def formatted(self) -> str:
        """Digits grouped the way they are printed on SK and ID cards."""
        d = self.digits
        if self.kind is EmploymentKind.PNS:
            return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"
        return f"{d[:8]} {d[8:12]} {d[12:14]} {d[14]} {d[15:]}"

    def age_on(self, day: datetime.date) -> int:
        """Completed years of age on the given day."""
        if isinstance(day, datetime.datetime):
            day = day.date()  # datetime < date comparisons raise TypeError
        born = self.birth_date
        if day < born:
            raise ValueError(f"{day.isoformat()} is before the birth date {born.isoformat()}")
        # A 29 February birthday counts as reached on 1 March in non-leap years.
        before_birthday = (day.month, day.day) < (born.month, born.day)
        return day.year - born.year - before_birthday


def normalize_nip(raw: str) -> str:
    """Remove separators and a leading text marker; the result is not validated."""
    text = _SEPARATORS.sub("", raw)
    if text and text[0] in _TEXT_MARKERS:
        text = text[1:]
    return text


def parse_nip(raw: str, kind: EmploymentKind | str | None = None) -> Nip:
    """Validate a NIP; kind, if given, is what the caller expects (else decided by digits 13-14)."""
    digits = normalize_nip(raw)
    _check_shape(digits)
    birth_text = digits[:8]
    birth = _parse_birth_date(birth_text)
    actual = _kind_from_marker(digits, None if kind is None else EmploymentKind(kind))
    tmt: datetime.date | None = None
    appointment_year: int | None = None
    pppk_code: str | None = None
    if actual is EmploymentKind.PNS:
        year, month = int(digits[8:12]), int(digits[12:14])
        if (year, month) < (birth.year + ADULT_AGE, birth.month):
            raise NipError(
                f"TMT CPNS {digits[8:14]} lebih awal dari usia 18 tahun (lahir {birth_text}).",
                "tmt",
            )
        tmt = datetime.date(year, month, 1)
    else:
        appointment_year, pppk_code = int(digits[8:12]), digits[12:14]
        if appointment_year < birth.year + ADULT_AGE:
            raise NipError(
                f"Tahun pengangkatan PPPK {digits[8:12]} lebih awal dari usia 18 tahun "
                f"(lahir {birth_text}).",
                "tmt",
            )
    gender_digit = digits[14]
    if gender_digit not in _GENDER_BY_DIGIT:
        raise NipError(
            "Digit jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), "
            f"ditemukan {gender_digit}.",
            "jenis_kelamin",
        )
    sequence = int(digits[15:])
    if sequence == 0:
        raise NipError("Nomor urut NIP (3 digit terakhir) tidak boleh 000.", "urutan")
    return Nip(
        digits=digits,
        kind=actual,
        birth_date=birth,
        gender=_GENDER_BY_DIGIT[gender_digit],
        sequence=sequence,
        tmt=tmt,
        appointment_year=appointment_year,
        pppk_code=pppk_code,
    )


def plain_nip_parts(digits: str) -> tuple[EmploymentKind, Gender, datetime.date] | None:
    """Kind, gender and birth date of 18 plain digits that parse_nip accepts, found faster
    than it (an import reads 100,000 NIPs); None for anything else, which parse_nip explains.

    The same rules as parse_nip without kind, in one pass with no Nip built; a test holds
    the two to the same answers."""
    if len(digits) != NIP_LENGTH or not (digits.isascii() and digits.isdigit()):
        return None
    birth = _birth_date_or_none(digits[:8])
    if birth is None:
        return None
    year, marker = int(digits[8:12]), int(digits[12:14])
    if 1 <= marker <= 12:
        kind, grown_up = EmploymentKind.PNS, (year, marker) >= (birth.year + ADULT_AGE, birth.month)
    else:
        kind, grown_up = EmploymentKind.PPPK, marker != 0 and year >= birth.year + ADULT_AGE
    gender = _GENDER_BY_DIGIT.get(digits[14])
    if not grown_up or gender is None or digits[15:] == "000":
        return None
    return kind, gender, birth


def build_nip(
    *,
    birth_date: datetime.date,
    gender: Gender,
    sequence: int,
    tmt: datetime.date | None = None,
    appointment_year: int | None = None,
    pppk_code: int | None = None,
) -> str:
    """Compose 18 digits: pass tmt for PNS, or appointment_year and pppk_code for PPPK."""
    pppk_fields = (appointment_year, pppk_code)
    if tmt is not None and any(value is not None for value in pppk_fields):
        raise ValueError("pass tmt (PNS) or appointment_year and pppk_code (PPPK), not both")
    if tmt is None and None in pppk_fields:
        raise ValueError("pass tmt (PNS) or both appointment_year and pppk_code (PPPK)")
    if not 1 <= sequence <= 999:
        raise ValueError(f"sequence must be 1-999, got {sequence}")
    if birth_date.year < MIN_BIRTH_YEAR:
        raise ValueError(f"birth year must be >= {MIN_BIRTH_YEAR}, got {birth_date.year}")
    if tmt is not None:
        middle = f"{tmt.year:04d}{tmt.month:02d}"
    else:
        assert appointment_year is not None and pppk_code is not None  # checked above
        if not 13 <= pppk_code <= 99:
            raise ValueError(
                f"pppk_code must be 13-99 (01-12 would read as a PNS TMT month), got {pppk_code}"
            )
        if not 1000 <= appointment_year <= 9999:
            raise ValueError(f"appointment_year must have 4 digits, got {appointment_year}")
        middle = f"{appointment_year:04d}{pppk_code:02d}"
    birth = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
    digits = f"{birth}{middle}{_DIGIT_BY_GENDER[Gender(gender)]}{sequence:03d}"
    # Reuse the parser's age rule so that build and parse can never disagree.
    parse_nip(digits)
    return digits


def _check_shape(digits: str) -> None:
    if not digits:
        raise NipError("NIP belum diisi; NIP harus 18 digit.", "panjang")
    others = list(dict.fromkeys(_NON_DIGIT.findall(digits)))
    if others:
        shown = ", ".join(f"'{char}'" for char in others)
        raise NipError(
            f"NIP hanya boleh berisi angka, tetapi mengandung karakter bukan angka: {shown}.",
            "panjang",
        )
    if len(digits) != NIP_LENGTH:
        raise NipError(f"NIP harus 18 digit, ditemukan {len(digits)} digit.", "panjang")


@lru_cache(maxsize=65536)  # a few thousand birth dates recur across a file of NIPs
def _birth_date_or_none(text: str) -> datetime.date | None:
    try:
        return _parse_birth_date(text)
    except NipError:
        return None


def _parse_birth_date(text: str) -> datetime.date:
    if int(text[:4]) < MIN_BIRTH_YEAR:
        raise NipError(
            f"Tanggal lahir {text} pada NIP tidak valid (tahun lahir harus 1900 atau sesudahnya).",
            "tanggal_lahir",
        )
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise NipError(
            f"Tanggal lahir {text} pada NIP bukan tanggal yang valid.", "tanggal_lahir"
        ) from None


def _kind_from_marker(digits: str, expected: EmploymentKind | None) -> EmploymentKind:
    # Digits 13-14 are a month (01-12) only in a PNS NIP and a code 13-99 only in an NI PPPK,
    # so they alone tell the two apart; 00 is neither.
    marker = int(digits[12:14])
    actual = EmploymentKind.PNS if 1 <= marker <= 12 else EmploymentKind.PPPK if marker else None
    if expected is EmploymentKind.PNS and actual is not EmploymentKind.PNS:
        raise NipError(f"Bulan TMT CPNS {digits[8:14]} tidak valid (harus 01–12).", "tmt")
    if expected is EmploymentKind.PPPK and actual is not EmploymentKind.PPPK:
        hint = "; 01–12 menandakan NIP PNS" if actual else ""
        raise NipError(
            f"Kode PPPK {digits[12:14]} pada NIP tidak valid (harus 13–99{hint}).", "kode"
        )
    if actual is None:
        raise NipError(
            f"Digit ke-13–14 NIP ({digits[12:14]}) tidak valid: harus bulan TMT CPNS 01–12 "
            "(PNS) atau kode PPPK 13–99.",
            "tmt",
        )
    return actual
