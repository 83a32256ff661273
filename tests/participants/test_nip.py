"""participants.nip: NIP (PNS) and NI PPPK parsing, formatting and building."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.nip import (
    EmploymentKind,
    Gender,
    Nip,
    NipError,
    build_nip,
    normalize_nip,
    parse_nip,
)

EXAMPLE = "19860926 201505 1 001"
EXAMPLE_DIGITS = "198609262015051001"
PPPK_DIGITS = "198609262021151001"


def nip_error(raw: str, **kwargs) -> NipError:
    with pytest.raises(NipError) as caught:
        parse_nip(raw, **kwargs)
    return caught.value


# --- the docs/rules.md#nip example and the two kinds -----------------------------------------


def test_it_reads_the_domain_example_as_a_male_pns():
    assert parse_nip(EXAMPLE) == Nip(
        digits=EXAMPLE_DIGITS,
        kind=EmploymentKind.PNS,
        birth_date=dt.date(1986, 9, 26),
        gender=Gender.MALE,
        sequence=1,
        tmt=dt.date(2015, 5, 1),
        appointment_year=None,
        pppk_code=None,
    )


def test_it_formats_a_pns_nip_in_four_groups():
    assert parse_nip(EXAMPLE_DIGITS).formatted() == "19860926 201505 1 001"


def test_it_reads_a_pppk_number_with_appointment_year_and_code():
    assert parse_nip(PPPK_DIGITS) == Nip(
        digits=PPPK_DIGITS,
        kind=EmploymentKind.PPPK,
        birth_date=dt.date(1986, 9, 26),
        gender=Gender.MALE,
        sequence=1,
        tmt=None,
        appointment_year=2021,
        pppk_code="15",
    )


def test_it_formats_a_pppk_number_in_five_groups():
    assert parse_nip(PPPK_DIGITS).formatted() == "19860926 2021 15 1 001"


def test_it_reads_a_female_nip_with_a_high_sequence():
    nip = parse_nip("19900101 201403 2 999")
    assert (nip.gender, nip.sequence) == (Gender.FEMALE, 999)


def test_its_enums_hold_the_stored_values():
    assert [str(kind) for kind in EmploymentKind] == ["PNS", "PPPK"]
    assert [str(gender) for gender in Gender] == ["L", "P"]


def test_a_parsed_nip_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_nip(EXAMPLE).sequence = 2  # type: ignore[misc]


# --- separators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "198609262015051001",
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        "19860926\u00a0201505\u00a01\u00a0001",
        "19860926\t201505\t1\t001",
        "19860926–201505–1–001",
        "  19860926  201505 1 001\n",
        "1986 0926 2015 05 1 001",
        "'198609262015051001",
        "'19860926 201505 1 001",
        "\u2019198609262015051001",
        "\ufeff19860926\u200b201505 1 001",
    ],
)
def test_it_reads_nip_written_with_separators(raw):
    assert parse_nip(raw).digits == EXAMPLE_DIGITS


def test_it_normalises_without_validating():
    assert normalize_nip(" 1986.09-2x ") == "1986092x"
    assert normalize_nip("") == ""


def test_it_strips_an_apostrophe_only_at_the_start():
    assert normalize_nip("'1986") == "1986"
    assert normalize_nip("19'86") == "19'86"


# --- shape errors -----------------------------------------------------------------------------


def test_it_rejects_a_letter_among_the_digits():
    error = nip_error("19860926 20150A 1 001")
    assert error.part == "panjang"
    assert error.message == (
        "NIP hanya boleh berisi angka, tetapi mengandung karakter bukan angka: 'A'."
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("19860926/201505/1/001", "'/'"),
        ("1986'0926 201505 1 001", "'''"),
        ("NIP 198609262015051001", "'N', 'I', 'P'"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "'١'"),
    ],
)
def test_it_rejects_characters_that_are_neither_digits_nor_separators(raw, shown):
    error = nip_error(raw)
    assert error.part == "panjang"
    assert shown in error.message
    assert "bukan angka" in error.message


@pytest.mark.parametrize("raw", ["", "   ", "'", " . - "])
def test_it_rejects_an_empty_nip(raw):
    error = nip_error(raw)
    assert (error.part, error.message) == ("panjang", "NIP belum diisi; NIP harus 18 digit.")


@pytest.mark.parametrize(("raw", "count"), [("198609262015051", 15), ("1986092620150510011", 19)])
def test_it_says_how_many_digits_it_found(raw, count):
    error = nip_error(raw)
    assert error.part == "panjang"
    assert error.message == f"NIP harus 18 digit, ditemukan {count} digit."


def test_its_error_is_a_value_error_whose_text_is_the_message():
    error = nip_error("123")
    assert isinstance(error, ValueError)
    assert str(error) == error.message


# --- birth date -------------------------------------------------------------------------------


def test_it_rejects_an_impossible_birth_date():
    error = nip_error("19861331 201505 1 001")
    assert error.part == "tanggal_lahir"
    assert error.message == "Tanggal lahir 19861331 pada NIP bukan tanggal yang valid."


@pytest.mark.parametrize("birth", ["19860931", "19860900", "19860026", "19870229", "19000229"])
def test_it_rejects_birth_dates_that_do_not_exist(birth):
    error = nip_error(f"{birth} 201505 1 001")
    assert error.part == "tanggal_lahir"
    assert birth in error.message


@pytest.mark.parametrize("birth", ["19880229", "20000229"])
def test_it_accepts_a_29_february_birth_in_a_leap_year(birth):
    assert parse_nip(f"{birth} 202001 1 001").birth_date.day == 29


def test_it_rejects_a_birth_year_before_1900():
    error = nip_error("18991231 201505 1 001")
    assert error.part == "tanggal_lahir"
    assert "18991231" in error.message and "1900" in error.message


def test_it_accepts_a_birth_in_1900():
    assert parse_nip("19000101 191801 1 001").birth_date == dt.date(1900, 1, 1)


# --- TMT CPNS, PPPK code and the kind ---------------------------------------------------------


def test_it_rejects_a_tmt_before_the_age_of_18():
    error = nip_error("19860926 200001 1 001")
    assert error.part == "tmt"
    assert error.message == "TMT CPNS 200001 lebih awal dari usia 18 tahun (lahir 19860926)."


def test_it_accepts_a_tmt_in_the_month_of_the_18th_birthday():
    assert parse_nip("19860926 200409 1 001").tmt == dt.date(2004, 9, 1)


def test_it_rejects_a_tmt_one_month_before_the_18th_birthday():
    assert nip_error("19860926 200408 1 001").part == "tmt"


def test_it_compares_the_tmt_across_a_year_boundary():
    assert nip_error("19861215 200411 1 001").part == "tmt"
    assert parse_nip("19861215 200412 1 001").tmt == dt.date(2004, 12, 1)
    assert parse_nip("19860115 200501 1 001").tmt == dt.date(2005, 1, 1)


@pytest.mark.parametrize("month", ["01", "12"])
def test_it_reads_digits_13_to_14_from_01_to_12_as_a_pns_tmt_month(month):
    nip = parse_nip(f"19860926 2015{month} 1 001")
    assert (nip.kind, nip.tmt) == (EmploymentKind.PNS, dt.date(2015, int(month), 1))
    assert (nip.appointment_year, nip.pppk_code) == (None, None)


@pytest.mark.parametrize("code", ["13", "50", "99"])
def test_it_reads_digits_13_to_14_from_13_to_99_as_a_pppk_code(code):
    nip = parse_nip(f"19860926 2015 {code} 1 001")
    assert (nip.kind, nip.appointment_year, nip.pppk_code) == (EmploymentKind.PPPK, 2015, code)
    assert nip.tmt is None


def test_it_rejects_00_as_neither_month_nor_code():
    error = nip_error("19860926 201500 1 001")
    assert error.part == "tmt"
    assert error.message == (
        "Digit ke-13–14 NIP (00) tidak valid: harus bulan TMT CPNS 01–12 (PNS) "
        "atau kode PPPK 13–99."
    )


def test_it_rejects_a_pppk_appointment_before_the_age_of_18():
    error = nip_error("19860926 2003 15 1 001")
    assert error.part == "tmt"
    assert error.message == (
        "Tahun pengangkatan PPPK 2003 lebih awal dari usia 18 tahun (lahir 19860926)."
    )


def test_it_accepts_a_pppk_appointment_in_the_year_of_the_18th_birthday():
    assert parse_nip("19861231 2004 15 1 001").appointment_year == 2004


def test_it_rejects_a_month_13_when_the_caller_expects_a_pns():
    error = nip_error("19860926 201513 1 001", kind=EmploymentKind.PNS)
    assert error.part == "tmt"
    assert error.message == "Bulan TMT CPNS 201513 tidak valid (harus 01–12)."


def test_it_rejects_00_when_the_caller_expects_a_pns():
    error = nip_error("19860926 201500 1 001", kind="PNS")
    assert (error.part, error.message) == (
        "tmt",
        "Bulan TMT CPNS 201500 tidak valid (harus 01–12).",
    )


def test_it_rejects_a_month_when_the_caller_expects_a_pppk():
    error = nip_error(EXAMPLE, kind="PPPK")
    assert error.part == "kode"
    assert (
        error.message
        == "Kode PPPK 05 pada NIP tidak valid (harus 13–99; 01–12 menandakan NIP PNS)."
    )


def test_it_rejects_00_when_the_caller_expects_a_pppk():
    error = nip_error("19860926 2015 00 1 001", kind="PPPK")
    assert (error.part, error.message) == (
        "kode",
        "Kode PPPK 00 pada NIP tidak valid (harus 13–99).",
    )


def test_it_accepts_a_number_of_the_kind_the_caller_expects():
    assert parse_nip(EXAMPLE, kind="PNS").kind == EmploymentKind.PNS
    assert parse_nip(PPPK_DIGITS, kind=EmploymentKind.PPPK).kind == EmploymentKind.PPPK


def test_it_refuses_an_unknown_expected_kind():
    with pytest.raises(ValueError):
        parse_nip(EXAMPLE, kind="HONORER")


# --- gender and sequence ----------------------------------------------------------------------


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_it_rejects_a_gender_digit_other_than_1_or_2(digit):
    error = nip_error(f"19860926 201505 {digit} 001")
    assert error.part == "jenis_kelamin"
    assert error.message == (
        f"Digit jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), ditemukan {digit}."
    )


def test_it_rejects_sequence_000():
    error = nip_error("19860926 201505 1 000")
    assert (error.part, error.message) == (
        "urutan",
        "Nomor urut NIP (3 digit terakhir) tidak boleh 000.",
    )


def test_it_reports_the_leftmost_faulty_part():
    assert nip_error("19861331 201500 3 000").part == "tanggal_lahir"
    assert nip_error("19860926 201500 3 000").part == "tmt"
    assert nip_error("19860926 201505 3 000").part == "jenis_kelamin"


# --- age --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(2016, 9, 25), 29),
        (dt.date(2016, 9, 26), 30),
        (dt.date(1986, 9, 26), 0),
        (dt.datetime(2016, 9, 26, 8, 0), 30),
    ],
)
def test_it_counts_completed_years_of_age(day, age):
    assert parse_nip(EXAMPLE).age_on(day) == age


def test_it_counts_a_29_february_birthday_as_reached_on_1_march():
    nip = parse_nip("19880229 201001 1 001")
    assert nip.age_on(dt.date(2023, 2, 28)) == 34
    assert nip.age_on(dt.date(2023, 3, 1)) == 35
    assert nip.age_on(dt.date(2024, 2, 29)) == 36


def test_it_refuses_an_age_before_birth():
    with pytest.raises(ValueError):
        parse_nip(EXAMPLE).age_on(dt.date(1986, 9, 25))


# --- build_nip --------------------------------------------------------------------------------


def test_it_builds_the_domain_example():
    built = build_nip(
        birth_date=dt.date(1986, 9, 26), gender=Gender.MALE, sequence=1, tmt=dt.date(2015, 5, 17)
    )
    assert built == EXAMPLE_DIGITS


def test_it_builds_a_pppk_number():
    built = build_nip(
        birth_date=dt.date(1986, 9, 26),
        gender="L",
        sequence=1,
        appointment_year=2021,
        pppk_code=15,
    )
    assert built == PPPK_DIGITS


@pytest.mark.parametrize(
    "changes",
    [
        {"appointment_year": 2021, "pppk_code": 15},
        {"tmt": None},
        {"tmt": None, "appointment_year": 2021},
        {"tmt": None, "pppk_code": 15},
        {"sequence": 0},
        {"sequence": 1000},
        {"birth_date": dt.date(1899, 12, 31)},
        {"tmt": dt.date(2004, 8, 1)},
        {"tmt": None, "appointment_year": 2021, "pppk_code": 12},
        {"tmt": None, "appointment_year": 2021, "pppk_code": 100},
        {"tmt": None, "appointment_year": 10000, "pppk_code": 15},
        {"tmt": None, "appointment_year": 2003, "pppk_code": 15},
        {"gender": "X"},
    ],
)
def test_it_refuses_to_build_an_impossible_nip(changes):
    fields = {
        "birth_date": dt.date(1986, 9, 26),
        "gender": Gender.FEMALE,
        "sequence": 7,
        "tmt": dt.date(2015, 5, 1),
    }
    with pytest.raises(ValueError):
        build_nip(**(fields | changes))


# --- properties -------------------------------------------------------------------------------


@st.composite
def valid_fields(draw):
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)))
    fields = {
        "birth_date": birth,
        "gender": draw(st.sampled_from(Gender)),
        "sequence": draw(st.integers(1, 999)),
    }
    adult = birth.year + 18
    if draw(st.booleans()):
        year = draw(st.integers(adult, 2099))
        month = draw(st.integers(birth.month if year == adult else 1, 12))
        fields["tmt"] = dt.date(year, month, 1)
    else:
        fields["appointment_year"] = draw(st.integers(adult, 9999))
        fields["pppk_code"] = draw(st.integers(13, 99))
    return fields


@given(valid_fields())
def test_every_built_nip_parses_back_to_the_same_fields(fields):
    nip = parse_nip(build_nip(**fields))
    assert nip.birth_date == fields["birth_date"]
    assert nip.gender == fields["gender"]
    assert nip.sequence == fields["sequence"]
    assert nip.tmt == fields.get("tmt")
    assert nip.appointment_year == fields.get("appointment_year")
    code = fields.get("pppk_code")
    assert nip.pppk_code == (None if code is None else f"{code:02d}")
    assert nip.kind == (EmploymentKind.PNS if "tmt" in fields else EmploymentKind.PPPK)


@given(valid_fields())
def test_every_formatted_nip_normalises_back_to_its_digits(fields):
    nip = parse_nip(build_nip(**fields))
    assert normalize_nip(nip.formatted()) == nip.digits
    assert parse_nip(nip.formatted()) == nip


@given(valid_fields(), st.lists(st.sampled_from([" ", ".", "-", "\u00a0", "–"]), max_size=17))
def test_every_nip_survives_separators_between_its_digits(fields, separators):
    digits = build_nip(**fields)
    raw = "".join(
        digit + (separators[i] if i < len(separators) else "") for i, digit in enumerate(digits)
    )
    assert parse_nip(raw).digits == digits


def _is_foreign(char: str) -> bool:
    return char not in "0123456789" and normalize_nip(char) == char


@given(
    valid_fields(),
    st.characters(exclude_categories=("Cs",)).filter(_is_foreign),
    st.integers(0, 18),
)
def test_any_character_that_is_not_a_digit_or_separator_is_rejected(fields, char, position):
    digits = build_nip(**fields)
    error = nip_error(digits[:position] + char + digits[position:])
    assert error.part == "panjang"
    assert char in error.message


@given(st.text(alphabet="0123456789", max_size=40).filter(lambda text: len(text) != 18))
def test_any_digit_string_not_18_long_is_rejected(digits):
    error = nip_error(digits)
    assert error.part == "panjang"
    if digits:
        assert f"ditemukan {len(digits)} digit" in error.message
