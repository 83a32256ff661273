"""The code on a participant card: the registration id signed with the site's secret key,
so nobody can make or guess a valid code from a NIP."""

from django.core import signing

_SIGNER = signing.Signer(salt="cact.card")


def card_code(registration_id: int) -> str:
    return _SIGNER.sign(f"R{registration_id}")


def registration_id_from_code(code: str) -> int | None:
    try:
        value = _SIGNER.unsign(code.strip())
    except signing.BadSignature:
        return None
    return int(value[1:]) if value.startswith("R") and value[1:].isdigit() else None
