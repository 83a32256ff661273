"""Deterministic data for the embedded demo: Tahap III of the 2024 CACT in Kalimantan Utara.

387 ASN from every provincial OPD and its UPTs in the regencies, tested 27-29 February 2024 in
the computer lab of SMK Negeri 1 Tanjung Selor; 60 of them cannot come on days 1-2.
Pure Python (no Django): the demo loader and the tests build on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from participants.nip import Gender, build_nip

REGIONS: tuple[str, ...] = (
    "Kabupaten Bulungan", "Kabupaten Malinau", "Kabupaten Nunukan", "Kabupaten Tana Tidung",
    "Kota Tarakan",
)  # fmt: skip
DEMO_HEADERS: tuple[str, ...] = (
    "NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD", "UPT", "Kabupaten/Kota",
    "No HP", "Email", "Tidak Bisa",
)  # fmt: skip
DEMO_TITLE = "DAFTAR PESERTA PENILAIAN POTENSI DAN KOMPETENSI TAHAP III TAHUN 2024"
DEMO_SUBTITLE = (
    "Laboratorium SMK Negeri 1 Tanjung Selor, 27-29 Februari 2024 - BKD Provinsi Kaltara"
)
DEMO_PARTICIPANT_COUNT = 387
DEMO_UNAVAILABLE_COUNT = 60  # busy on days 1-2, moved to day 3
DEMO_UNAVAILABLE_DATES = "2024-02-27; 2024-02-28"
HEADER_ROW = 4


@dataclass(frozen=True)
class UptSpec:
    name: str
    region: str


@dataclass(frozen=True)
class OpdSpec:
    code: str
    name: str
    kind: str
    upts: tuple[UptSpec, ...] = ()


# code | kind | relative number of participants in Tahap III | name
_OPD_TABLE = """
SETDA|Sekretariat/Biro|4|Sekretariat Daerah
BIRO-PEMOTDA|Sekretariat/Biro|6|Biro Pemerintahan dan Otonomi Daerah
BIRO-HUKUM|Sekretariat/Biro|6|Biro Hukum
BIRO-ORG|Sekretariat/Biro|6|Biro Organisasi
BIRO-ADPEM|Sekretariat/Biro|6|Biro Administrasi Pembangunan
BIRO-UMUM|Sekretariat/Biro|9|Biro Umum
BIRO-EKON|Sekretariat/Biro|5|Biro Perekonomian
BIRO-KESRA|Sekretariat/Biro|5|Biro Kesejahteraan Rakyat
INSPEKTORAT|Inspektorat|14|Inspektorat
BAPPEDA-LITBANG|Badan|14|Badan Perencanaan Pembangunan Daerah dan Penelitian dan Pengembangan
DISDIKBUD|Dinas|32|Dinas Pendidikan dan Kebudayaan
DINKES|Dinas|16|Dinas Kesehatan
DINSOS|Dinas|10|Dinas Sosial
SATPOL-PP|Satpol PP|14|Satuan Polisi Pamong Praja
DISNAKERTRANS|Dinas|10|Dinas Tenaga Kerja dan Transmigrasi
DKP|Dinas|13|Dinas Kelautan dan Perikanan
DPKP|Dinas|12|Dinas Pertanian dan Ketahanan Pangan
DISHUT|Dinas|18|Dinas Kehutanan
DPMD|Dinas|9|Dinas Pemberdayaan Masyarakat dan Desa
BKD|Badan|12|Badan Kepegawaian Daerah
BPSDM|Badan|10|Badan Pengembangan Sumber Daya Manusia
BAPENDA|Badan|34|Badan Pendapatan Daerah
BPKAD|Badan|16|Badan Pengelolaan Keuangan dan Aset Daerah
DPUPR-PERKIM|Dinas|22|Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman
DISHUB|Dinas|12|Dinas Perhubungan
DPMPTSP|Dinas|9|Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu
DISKOMINFO|Dinas|12|Dinas Komunikasi, Informatika, Statistik dan Persandian
KESBANGPOL|Badan|8|Badan Kesatuan Bangsa dan Politik
BPBD|Badan|8|Badan Penanggulangan Bencana Daerah
DESDM|Dinas|9|Dinas Energi dan Sumber Daya Mineral
DLH|Dinas|10|Dinas Lingkungan Hidup
RSUD-JSK|RSUD|25|Rumah Sakit Umum Daerah dr. H. Jusuf SK
"""
# Bidang (Biro: bagian) headed by an Administrator, used in titles such as "Kepala Bidang Mutasi".
_BIDANG_TABLE = """
SETDA|Perencanaan dan Keuangan; Tata Usaha Sekretariat Daerah
BIRO-PEMOTDA|Pemerintahan dan Kewilayahan; Otonomi Daerah; Kerja Sama
BIRO-HUKUM|Perundang-undangan; Bantuan Hukum; Dokumentasi dan Informasi Hukum
BIRO-ORG|Kelembagaan dan Analisis Jabatan; Reformasi Birokrasi; Tata Laksana
BIRO-ADPEM|Administrasi Pelaksanaan Pembangunan; Pengendalian Pembangunan
BIRO-UMUM|Tata Usaha Pimpinan; Rumah Tangga; Protokol dan Komunikasi Pimpinan; Keuangan
BIRO-EKON|Perekonomian; Sumber Daya Alam; Badan Usaha Milik Daerah
BIRO-KESRA|Bina Mental dan Spiritual; Kesejahteraan Sosial; Pendidikan dan Kesehatan
INSPEKTORAT|Wilayah I; Wilayah II; Wilayah III; Wilayah IV
BAPPEDA-LITBANG|Perencanaan Makro; Infrastruktur dan Kewilayahan; Perekonomian; Litbang
DISDIKBUD|Pembinaan SMA; Pembinaan SMK; Pendidikan Khusus; Kebudayaan; Guru dan Tendik
DINKES|Kesehatan Masyarakat; Pencegahan dan Pengendalian Penyakit; Pelayanan Kesehatan
DINSOS|Perlindungan dan Jaminan Sosial; Rehabilitasi Sosial; Pemberdayaan Sosial
SATPOL-PP|Penegakan Peraturan Daerah; Ketertiban Umum; Perlindungan Masyarakat
DISNAKERTRANS|Pelatihan dan Penempatan; Hubungan Industrial; Pengawasan; Transmigrasi
DKP|Perikanan Tangkap; Perikanan Budidaya; Pengelolaan Ruang Laut; Daya Saing Produk
DPKP|Tanaman Pangan dan Hortikultura; Perkebunan; Peternakan; Ketahanan Pangan
DISHUT|Perencanaan dan Pemanfaatan Hutan; Perlindungan Hutan; Rehabilitasi Hutan dan Lahan
DPMD|Pemerintahan Desa; Pemberdayaan Masyarakat; Pembangunan Kawasan Perdesaan
BKD|Mutasi; Pengadaan, Pemberhentian dan Informasi; Pengembangan Karier; Penilaian Kinerja
BPSDM|Pengembangan Kompetensi Teknis; Pengembangan Kompetensi Manajerial; Sertifikasi
BAPENDA|Pajak Daerah; Retribusi dan Lain-Lain Pendapatan; Pengendalian dan Evaluasi
BPKAD|Anggaran; Perbendaharaan; Akuntansi dan Pelaporan; Pengelolaan Barang Milik Daerah
DPUPR-PERKIM|Bina Marga; Sumber Daya Air; Cipta Karya; Penataan Ruang; Perumahan
DISHUB|Perhubungan Darat; Perhubungan Laut; Perhubungan Udara
DPMPTSP|Pelayanan Perizinan; Penanaman Modal; Pengaduan dan Pelaporan
DISKOMINFO|Informasi dan Komunikasi Publik; Aplikasi Informatika; Statistik; Persandian
KESBANGPOL|Ideologi dan Wawasan Kebangsaan; Politik Dalam Negeri; Ketahanan Ekonomi
BPBD|Pencegahan dan Kesiapsiagaan; Kedaruratan dan Logistik; Rehabilitasi dan Rekonstruksi
DESDM|Mineral dan Batubara; Energi Baru Terbarukan; Ketenagalistrikan; Geologi dan Air Tanah
DLH|Tata Lingkungan; Pengelolaan Sampah dan Limbah B3; Pengendalian Pencemaran
RSUD-JSK|Pelayanan Medik; Keperawatan; Penunjang Medik
"""
# Functional positions typical of the OPD; "*" marks those with skill levels (Terampil-Penyelia).
_JF_TABLE = """
BIRO-HUKUM|Perancang Peraturan Perundang-undangan; Analis Hukum
BIRO-ADPEM|Pengelola Pengadaan Barang/Jasa
BIRO-UMUM|Pranata Hubungan Masyarakat*; Arsiparis*
INSPEKTORAT|Auditor*; Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah
BAPPEDA-LITBANG|Perencana; Statistisi*
DISDIKBUD|Pengawas Sekolah; Pamong Budaya; Pengembang Teknologi Pembelajaran
DINKES|Epidemiolog Kesehatan*; Administrator Kesehatan; Nutrisionis*; Sanitarian*
DINSOS|Pekerja Sosial*; Penyuluh Sosial*
SATPOL-PP|Polisi Pamong Praja*
DISNAKERTRANS|Pengawas Ketenagakerjaan*; Mediator Hubungan Industrial; Instruktur*
DKP|Pengawas Perikanan*; Penyuluh Perikanan*
DPKP|Penyuluh Pertanian*; Pengawas Mutu Hasil Pertanian*; Medik Veteriner
DISHUT|Polisi Kehutanan*; Penyuluh Kehutanan*; Pengendali Ekosistem Hutan*
DPMD|Penggerak Swadaya Masyarakat*
BKD|Analis Sumber Daya Manusia Aparatur; Pranata Sumber Daya Manusia Aparatur*; Asesor SDM Aparatur
BPSDM|Widyaiswara; Pengembang Teknologi Pembelajaran
BAPENDA|Analis Keuangan Pusat dan Daerah; Pranata Komputer*
BPKAD|Analis Keuangan Pusat dan Daerah; Analis Anggaran
DPUPR-PERKIM|Teknik Jalan dan Jembatan*; Teknik Pengairan*; Penata Ruang; Teknik Tata Bangunan*
DISHUB|Penguji Kendaraan Bermotor*; Pengawas Keselamatan Pelayaran*
DISKOMINFO|Pranata Komputer*; Pranata Hubungan Masyarakat*; Statistisi*; Sandiman*
BPBD|Penata Penanggulangan Bencana*
DESDM|Penyelidik Bumi*
DLH|Pengendali Dampak Lingkungan*; Pengawas Lingkungan Hidup*
RSUD-JSK|Dokter; Perawat*; Bidan*; Apoteker; Pranata Laboratorium Kesehatan*
"""
_COMMON_JF = ("Perencana", "Analis Kebijakan", "Arsiparis*", "Pranata Komputer*")
_PELAKSANA = (
    "Pengadministrasi Umum", "Pengadministrasi Perkantoran", "Pengadministrasi Kepegawaian",
    "Pengelola Keuangan", "Bendahara Pengeluaran", "Pengelola Barang Milik Daerah",
    "Analis Data dan Informasi", "Penata Layanan Operasional", "Operator Layanan Operasional",
    "Pengelola Sistem dan Jaringan", "Pengelola Layanan Kehumasan", "Pengadministrasi Persuratan",
)  # fmt: skip
_SUBBAGIAN = ("Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan")
_HEAD = {"SETDA": "Asisten Administrasi Umum", "INSPEKTORAT": "Inspektur", "RSUD-JSK": "Direktur"}
_SECRETARY = {
    "Dinas": "Sekretaris Dinas", "Badan": "Sekretaris Badan", "RSUD": "Kepala Bagian Umum",
    "Inspektorat": "Sekretaris Inspektorat", "Satpol PP": "Sekretaris Satpol PP",
}  # fmt: skip
# OPD code | UPT | region; the share of the OPD's participants working at its UPTs is below.
_UPT_TABLE = """
DISDIKBUD|Cabang Dinas Pendidikan Wilayah Tarakan|Kota Tarakan
DISDIKBUD|Cabang Dinas Pendidikan Wilayah Nunukan|Kabupaten Nunukan
DKP|UPTD Pelabuhan Perikanan Tarakan|Kota Tarakan
DISHUT|UPTD Kesatuan Pengelolaan Hutan Malinau|Kabupaten Malinau
DISHUT|UPTD Kesatuan Pengelolaan Hutan Bulungan|Kabupaten Bulungan
BAPENDA|UPTD Pendapatan Daerah Wilayah Bulungan|Kabupaten Bulungan
BAPENDA|UPTD Pendapatan Daerah Wilayah Malinau|Kabupaten Malinau
BAPENDA|UPTD Pendapatan Daerah Wilayah Nunukan|Kabupaten Nunukan
BAPENDA|UPTD Pendapatan Daerah Wilayah Tana Tidung|Kabupaten Tana Tidung
BAPENDA|UPTD Pendapatan Daerah Wilayah Tarakan|Kota Tarakan
"""
_UPT_SHARE = {"DISDIKBUD": 0.45, "DKP": 0.4, "DISHUT": 0.6, "BAPENDA": 0.75}


def _table(text: str) -> list[list[str]]:
    return [[field.strip() for field in line.split("|")] for line in text.strip().splitlines()]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


DEMO_OPDS: tuple[OpdSpec, ...] = tuple(
    OpdSpec(code, name, kind, tuple(UptSpec(u, r) for c, u, r in _table(_UPT_TABLE) if c == code))
    for code, kind, _, name in _table(_OPD_TABLE)
)
_WEIGHT = {code: int(weight) for code, _, weight, _ in _table(_OPD_TABLE)}
_BIDANG = {code: tuple(x.strip() for x in text.split(";")) for code, text in _table(_BIDANG_TABLE)}
_JF = {code: tuple(x.strip() for x in text.split(";")) for code, text in _table(_JF_TABLE)}

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


def demo_participant_rows(count: int = 387, seed: int = 2024) -> list[dict[str, str]]:
    """The demo's participant sheet: one dict per row, keys DEMO_HEADERS, all values strings.

    Rows are grouped by OPD (main office first, then its UPTs) and ranked by position class.
    """
    generator = _Generator(seed)
    sizes = _allocate(count)
    big_enough = [opd.code for opd in DEMO_OPDS if sizes[opd.code] >= 3]
    with_head = set(generator.rng.sample(big_enough, min(_JPT_COUNT, len(big_enough))))
    rows: list[dict[str, str]] = []
    for opd in DEMO_OPDS:
        at_upts = round(sizes[opd.code] * _UPT_SHARE.get(opd.code, 0.0)) if opd.upts else 0
        units: list[UptSpec | None] = [None] * (sizes[opd.code] - at_upts)
        units += [opd.upts[i % len(opd.upts)] for i in range(at_upts)]
        for upt in dict.fromkeys(units):
            head = opd.code in with_head and upt is None
            rows += generator.unit_rows(opd, upt, units.count(upt), head)
    busy = round(count * DEMO_UNAVAILABLE_COUNT / DEMO_PARTICIPANT_COUNT)
    for index in generator.rng.sample(range(len(rows)), min(busy, len(rows))):
        rows[index]["Tidak Bisa"] = DEMO_UNAVAILABLE_DATES
    return rows


def _allocate(count: int) -> dict[str, int]:
    """Split count over the OPDs in proportion to their weight (largest remainder)."""
    total = sum(_WEIGHT.values())
    exact = {code: count * weight / total for code, weight in _WEIGHT.items()}
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
        pools = self.structural_posts(opd, upt)
        drawn = self.rng.choices(list(_JENIS), [spec[0] for spec in _JENIS.values()], k=people)
        if head and drawn:
            drawn[0] = "JPT Pratama"
        staff = []
        for jenis in drawn:
            # Posts beyond the unit's structure: former officials now in functional positions.
            if jenis in pools and not pools[jenis]:
                jenis = "JF Ahli Madya" if jenis == "Administrator" else "JF Ahli Muda"
            title = pools[jenis].pop() if jenis in pools else self.post_title(opd, jenis)
            staff.append((list(_JENIS).index(jenis), jenis, title))
        return [self.person(opd, upt, jenis, title) for _, jenis, title in sorted(staff)]

    def structural_posts(self, opd: OpdSpec, upt: UptSpec | None) -> dict[str, list[str]]:
        if upt is not None:
            admin = [f"Kepala {upt.name}"]
            supervisors = ["Kepala Subbagian Tata Usaha", "Kepala Seksi Pelayanan"]
        elif opd.kind == "Sekretariat/Biro":
            admin = [f"Kepala Bagian {bagian}" for bagian in _BIDANG[opd.code]]
            supervisors = ["Kepala Subbagian Tata Usaha Biro"]
        else:
            prefix = "Inspektur Pembantu" if opd.kind == "Inspektorat" else "Kepala Bidang"
            admin = [_SECRETARY[opd.kind]] + [f"{prefix} {b}" for b in _BIDANG[opd.code]]
            supervisors = [f"Kepala Subbagian {name}" for name in _SUBBAGIAN]
        head = _HEAD.get(opd.code) or f"Kepala {opd.name}"
        self.rng.shuffle(admin)
        self.rng.shuffle(supervisors)
        return {"JPT Pratama": [head], "Administrator": admin, "Pengawas": supervisors}

    def post_title(self, opd: OpdSpec, jenis: str) -> str:
        if jenis == "Pelaksana":
            return self.rng.choice(_PELAKSANA)
        level = jenis.removeprefix("JF ")
        skilled = not level.startswith("Ahli")  # "*" marks families with skill levels
        own = [name for name in _JF.get(opd.code, ()) if name.endswith("*") or not skilled]
        common = [name for name in _COMMON_JF if name.endswith("*") or not skilled]
        family = self.rng.choice(own if own and self.rng.random() < 0.75 else common)
        return f"{family.rstrip('*')} {level}"

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


_WIDTHS = (21, 36, 10, 46, 16, 50, 42, 22, 15, 32, 24)


def write_demo_workbook(path: str | Path, rows: list[dict[str, str]]) -> None:
    """Save rows the way a BKD operator keeps the list: title rows above the header, NIP as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta Tahap III"
    last_column = get_column_letter(len(DEMO_HEADERS))
    for row, text, font in ((1, DEMO_TITLE, Font(bold=True, size=13)), (2, DEMO_SUBTITLE, None)):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font or Font(italic=True)
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(f"A{row}:{last_column}{row}")
    for column, header in enumerate(DEMO_HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    for row, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, header in enumerate(DEMO_HEADERS, start=1):
            cell = sheet.cell(row=row, column=column, value=values.get(header) or None)
            if header in ("NIP", "No HP"):  # as text, or Excel drops digits and leading zeros
                cell.number_format = "@"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(rows)}"
    workbook.save(path)
