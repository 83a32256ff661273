"""Deterministic data for the embedded demo: Tahap III of the 2024 CACT in Kalimantan Utara.

387 ASN from every provincial OPD and its UPTs in the regencies, tested 27-29 February 2024 in
the computer lab of SMK Negeri 1 Tanjung Selor; 60 of them cannot come on days 1-2.
Pure Python (no Django): the demo loader and the tests build on it. Here the people, their
positions and names; their OPDs and posts in demo.opds, the saved sheet in
demo.participant_sheet.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo.opds import (
    DEMO_OPDS,
    OPD_WEIGHT,
    UPT_SHARE,
    OpdSpec,
    UptSpec,
    post_title,
    structural_posts,
)
from participants.nip import Gender, build_nip

DEMO_HEADERS: tuple[str, ...] = (
    "NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD", "UPT", "Kabupaten/Kota",
    "No HP", "Email", "Tidak Bisa",
)  # fmt: skip
DEMO_PARTICIPANT_COUNT = 387
DEMO_UNAVAILABLE_COUNT = 60  # busy on days 1-2, moved to day 3
DEMO_UNAVAILABLE_DATES = "2024-02-27; 2024-02-28"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# weight, birth years, oldest age at TMT, PNS golongan range, PPPK golongan, P(bachelor), P(master)
_JENIS = {
    "JPT Pratama": (0, 1966, 1976, 28, "IV/c", "IV/d", (), 1.0, 0.9),
    "Administrator": (8, 1966, 1984, 28, "III/d", "IV/b", (), 1.0, 0.6),
    "Pengawas": (18, 1968, 1990, 30, "III/b", "III/d", (), 1.0, 0.3),
    "JF Ahli Madya": (3, 1966, 1980, 28, "IV/a", "IV/c", ("XI", "XII"), 1.0, 0.5),
    "JF Ahli Muda": (9, 1970, 1990, 32, "III/c", "III/d", ("X", "XI"), 1.0, 0.3),
    "JF Ahli Pertama": (12, 1980, 2000, 35, "III/a", "III/b", ("IX",), 1.0, 0.1),
    "JF Penyelia": (3, 1966, 1984, 30, "III/c", "III/d", ("VIII", "IX"), 0.4, 0.0),
    "JF Mahir": (5, 1972, 1995, 35, "III/a", "III/b", ("VII", "VIII"), 0.3, 0.0),
    "JF Terampil": (8, 1980, 2000, 35, "II/b", "II/d", ("VII",), 0.1, 0.0),
    "Pelaksana": (34, 1968, 2000, 35, "II/a", "III/b", ("V", "VI", "VII"), 0.5, 0.0),
}
_GOLONGAN = _words("II/a II/b II/c II/d III/a III/b III/c III/d IV/a IV/b IV/c IV/d")  # in use
_PPPK_SHARE = 0.12  # of JF and Pelaksana: about 10% of everyone
_JPT_COUNT = 6

_MALE = _words("""Muhammad Ahmad Abdul Andi Agus Budi Hendra Rudi Yohanes Yosef Daniel Markus
Fransiskus Rahmat Syamsul Irwan Fadli Arif Rizky Heri Dedi Bambang Eko Joko Firman Ilham Yusuf
Hamdan Sulaiman Ismail Zainal Rusli Stefanus Lukas Petrus Paulus Gunawan Wahyu Dimas Akbar Taufik
Ridwan Jumadi Samsul Hasanuddin Baharuddin Mulyadi Sutrisno Imanuel Lewi Yansen Ardiansyah Fajar""")
_FEMALE = _words("""Siti Nur Rina Dewi Sri Fitri Yuliana Maria Kristina Ani Rahmawati Nurul Indah
Ratna Wulan Ayu Dian Erna Herlina Fatimah Aisyah Nurhayati Sartika Yanti Novita Desi Rosalina
Agustina Veronika Mariana Hasnah Suryani Mega Putri Anisa Rini Elisabet Magdalena Sumiati Hartini
Rosmawati Juliana Marlina Irma Sulastri""")
_MALE_SECOND = _words("""Saputra Hidayat Pratama Kurniawan Setiawan Wijaya Nugroho Santoso
Firmansyah Ramadhan Syahputra Hakim Rahman Hasan Maulana Prasetyo Hermawan""")
_FEMALE_SECOND = _words("""Saputri Lestari Handayani Wulandari Rahayu Puspitasari Anggraini
Wahyuni Yuliani Safitri Permatasari Ningsih Kartika Oktaviani Purnamasari""")
_FAMILY = _words("""Lahang Ajang Laing Padan Tingang Uyau Bilung Irang Usat Ngau Balan Siregar
Simanjuntak Sitorus Tambunan Manurung Pakpahan Tandirerung Rante Pasolang Parinding Pasande
Palinggi Sampe Pareira Fernandez Lamanepa""")
_BACHELOR = _words("S.Sos. S.E. S.H. S.IP. S.AP. S.T. S.Kom. S.Pd. S.Ak.")
_MASTER = _words("M.Si. M.M. M.AP. M.H. M.T. M.Pd. M.Kes.")
_OWN_BACHELOR = {
    "DISDIKBUD": "S.Pd.", "DINKES": "S.KM.", "RSUD-JSK": "S.Kep.", "BIRO-HUKUM": "S.H.",
    "DISHUT": "S.Hut.", "DKP": "S.Pi.", "DPKP": "S.P.", "DPUPR-PERKIM": "S.T.", "DESDM": "S.T.",
    "DISKOMINFO": "S.Kom.", "BPKAD": "S.E.", "BAPENDA": "S.E.",
}  # fmt: skip
_PHONE_PREFIXES = _words("0811 0812 0813 0821 0822 0852 0853 0856 0857 0877 0878 0819 0895 0896")
_EMAIL_DOMAINS = ("gmail.com", "gmail.com", "yahoo.co.id", "kaltaraprov.go.id")
_Row = dict[str, str]


def demo_participant_rows(
    count: int = 387, seed: int = 2024, unavailable: str = DEMO_UNAVAILABLE_DATES
) -> list[dict[str, str]]:
    """The demo's participant sheet: one dict per row, keys DEMO_HEADERS, all values strings;
    `unavailable` is the `Tidak Bisa` cell of those busy on days 1-2 (seed_demo gives its own
    days, demo/stage_dates.py).

    Rows are grouped by OPD (main office first, then its UPTs) and ranked by position class.
    """
    generator = _Generator(seed)
    sizes = _allocate(count)
    big_enough = [opd.code for opd in DEMO_OPDS if sizes[opd.code] >= 3]
    with_head = set(generator.rng.sample(big_enough, min(_JPT_COUNT, len(big_enough))))
    rows: list[dict[str, str]] = []
    for opd in DEMO_OPDS:
        at_upts = round(sizes[opd.code] * UPT_SHARE.get(opd.code, 0.0)) if opd.upts else 0
        units: list[UptSpec | None] = [None] * (sizes[opd.code] - at_upts)
        units += [opd.upts[i % len(opd.upts)] for i in range(at_upts)]
        for upt in dict.fromkeys(units):
            head = opd.code in with_head and upt is None
            rows += generator.unit_rows(opd, upt, units.count(upt), head)
    busy = round(count * DEMO_UNAVAILABLE_COUNT / DEMO_PARTICIPANT_COUNT)
    for index in generator.rng.sample(range(len(rows)), min(busy, len(rows))):
        rows[index]["Tidak Bisa"] = unavailable
    return rows


def _allocate(count: int) -> dict[str, int]:
    """Split count over the OPDs in proportion to their weight (largest remainder)."""
    total = sum(OPD_WEIGHT.values())
    exact = {code: count * weight / total for code, weight in OPD_WEIGHT.items()}
    sizes = {code: int(share) for code, share in exact.items()}
    by_remainder = sorted(exact, key=lambda code: exact[code] - sizes[code], reverse=True)
    for code in by_remainder[: count - sum(sizes.values())]:
        sizes[code] += 1
    return sizes


class _Generator:
    """One random stream drives every choice, so a seed always gives the same sheet."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nips: set[str] = set()

    def unit_rows(self, opd: OpdSpec, upt: UptSpec | None, people: int, head: bool) -> list[_Row]:
        pools = structural_posts(self.rng, opd, upt)
        drawn = self.rng.choices(list(_JENIS), [spec[0] for spec in _JENIS.values()], k=people)
        if head and drawn:
            drawn[0] = "JPT Pratama"
        staff = []
        for jenis in drawn:
            # Posts beyond the unit's structure: former officials now in functional positions.
            if jenis in pools and not pools[jenis]:
                jenis = "JF Ahli Madya" if jenis == "Administrator" else "JF Ahli Muda"
            title = pools[jenis].pop() if jenis in pools else post_title(self.rng, opd, jenis)
            staff.append((list(_JENIS).index(jenis), jenis, title))
        return [self.person(opd, upt, jenis, title) for _, jenis, title in sorted(staff)]

    def person(self, opd: OpdSpec, upt: UptSpec | None, jenis: str, title: str) -> _Row:
        rng = self.rng
        _, born_from, born_to, oldest_tmt_age, low, high, pppk_grades, *_ = _JENIS[jenis]
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        birth = date(rng.randint(born_from, born_to), 1, 1) + timedelta(days=rng.randrange(365))
        if pppk_grades and rng.random() < _PPPK_SHARE:
            golongan = rng.choice(pppk_grades)
            fields = {"appointment_year": rng.choice((2022, 2023)), "pppk_code": 21}
        else:
            tmt_year = rng.randint(birth.year + 20, min(birth.year + oldest_tmt_age, 2023))
            first, steps = _GOLONGAN.index(low), _GOLONGAN.index(high) - _GOLONGAN.index(low) + 1
            golongan = _GOLONGAN[first + min(steps - 1, (2024 - tmt_year) * steps // 25)]
            fields = {"tmt": date(tmt_year, rng.randint(1, 12), 1)}
        name = self.name(gender)
        row = {
            "NIP": self.unique_nip(birth, gender, fields),
            "Nama": name,
            "Golongan": golongan,
            "Jabatan": title,
            "Jenis Jabatan": jenis,
            "OPD": opd.name,
            "UPT": upt.name if upt else "",
            "Kabupaten/Kota": upt.region if upt else "",
            "No HP": self.phone() if rng.random() < 0.9 else "",
            "Email": self.email(name) if rng.random() < 0.35 else "",
            "Tidak Bisa": "",
        }
        row["Nama"] = self.with_degrees(name, gender, opd.code, row)
        return row

    def unique_nip(self, birth: date, gender: Gender, fields: dict) -> str:
        sequence = self.rng.randint(1, 12)
        nip = build_nip(birth_date=birth, gender=gender, sequence=sequence, **fields)
        while nip in self.nips:
            sequence += 1
            nip = build_nip(birth_date=birth, gender=gender, sequence=sequence, **fields)
        self.nips.add(nip)
        return nip

    def name(self, gender: Gender) -> str:
        male = gender is Gender.MALE
        given = self.rng.choice(_MALE if male else _FEMALE)
        second = self.rng.choice(_MALE_SECOND if male else _FEMALE_SECOND)
        family = self.rng.choice(_FAMILY)
        shapes = (f"{given} {second}", f"{given} {family}", f"{given} {second} {family}")
        return self.rng.choices(shapes, (50, 32, 18))[0]

    def with_degrees(self, name: str, gender: Gender, opd_code: str, row: _Row) -> str:
        rng = self.rng
        *_, p_bachelor, p_master = _JENIS[row["Jenis Jabatan"]]
        if row["Jenis Jabatan"] == "Pelaksana":  # graduates start at III/a, school leavers at II/a
            p_bachelor = 0.75 if row["Golongan"].startswith("III") else 0.1
        if row["Jabatan"].startswith("Dokter") or row["Jabatan"] == "Direktur":
            return f"dr. {name}" + (", M.Kes." if rng.random() < 0.3 else "")
        if rng.random() >= p_bachelor:
            return f"{name}, A.Md." if rng.random() < 0.5 else name
        master = f", {rng.choice(_MASTER)}" if rng.random() < p_master else ""
        if row["NIP"] < "1972" and rng.random() < 0.3:  # graduated before S.Sos./S.E. existed
            return f"{'Drs.' if gender is Gender.MALE else 'Dra.'} {name}{master}"
        own = _OWN_BACHELOR.get(opd_code)
        bachelor = own if own and rng.random() < 0.5 else rng.choice(_BACHELOR)
        return f"{name}, {bachelor}{master}"

    def phone(self) -> str:
        digits = "".join(str(self.rng.randrange(10)) for _ in range(8))
        return self.rng.choice(_PHONE_PREFIXES) + digits

    def email(self, name: str) -> str:
        suffix = self.rng.choice(("", str(self.rng.randint(1, 99))))
        local = self.rng.choice((".", "", "_")).join(name.lower().split()[:2]) + suffix
        return f"{local}@{self.rng.choice(_EMAIL_DOMAINS)}"
