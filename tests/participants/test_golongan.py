"""participants.golongan: PNS golongan/ruang with pangkat, PPPK golongan I–XVII."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.golongan import (
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Golongan,
    GolonganError,
    golongan_choices,
    parse_golongan,
)
from participants.nip import EmploymentKind

# Written out independently of the module so that a typo there shows up here.
PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
# fmt: off
ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]
# fmt: on


def golongan_error(raw: str, kind: str | None = None) -> GolonganError:
    with pytest.raises(GolonganError) as caught:
        parse_golongan(raw, kind)
    return caught.value


def pns_spellings(grade: Golongan) -> list[str]:
    roman, ruang = grade.code.split("/")
    return [
        f"{roman}/{ruang}",
        f"{roman}-{ruang}",
        f"{roman} {ruang}",
        f"{roman.lower()}/{ruang.upper()}",
        f"{roman}.{ruang}",
        f"{roman}{ruang}",
        f" {roman} / {ruang} ",
        f"{roman}–{ruang}",
        f"Gol. {roman}/{ruang}",
        f"Golongan {roman}/{ruang}",
        f"golongan/ruang {roman}/{ruang}",
        f"{grade.pangkat}, {roman}/{ruang}",
        f"{grade.pangkat} ({roman}/{ruang})",
        f"{(grade.pangkat or '').upper()} - {roman}/{ruang}",
        f"{roman}/{ruang} – {grade.pangkat}",
        f"{grade.pangkat}",
        f"{roman}/{ruang} PNS",
    ]


# --- the tables ---------------------------------------------------------------------------------


def test_it_lists_the_17_pns_grades_in_rank_order_with_their_pangkat():
    assert [(g.code, g.pangkat) for g in PNS_GOLONGAN] == list(PANGKAT.items())
    assert [g.rank for g in PNS_GOLONGAN] == list(range(1, 18))
    assert {g.kind for g in PNS_GOLONGAN} == {"PNS"}


def test_it_lists_the_17_pppk_grades_in_rank_order_without_pangkat():
    assert [g.code for g in PPPK_GOLONGAN] == ROMAN
    assert [g.rank for g in PPPK_GOLONGAN] == list(range(1, 18))
    assert {(g.kind, g.pangkat) for g in PPPK_GOLONGAN} == {("PPPK", None)}


def test_its_kinds_are_plain_strings_equal_to_the_nip_kinds():
    assert type(PNS_GOLONGAN[0].kind) is str
    assert PNS_GOLONGAN[0].kind == EmploymentKind.PNS
    assert PPPK_GOLONGAN[0].kind == EmploymentKind.PPPK


def test_a_golongan_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PNS_GOLONGAN[0].rank = 5  # type: ignore[misc]


def test_it_offers_every_grade_as_a_dropdown_choice():
    choices = golongan_choices()
    assert len(choices) == 34
    assert choices[0] == ("I/a", "I/a – Juru Muda")
    assert ("III/c", "III/c – Penata") in choices
    assert ("IV/e", "IV/e – Pembina Utama") in choices
    assert ("IX", "IX (PPPK)") in choices
    assert len({code for code, _ in choices}) == 34


@pytest.mark.parametrize(("code", "label"), golongan_choices())
def test_every_choice_code_and_label_parses_back_to_its_grade(code, label):
    assert parse_golongan(code).code == code
    assert parse_golongan(label).code == code


# --- accepted spellings -------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["III/c", "III-c", "III c", "iii/C", "III.c", "IIIc", " III / c "])
def test_it_reads_the_spellings_named_in_the_domain(raw):
    assert parse_golongan(raw) == Golongan("III/c", "PNS", 11, "Penata")


@pytest.mark.parametrize(
    ("grade", "raw"), [(grade, raw) for grade in PNS_GOLONGAN for raw in pns_spellings(grade)]
)
def test_it_reads_every_spelling_of_every_pns_grade(grade, raw):
    assert parse_golongan(raw) is grade
    assert parse_golongan(raw, "PNS") is grade


@pytest.mark.parametrize(
    "raw",
    ["Penata Muda Tk. I, III/b", "Penata Muda Tkt I", "penata muda tingkat 1", "Penata Muda Tk.I"],
)
def test_it_reads_abbreviated_tingkat_i(raw):
    assert parse_golongan(raw).code == "III/b"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Pembina Tingkat I, IV/b", "IV/b"),
        ("Pembina, IV/a", "IV/a"),
        ("Pembina Utama Madya (IV/d)", "IV/d"),
        ("Pembina Utama Muda (IV/c)", "IV/c"),
        ("Pembina Utama, IV/e", "IV/e"),
        ("Juru Muda Tingkat I, I/b", "I/b"),
        ("Pangkat/Gol. Ruang: III/d", "III/d"),
        ("Penata\u00a0Muda,\tIII/a", "III/a"),
    ],
)
def test_it_does_not_confuse_pangkat_names_that_share_words(raw, code):
    assert parse_golongan(raw).code == code


@pytest.mark.parametrize("index", range(17))
def test_it_reads_every_pppk_grade_as_a_bare_roman_numeral(index):
    roman = ROMAN[index]
    for raw in (
        roman,
        roman.lower(),
        f"Gol. {roman}",
        f"Golongan {roman}",
        f" {roman} ",
        f"{roman} (PPPK)",
    ):
        assert parse_golongan(raw) is PPPK_GOLONGAN[index]
        assert parse_golongan(raw, "PPPK") is PPPK_GOLONGAN[index]


@pytest.mark.parametrize("number", range(1, 18))
def test_it_reads_arabic_numbers_only_for_pppk(number):
    assert parse_golongan(str(number), "PPPK").code == ROMAN[number - 1]
    assert parse_golongan(f"Gol. {number}", EmploymentKind.PPPK).rank == number
    assert "Romawi" in golongan_error(str(number)).message
    assert "Romawi" in golongan_error(str(number), "PNS").message


@pytest.mark.parametrize("raw", ["0", "18", "99"])
def test_it_rejects_arabic_pppk_numbers_outside_1_to_17(raw):
    assert "I–XVII" in golongan_error(raw, "PPPK").message


def test_it_accepts_the_kind_in_any_case_and_as_the_enum():
    assert parse_golongan("ix", "pppk").code == "IX"
    assert parse_golongan("III/c", EmploymentKind.PNS).code == "III/c"


def test_it_reads_a_bare_roman_numeral_as_pppk_when_the_kind_is_unknown():
    assert parse_golongan("III").kind == "PPPK"


# --- kind conflicts -----------------------------------------------------------------------------


def test_it_requires_a_ruang_for_pns():
    error = golongan_error("III", "PNS")
    assert error.message == "Golongan PNS harus lengkap dengan ruang, misalnya III/c."


def test_it_requires_a_ruang_beside_a_pangkat_name():
    assert "ruang" in golongan_error("Penata, III").message


@pytest.mark.parametrize("raw", ["III/c", "Penata, III/c", "Penata", "IV/e"])
def test_it_tells_pppk_to_use_golongan_i_to_xvii(raw):
    error = golongan_error(raw, "PPPK")
    assert "PPPK memakai golongan I–XVII" in error.message


def test_it_rejects_a_kind_marker_that_contradicts_the_kind():
    assert "PPPK" in golongan_error("IX (PPPK)", "PNS").message


def test_it_refuses_an_unknown_kind_as_a_programming_error():
    with pytest.raises(ValueError) as caught:
        parse_golongan("III/c", "Honorer")
    assert not isinstance(caught.value, GolonganError)


# --- rejects ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("V/a", "Golongan V/a tidak ada; golongan PNS hanya I sampai IV (I/a–IV/e)."),
        ("III/f", "Ruang f pada golongan III/f tidak valid; ruang golongan III adalah a–d."),
        ("IV/f", "Ruang f pada golongan IV/f tidak valid; ruang golongan IV adalah a–e."),
        ("I/e", "Golongan I/e tidak ada; ruang e hanya ada pada golongan IV (IV/e)."),
        ("II/e", "Golongan II/e tidak ada; ruang e hanya ada pada golongan IV (IV/e)."),
        ("III/e", "Golongan III/e tidak ada; ruang e hanya ada pada golongan IV (IV/e)."),
        ("", "Golongan belum diisi."),
        ("  \u00a0", "Golongan belum diisi."),
        ("XVIII", "Golongan XVIII tidak ada; golongan PPPK adalah I–XVII."),
        ("IIII", "Golongan IIII tidak ada; golongan PPPK adalah I–XVII."),
        ("abc", "Golongan 'abc' tidak dikenali. Tulis misalnya III/c (PNS) atau IX (PPPK)."),
        (
            "Penata, III/a",
            "Pangkat Penata tidak sesuai dengan golongan III/a "
            "(pangkat golongan III/a adalah Penata Muda).",
        ),
    ],
)
def test_it_rejects_grades_that_do_not_exist_with_a_clear_message(raw, expected):
    error = golongan_error(raw)
    assert error.message == expected
    assert str(error) == expected
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "raw",
    ["III/", "/c", "III/cc", "III//c", "Juragan III/c", "3/c", "III/c/d", "Penata Penata", "-"],
)
def test_it_rejects_malformed_text(raw):
    assert "tidak dikenali" in golongan_error(raw).message


# --- properties ---------------------------------------------------------------------------------


def random_case(draw, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(text, flips, strict=True))


PADDING = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])
PREFIX = st.sampled_from(["", "Gol. ", "gol ", "GOLONGAN ", "Golongan: "])


@st.composite
def pns_spelling(draw):
    grade = draw(st.sampled_from(PNS_GOLONGAN))
    roman, ruang = grade.code.split("/")
    separator = draw(st.sampled_from(["/", "-", ".", " ", "", " / ", "–", " - "]))
    text = random_case(draw, roman) + separator + random_case(draw, ruang)
    return grade, draw(PADDING) + draw(PREFIX) + text + draw(PADDING)


@st.composite
def pppk_spelling(draw):
    grade = draw(st.sampled_from(PPPK_GOLONGAN))
    return grade, draw(PADDING) + draw(PREFIX) + random_case(draw, grade.code) + draw(PADDING)


@given(pns_spelling())
def test_any_casing_and_separator_of_a_pns_grade_parses_back_to_it(case):
    grade, raw = case
    assert parse_golongan(raw).code == grade.code
    assert parse_golongan(raw, "PNS").code == grade.code


@given(pppk_spelling())
def test_any_casing_of_a_pppk_grade_parses_back_to_it(case):
    grade, raw = case
    assert parse_golongan(raw).code == grade.code
    assert parse_golongan(raw, "PPPK").code == grade.code
