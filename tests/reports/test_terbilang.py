"""Numbers in Indonesian words, as a PNBP bill writes its total (reports/terbilang.py)."""

import pytest

from reports.terbilang import LIMIT, rupiah_words, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1_000, "seribu"),
        (1_001, "seribu satu"),
        (1_100, "seribu seratus"),
        (2_000, "dua ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (250_000, "dua ratus lima puluh ribu"),
        (1_000_000, "satu juta"),
        (1_200_000, "satu juta dua ratus ribu"),
        (1_001_000, "satu juta seribu"),
        (96_750_000, "sembilan puluh enam juta tujuh ratus lima puluh ribu"),
        (1_000_000_000, "satu miliar"),
        (2_000_000_001, "dua miliar satu"),
        (1_000_000_000_000, "satu triliun"),
        (
            1_234_567_890_123,
            "satu triliun dua ratus tiga puluh empat miliar lima ratus enam puluh tujuh juta "
            "delapan ratus sembilan puluh ribu seratus dua puluh tiga",
        ),
        (1_000_000_000_000_000, "satu kuadriliun"),
    ],
)
def test_it_writes_the_number_in_words(number, words):
    assert terbilang(number) == words


def test_the_largest_number_it_writes():
    words = terbilang(LIMIT - 1)
    assert words.startswith("sembilan ratus sembilan puluh sembilan kuadriliun")
    assert words.endswith("sembilan ratus sembilan puluh sembilan")


@pytest.mark.parametrize(
    ("number", "message"),
    [(-1, "Bilangan negatif"), (LIMIT, "Bilangan terlalu besar")],
)
def test_it_refuses_what_it_cannot_write(number, message):
    with pytest.raises(ValueError, match=message):
        terbilang(number)


def test_a_bill_total_in_rupiah():
    assert rupiah_words(1_200_000) == "satu juta dua ratus ribu rupiah"
    assert rupiah_words(0) == "nol rupiah"
