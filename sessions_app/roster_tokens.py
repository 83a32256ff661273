"""The token of one row of a proctor's list: the registration id and the session signed
together with the site's secret key.

The page hands it out with each row it shows, and a tap on that row sends it back. So the
mark endpoint knows the person was on this session's list when the page was drawn (and may
warn that they have been moved since) without taking a bare registration id, which any
proctor could count through to find everyone of the event.
"""

from django.core import signing

_SIGNER = signing.Signer(salt="cact.roster")


def roster_token(session_id: int, registration_id: int) -> str:
    return _SIGNER.sign(f"S{session_id}R{registration_id}")


def registration_id_from_roster_token(token: str, session_id: int) -> int | None:
    """The registration of a token issued for this session, or None."""
    try:
        value = _SIGNER.unsign(token.strip())
    except signing.BadSignature:
        return None
    session_part, _, registration_part = value.partition("R")
    if session_part != f"S{session_id}" or not registration_part.isdigit():
        return None
    return int(registration_part)
