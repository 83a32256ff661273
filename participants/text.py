"""Text normalisation shared by master data and imports (no Django imports)."""

import re
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)  # an import asks for the same few hundred OPD names 100,000 times
def name_key(text: str) -> str:
    """The key two names are matched on: case- and space-insensitive.

    "Dinas  Kesehatan " and "dinas kesehatan" are the same OPD to an operator.
    """
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().casefold()


def clean_name(text: str) -> str:
    """A name as we store it: single spaces, no surrounding blanks."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
