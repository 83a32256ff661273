"""The participant import's empty workbook, with the columns the importer reads."""

from accounts.access import require_perms
from core.import_templates import template_response, template_workbook
from participants.importer import COLUMNS

IMPORT_PERMS = ("participants.add_participant", "participants.change_participant")
NOTES = (
    "Isi satu baris per peserta di sheet Peserta, mulai baris 2; baris judul jangan diubah.",
    "Kolom wajib: NIP, Nama, Golongan, Jabatan, Jenis Jabatan, OPD. Kolom lain boleh kosong.",
    "NIP 18 digit, boleh dengan spasi atau titik. Kolom NIP sudah berformat Teks: "
    "NIP yang tersimpan sebagai angka kehilangan digit terakhir dan akan ditolak.",
    "Golongan seperti III/a, III-a atau III a (PPPK: I-XVII). "
    "Jenis Jabatan seperti Pelaksana, Pengawas, Administrator, JF Ahli Muda.",
    "UPT dan Kabupaten/Kota untuk pegawai UPT. No HP seperti 0812..., Email boleh kosong.",
    "Tidak Bisa: tanggal peserta tidak bisa hadir, misalnya 2024-02-27; 2024-02-28.",
)


@require_perms(*IMPORT_PERMS)
def import_template(request):
    content = template_workbook(
        sheet="Peserta",
        headers=[column.label for column in COLUMNS],
        text_columns=("NIP", "No HP", "Tidak Bisa"),
        notes=NOTES,
    )
    return template_response(content, "templat-impor-peserta.xlsx")
