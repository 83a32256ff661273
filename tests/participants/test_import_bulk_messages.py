# ruff: noqa: E501  (the messages are pinned word for word, one issue a line)
"""The participant import's messages for odd rows, pinned word for word.

The rows are checked column by column, each distinct value once; these files make sure
every odd cell still gets the message, row number and order it got when rows were checked
one at a time.
"""

import datetime as dt

import pytest
from openpyxl import Workbook

from participants.importer import build_plan
from participants.models import Opd, Region, Upt

pytestmark = pytest.mark.django_db

HEADERS = [
    "NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD", "UPT", "Kabupaten/Kota",
    "No HP", "Email", "Tidak Bisa",
]  # fmt: skip


def good(nip="198609262015051001", **changes) -> list:
    values = {
        "nip": nip,
        "name": "Andi Pratama",
        "golongan": "III/c",
        "title": "Analis Kepegawaian Ahli Muda",
        "position_class": "JF Ahli Muda",
        "opd": "Badan Kepegawaian Daerah",
        "upt": "",
        "region": "",
        "phone": "0812-3456-7890",
        "email": "andi@example.go.id",
        "unavailable": "",
    }
    values.update(changes)
    return list(values.values())


ODD_ROWS = [
    good("198609262015051001"),
    good("19860926 201505 1 002", name="  Budi   Santoso "),
    good("'198609262015051003", golongan="Penata Tk. I"),
    good("1986092620150510", name="Pendek"),
    good("19860926201505100A"),
    good(198609262015051005),
    good(198609262015.0),
    good("1.98609E+17"),
    good(""),
    good(dt.datetime(2020, 1, 1)),
    good("198602302015051007"),
    good("189909262015051008"),
    good("198609262000051009"),
    good("198609262015001010"),
    good("198609262015053011"),
    good("198609262015051000"),
    good("198609262020131012", golongan="IX"),
    good("198609262020131013", golongan="III/c"),
    good("198609262000131014", golongan="IX"),
    good("198609262015051015", golongan="III/e"),
    good("198609262015051016", golongan="X"),
    good("198609262015051017", golongan=""),
    good("198609262015051018", golongan="Pembina III/c"),
    good("198609262015051019", golongan="PPPK IX"),
    good("198609262015051020", name=""),
    good("198609262015051021", name=12345),
    good("198609262015051022", name=True),
    good("198609262015051023", name="=SUM(A1)"),
    good("198609262015051024", name="x" * 151),
    good("198609262015051025", title=""),
    good("198609262015051026", position_class="Jabatan Entah"),
    good("198609262015051027", position_class="Jabatan Fungsional Ahli Muda"),
    good("198609262015051028", opd=""),
    good("198609262015051029", opd="Dinas Baru"),
    good("198609262015051030", upt="UPTD Baru"),
    good("198609262015051031", upt="UPTD Baru", region="Atlantis"),
    good("198609262015051032", upt="UPTD Baru", region="Tarakan"),
    good("198609262015051033", upt="UPTD Baru", region="Kota Tarakan"),
    good("198609262015051034", upt="UPTD Baru", region="Kabupaten Bulungan"),
    good("198609262015051035", upt="UPTD Lama", region=""),
    good("198609262015051036", upt="UPTD Lama", region="Kabupaten Bulungan"),
    good("198609262015051037", phone="12345"),
    good("198609262015051038", phone=81234567890),
    good("198609262015051039", phone=""),
    good("198609262015051040", email="bukan email"),
    good("198609262015051041", email="Andi@Example.GO.ID"),
    good("198609262015051042", unavailable="2024-02-30"),
    good("198609262015051043", unavailable="27/02/2024; 2024-02-26"),
    good("198609262015051044", unavailable=dt.datetime(2024, 2, 27)),
    good("198609262015051045", unavailable="besok"),
    good("198609262015051001", name="Dobel"),
    good("198609262015051046", name="", golongan="XX", phone="1"),
    good("198609262015051047", golongan=dt.datetime(2020, 1, 1)),
    good("198609262015051048", title=3.5),
    good("198609262015051049", email="a@b"),
    good("198609262015051001", name="Tiga Kali"),
    good("198609262015051050", golongan=False),
    good("198609262015051051", golongan=1),
    good("198609262015051052", golongan=True),
    good("198609262015051053", golongan=True),
    good("198609262015051054", golongan=1),
    good("12", email="=A1"),
    good("198609262020131056", golongan="9"),
    good("198609262015051057", golongan="9"),
    good("198609262015051058", upt=5),
    good("198609262015051059", upt="UPTD Baru", region=7),
    good("198609262015051060", upt="  uptd   lama ", region="tarakan"),
]


def write(path, rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


@pytest.fixture
def masters():
    opd = Opd.objects.get_or_create(name="Badan Kepegawaian Daerah")[0]
    Upt.objects.create(opd=opd, name="UPTD Lama", region=Region.objects.get(name="Kota Tarakan"))


# As the row-at-a-time importer reported them (captured before the column-wise rewrite).
EXPECTED_ISSUES = [
    (
        2,
        "NIP",
        "198609262015051001",
        "NIP ini juga ada di baris 52, 57; satu NIP hanya boleh satu baris.",
    ),
    (5, "NIP", "1986092620150510", "NIP harus 18 digit, ditemukan 16 digit."),
    (
        6,
        "NIP",
        "19860926201505100A",
        "NIP hanya boleh berisi angka, tetapi mengandung karakter bukan angka: 'A'.",
    ),
    (
        7,
        "NIP",
        "1.98609262015051e+17",
        "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang (Excel hanya menyimpan 15 digit). Format kolom NIP sebagai Teks, lalu ketik ulang NIP-nya.",
    ),
    (8, "NIP", "198609262015", "NIP harus 18 digit, ditemukan 12 digit."),
    (
        9,
        "NIP",
        "1.98609E+17",
        "NIP tertulis 1.98609E+17 (notasi ilmiah Excel) sehingga digit terakhirnya hilang. Format kolom NIP sebagai Teks, lalu ketik ulang NIP-nya.",
    ),
    (10, "NIP", "", "NIP wajib diisi."),
    (11, "NIP", "01/01/2020", "NIP berisi tanggal atau nilai lain, bukan nomor induk."),
    (12, "NIP", "198602302015051007", "Tanggal lahir 19860230 pada NIP bukan tanggal yang valid."),
    (
        13,
        "NIP",
        "189909262015051008",
        "Tanggal lahir 18990926 pada NIP tidak valid (tahun lahir harus 1900 atau sesudahnya).",
    ),
    (
        14,
        "NIP",
        "198609262000051009",
        "TMT CPNS 200005 lebih awal dari usia 18 tahun (lahir 19860926).",
    ),
    (
        15,
        "NIP",
        "198609262015001010",
        "Digit ke-13–14 NIP (00) tidak valid: harus bulan TMT CPNS 01–12 (PNS) atau kode PPPK 13–99.",
    ),
    (
        16,
        "NIP",
        "198609262015053011",
        "Digit jenis kelamin harus 1 (laki-laki) atau 2 (perempuan), ditemukan 3.",
    ),
    (17, "NIP", "198609262015051000", "Nomor urut NIP (3 digit terakhir) tidak boleh 000."),
    (
        19,
        "Golongan",
        "III/c",
        "Golongan III/c adalah golongan PNS; PPPK memakai golongan I–XVII, misalnya IX.",
    ),
    (
        20,
        "NIP",
        "198609262000131014",
        "Tahun pengangkatan PPPK 2000 lebih awal dari usia 18 tahun (lahir 19860926).",
    ),
    (
        21,
        "Golongan",
        "III/e",
        "Golongan III/e tidak ada; ruang e hanya ada pada golongan IV (IV/e).",
    ),
    (22, "Golongan", "X", "Golongan PNS harus lengkap dengan ruang, misalnya III/c."),
    (23, "Golongan", "", "Golongan wajib diisi."),
    (
        24,
        "Golongan",
        "Pembina III/c",
        "Pangkat Pembina tidak sesuai dengan golongan III/c (pangkat golongan III/c adalah Penata).",
    ),
    (25, "Golongan", "PPPK IX", "Golongan 'PPPK IX' ditulis untuk PPPK, padahal pegawai PNS."),
    (26, "Nama", "", "Nama wajib diisi."),
    (27, "Nama", "12345", "Nama berisi angka, bukan teks."),
    (28, "Nama", "True", "Nama berisi nilai TRUE/FALSE, bukan teks."),
    (
        29,
        "Nama",
        "=SUM(A1)",
        "Sel berisi rumus Excel =SUM(A1) tanpa hasil tersimpan. Buka file di Excel lalu simpan ulang, atau salin dan tempel sebagai nilai (Paste Values).",
    ),
    (
        30,
        "Nama",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Nama terlalu panjang (151 karakter, maksimal 150).",
    ),
    (31, "Jabatan", "", "Jabatan wajib diisi."),
    (
        32,
        "Jenis Jabatan",
        "Jabatan Entah",
        "Jenis jabatan Jabatan Entah tidak dikenal di data induk.",
    ),
    (34, "OPD", "", "OPD wajib diisi."),
    (36, "Kabupaten/Kota", "", "UPT baru UPTD Baru perlu diisi Kabupaten/Kota-nya."),
    (37, "Kabupaten/Kota", "Atlantis", "Kabupaten/kota Atlantis tidak dikenal di data induk."),
    (
        40,
        "Kabupaten/Kota",
        "Kabupaten Bulungan",
        "UPT UPTD Baru sudah ditulis di Kota Tarakan pada baris sebelumnya.",
    ),
    (
        42,
        "Kabupaten/Kota",
        "Kabupaten Bulungan",
        "UPT UPTD Lama tercatat di Kota Tarakan, bukan Kabupaten Bulungan.",
    ),
    (
        43,
        "No HP",
        "12345",
        "No HP 12345 tidak valid; tulis nomor HP Indonesia seperti 0812-3456-7890 atau +62 812-3456-7890.",
    ),
    (46, "Email", "bukan email", "Email bukan email tidak valid."),
    (
        48,
        "Tidak Bisa",
        "2024-02-30",
        "Tanggal 2024-02-30 tidak dikenali; tulis seperti 2024-02-27 atau 27/02/2024.",
    ),
    (
        51,
        "Tidak Bisa",
        "besok",
        "Tanggal besok tidak dikenali; tulis seperti 2024-02-27 atau 27/02/2024.",
    ),
    (
        52,
        "NIP",
        "198609262015051001",
        "NIP ini juga ada di baris 2, 57; satu NIP hanya boleh satu baris.",
    ),
    (53, "Nama", "", "Nama wajib diisi."),
    (
        54,
        "Golongan",
        "01/01/2020",
        "Golongan berisi tanggal/waktu, bukan teks. Periksa format sel di Excel.",
    ),
    (55, "Jabatan", "3.5", "Jabatan berisi angka, bukan teks."),
    (56, "Email", "a@b", "Email a@b tidak valid."),
    (
        57,
        "NIP",
        "198609262015051001",
        "NIP ini juga ada di baris 2, 52; satu NIP hanya boleh satu baris.",
    ),
    (58, "Golongan", "False", "Golongan berisi nilai TRUE/FALSE, bukan teks."),
    (59, "Golongan", "1", "Golongan berisi angka, bukan teks."),
    (60, "Golongan", "True", "Golongan berisi nilai TRUE/FALSE, bukan teks."),
    (61, "Golongan", "True", "Golongan berisi nilai TRUE/FALSE, bukan teks."),
    (62, "Golongan", "1", "Golongan berisi angka, bukan teks."),
    (
        63,
        "Email",
        "=A1",
        "Sel berisi rumus Excel =A1 tanpa hasil tersimpan. Buka file di Excel lalu simpan ulang, atau salin dan tempel sebagai nilai (Paste Values).",
    ),
    (
        65,
        "Golongan",
        "9",
        "Golongan 9 tidak dikenali; golongan ditulis dengan angka Romawi, misalnya III/c (PNS) atau IX (PPPK).",
    ),
    (66, "UPT", "5", "UPT berisi angka, bukan teks."),
    (67, "Kabupaten/Kota", "7", "Kabupaten/Kota berisi angka, bukan teks."),
]


def test_odd_rows_get_the_same_messages_rows_and_order(tmp_path, masters):
    plan = build_plan(write(tmp_path / "odd.xlsx", ODD_ROWS), "odd.xlsx")
    assert [(i.row, i.column, i.value, i.message) for i in plan.issues] == EXPECTED_ISSUES


def test_odd_rows_plan_the_same_valid_rows(tmp_path, masters):
    plan = build_plan(write(tmp_path / "odd.xlsx", ODD_ROWS), "odd.xlsx")
    planned = {row.row: row for row in plan.rows}
    assert sorted(planned) == [3, 4, 18, 33, 35, 38, 39, 41, 44, 45, 47, 49, 50, 64, 68]
    assert (planned[3].nip, planned[3].name) == ("198609262015051002", "Budi Santoso")
    assert planned[4].golongan == "III/d"
    pppk = planned[18]
    assert (pppk.golongan, pppk.employment_type, pppk.gender) == ("IX", "PPPK", "L")
    assert pppk.birth_date == dt.date(1986, 9, 26)
    assert planned[64].golongan == "IX"
    assert planned[33].position_class_id == planned[3].position_class_id
    assert planned[35].opd_name == "Dinas Baru"
    assert (planned[38].upt_name, planned[38].region_name) == ("UPTD Baru", "Kota Tarakan")
    assert (planned[41].upt_name, planned[41].region_name) == ("UPTD Lama", "Kota Tarakan")
    assert (planned[68].upt_name, planned[68].region_name) == ("uptd lama", "Kota Tarakan")
    assert planned[44].phone == "+6281234567890"
    assert planned[45].phone == ""
    assert planned[47].email == "andi@example.go.id"
    assert planned[49].unavailable == (dt.date(2024, 2, 26), dt.date(2024, 2, 27))
    assert planned[50].unavailable == (dt.date(2024, 2, 27),)
    assert plan.new_opds == ["Dinas Baru"]
    assert plan.new_upts == [("Badan Kepegawaian Daerah", "UPTD Baru", "Kota Tarakan")]
    assert len(plan.to_create) == 15
