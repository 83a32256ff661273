"""The MSK competencies and the position classes that require levels of them.

Plain data, as docs/rules.md#position-classes-and-required-levels lists it; no Django
imports, so the scoring core can share it.
"""

COMPETENCIES: tuple[tuple[str, str], ...] = (
    ("M.01", "Integritas"),
    ("M.02", "Kerja Sama"),
    ("M.03", "Komunikasi"),
    ("M.04", "Orientasi pada Hasil"),
    ("M.05", "Pelayanan Publik"),
    ("M.06", "Pengembangan Diri dan Orang Lain"),
    ("M.07", "Mengelola Perubahan"),
    ("M.08", "Pengambilan Keputusan"),
    ("SK.01", "Perekat Bangsa"),
)
COMPETENCY_CODES: tuple[str, ...] = tuple(code for code, _ in COMPETENCIES)

# Position class -> the level (1-5) every competency requires unless overridden.
DEFAULT_REQUIRED_LEVELS: tuple[tuple[str, int], ...] = (
    ("JPT Utama", 5),
    ("JPT Madya", 5),
    ("JPT Pratama", 4),
    ("Administrator", 3),
    ("Pengawas", 2),
    ("Pelaksana", 1),
    ("JF Ahli Utama", 4),
    ("JF Ahli Madya", 3),
    ("JF Ahli Muda", 2),
    ("JF Ahli Pertama", 1),
    ("JF Penyelia", 2),
    ("JF Mahir", 1),
    ("JF Terampil", 1),
    ("JF Pemula", 1),
)

MIN_LEVEL = 1
MAX_LEVEL = 5
