"""The demo's organisation: every provincial OPD of Kalimantan Utara, its UPTs in the
regencies, its bidang (a Biro's bagian) and the positions found there, and the posts a unit
offers. Pure Python (no Django), like the rest of the demo data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

REGIONS: tuple[str, ...] = (
    "Kabupaten Bulungan", "Kabupaten Malinau", "Kabupaten Nunukan", "Kabupaten Tana Tidung",
    "Kota Tarakan",
)  # fmt: skip


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
UPT_SHARE = {"DISDIKBUD": 0.45, "DKP": 0.4, "DISHUT": 0.6, "BAPENDA": 0.75}


def _table(text: str) -> list[list[str]]:
    return [[field.strip() for field in line.split("|")] for line in text.strip().splitlines()]


DEMO_OPDS: tuple[OpdSpec, ...] = tuple(
    OpdSpec(code, name, kind, tuple(UptSpec(u, r) for c, u, r in _table(_UPT_TABLE) if c == code))
    for code, kind, _, name in _table(_OPD_TABLE)
)
OPD_WEIGHT = {code: int(weight) for code, _, weight, _ in _table(_OPD_TABLE)}
_BIDANG = {code: tuple(x.strip() for x in text.split(";")) for code, text in _table(_BIDANG_TABLE)}
_JF = {code: tuple(x.strip() for x in text.split(";")) for code, text in _table(_JF_TABLE)}


def structural_posts(rng: random.Random, opd: OpdSpec, upt: UptSpec | None) -> dict[str, list[str]]:
    """The structural posts of a unit by position class, shuffled: its head, administrators
    and supervisors."""
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
    rng.shuffle(admin)
    rng.shuffle(supervisors)
    return {"JPT Pratama": [head], "Administrator": admin, "Pengawas": supervisors}


def post_title(rng: random.Random, opd: OpdSpec, jenis: str) -> str:
    """A functional or pelaksana position of the class jenis in the OPD."""
    if jenis == "Pelaksana":
        return rng.choice(_PELAKSANA)
    level = jenis.removeprefix("JF ")
    skilled = not level.startswith("Ahli")  # "*" marks families with skill levels
    own = [name for name in _JF.get(opd.code, ()) if name.endswith("*") or not skilled]
    common = [name for name in _COMMON_JF if name.endswith("*") or not skilled]
    family = rng.choice(own if own and rng.random() < 0.75 else common)
    return f"{family.rstrip('*')} {level}"
