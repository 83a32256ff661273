"""Rounding as the rules decide it (docs/rules.md#scoring): half away from zero to two
decimals, as Excel's ROUND does, so a figure checked by hand gives the same digits."""

import numpy as np


def round_half_up(values: np.ndarray | float) -> np.ndarray:
    """Half away from zero to 2 decimals, on the decimal value the float stands for.

    The guard (1e-9 of a cent) absorbs binary error: 97 / 40 = 2.425 is stored as
    2.42499999..., which a plain floor(x * 100 + 0.5) takes to 2.42. The figures here are
    ratios of small integers, so a true value is never that close to a half cent without
    being on it.
    """
    x = np.asarray(values, dtype=np.float64)
    return np.sign(x) * np.floor(np.abs(x) * 100 + 0.5 + 1e-9) / 100
