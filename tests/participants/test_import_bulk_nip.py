"""nip.plain_nip_parts, the import's fast path, agrees with parse_nip on every NIP."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from participants.nip import NipError, parse_nip, plain_nip_parts


def parsed(digits: str):
    try:
        nip = parse_nip(digits)
    except NipError:
        return None
    return nip.kind, nip.gender, nip.birth_date


# Mostly near-valid NIPs, so that each part (birth date, TMT or PPPK code, gender, sequence)
# is in turn the only one at fault.
near_valid = st.builds(
    "{:04d}{:02d}{:02d}{:04d}{:02d}{}{:03d}".format,
    st.integers(1890, 2010),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(1900, 2030),
    st.integers(0, 99),
    st.sampled_from("0123"),
    st.integers(0, 3),
)


@settings(max_examples=3000)
@given(near_valid | st.text("0123456789", min_size=17, max_size=19))
@example("198609262015051001")
@example("198609262021151001")  # PPPK
@example("200002292018021001")  # born on a leap day
@example("190002292018021001")  # 1900 was no leap year
@example("198609262004091001")  # TMT in the month of turning 18
@example("198609262004081001")  # a month before
@example("198609262004131001")  # PPPK, appointed the year of turning 18
def test_it_accepts_exactly_what_parse_nip_accepts(digits):
    assert plain_nip_parts(digits) == parsed(digits)


@pytest.mark.parametrize(
    "raw", ["19860926 201505 1 001", "'198609262015051001", "１９８６０９２６２０１５０５１００１"]
)
def test_it_leaves_anything_but_plain_digits_to_parse_nip(raw):
    assert plain_nip_parts(raw) is None
