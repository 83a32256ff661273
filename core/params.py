"""Reading query-string parameters: a value a page cannot use is ignored, never a 500.

Typed or forged URLs bring values that look right to str methods and not to the database:
"²".isdigit() is true yet int("²") fails, 10**20 overflows a bigint column, and PostgreSQL
refuses a NUL in any text it is given. Every view reads its query parameters through these.
"""

from collections.abc import Container

from django.http import HttpRequest

from core.text import normalize_text

MAX_ID = 2**63 - 1  # PostgreSQL bigint; a larger id would fail in the database
MAX_TEXT = 200


def int_param(
    request: HttpRequest, name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """The parameter as a whole number in [minimum, maximum], written in ASCII digits only;
    None when absent or anything else."""
    raw = request.GET.get(name, "").strip()
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def text_param(request: HttpRequest, name: str, *, max_length: int = MAX_TEXT) -> str:
    """The parameter as stored text would be (no control character, single spaces),
    cut at max_length; "" when absent."""
    return normalize_text(request.GET.get(name, ""))[:max_length]


def choice_param(
    request: HttpRequest, name: str, choices: Container[str], default: str = ""
) -> str:
    """The parameter when it is one of choices (a collection of str), else default."""
    value = request.GET.get(name, "")
    return value if value in choices else default
