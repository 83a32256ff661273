"""Text normalisation shared by master data and imports (no Django imports)."""

import re

_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """The key two names are matched on: case- and space-insensitive.

    "Dinas  Kesehatan " and "dinas kesehatan" are the same OPD to an operator.
    """
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().casefold()


def clean_name(text: str) -> str:
    """A name as we store it: single spaces, no surrounding blanks."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
