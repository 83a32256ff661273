"""A whole number in Indonesian words ("terbilang"), as a bill writes its total:
1_200_000 -> "satu juta dua ratus ribu". Pure: no Django.

The words follow the usual rules: "se-" for one of a unit below a million (sebelas,
seratus, seribu) and "satu" from a million up (satu juta, satu miliar); scales step by a
thousand: ribu, juta, miliar, triliun, kuadriliun.
"""

from __future__ import annotations

ONES = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip
SCALES = ("", "ribu", "juta", "miliar", "triliun", "kuadriliun")
LIMIT = 1000 ** len(SCALES)  # up to 999 kuadriliun and change


def terbilang(number: int) -> str:
    """The number in words, lower case; ValueError for a negative or too large number."""
    if number < 0:
        raise ValueError("Bilangan negatif tidak dapat ditulis dengan huruf.")
    if number >= LIMIT:
        raise ValueError("Bilangan terlalu besar untuk ditulis dengan huruf.")
    if number == 0:
        return ONES[0]
    words: list[str] = []
    for power in range(len(SCALES) - 1, -1, -1):
        group = number // 1000**power % 1000
        if not group:
            continue
        if power == 1 and group == 1:
            words.append("seribu")
            continue
        words.append(_below_thousand(group))
        if SCALES[power]:
            words.append(SCALES[power])
    return " ".join(words)


def rupiah_words(amount: int) -> str:
    """ "satu juta dua ratus ribu rupiah"."""
    return f"{terbilang(amount)} rupiah"


def _below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words.append(f"{ONES[hundreds]} ratus")
    if rest:
        words.append(_below_hundred(rest))
    return " ".join(words)


def _below_hundred(number: int) -> str:
    if number < len(ONES):
        return ONES[number]
    tens, ones = divmod(number, 10)
    if tens == 1:
        return f"{ONES[ones]} belas"
    return f"{ONES[tens]} puluh" + (f" {ONES[ones]}" if ones else "")
