"""Mobile numbers in one form, +62 followed by the national number, as WhatsApp and SMS
gateways take them (no Django imports).

People write 0812-3456-7890, +62 812 3456 7890, 62812..., or (in an Excel cell typed as a
number, which drops the leading zero) 81234567890; all become +6281234567890.
"""

import re

_JUNK = re.compile(r"[\s().\-/]")
# An Indonesian mobile number after the country code: 8, then 8 to 11 more digits.
_MOBILE = re.compile(r"^8\d{8,11}$")


class PhoneError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_phone(value: object) -> str:
    """The number as +62..., "" for an empty value; PhoneError with an Indonesian message for
    anything that is not an Indonesian mobile number."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PhoneError(f"No HP {value} tidak valid; tulis seperti 0812-3456-7890.")
    raw = _JUNK.sub("", str(value))
    if not raw:
        return ""
    if raw.startswith("+62"):
        national = raw[3:]
    elif raw.startswith("62"):
        national = raw[2:]
    elif raw.startswith("0"):
        national = raw[1:]
    elif isinstance(value, int):
        national = raw  # Excel dropped the leading zero of a number-typed cell
    else:
        national = ""
    if not _MOBILE.match(national) or not national.isascii():
        raise PhoneError(
            f"No HP {str(value).strip()} tidak valid; tulis nomor HP Indonesia seperti "
            "0812-3456-7890 atau +62 812-3456-7890."
        )
    return f"+62{national}"


def wa_number(phone: str) -> str:
    """The digits wa.me wants (6281234567890), or "" when the stored number is not usable."""
    try:
        return normalize_phone(phone).removeprefix("+")
    except PhoneError:
        return ""
