from django.urls import path

from sessions_app import (
    attendance_ops_views,
    attendance_views,
    document_views,
    schedule_views,
    views,
)

app_name = "sessions_app"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("baru/", views.event_create, name="event_create"),
    path("lab/<int:pk>/", schedule_views.lab_detail, name="lab"),
    path("pengawas/", attendance_views.my_sessions, name="my_sessions"),
    path("pengawas/sw.js", attendance_views.service_worker, name="proctor_sw"),
    path("pengawas/sesi/<int:pk>/", attendance_views.proctor_session, name="proctor_session"),
    path("pengawas/sesi/<int:pk>/daftar/", attendance_views.proctor_roster, name="proctor_roster"),
    path("pengawas/sesi/<int:pk>/tandai/", attendance_views.mark, name="proctor_mark"),
    path(
        "pengawas/sesi/<int:pk>/tandai-banyak/",
        attendance_views.mark_batch,
        name="proctor_mark_batch",
    ),
    path("pengawas/sesi/<int:pk>/tutup/", attendance_views.close, name="proctor_close"),
    path("pengawas/sesi/<int:pk>/buka/", attendance_views.reopen, name="proctor_reopen"),
    path(
        "pengawas/sesi/<int:pk>/daftar-hadir.pdf",
        document_views.proctor_attendance_pdf,
        name="proctor_attendance_pdf",
    ),
    path(
        "pengawas/sesi/<int:pk>/denah-kursi.pdf",
        document_views.proctor_seating_pdf,
        name="proctor_seating_pdf",
    ),
    path("<str:code>/", views.event_detail, name="event"),
    path("<str:code>/ubah/", views.event_edit, name="event_edit"),
    path("<str:code>/sesi/baru/", views.session_create, name="session_create"),
    path("<str:code>/sesi/<int:pk>/", schedule_views.session_detail, name="session"),
    path("<str:code>/sesi/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("<str:code>/sesi/<int:pk>/pindah/", schedule_views.session_move, name="session_move"),
    path("<str:code>/sesi/<int:pk>/tukar/", schedule_views.session_swap, name="session_swap"),
    path(
        "<str:code>/sesi/<int:pk>/koreksi/", schedule_views.session_correct, name="session_correct"
    ),
    path("<str:code>/sesi/<int:pk>/cetak/", document_views.session_print, name="session_print"),
    path(
        "<str:code>/sesi/<int:pk>/daftar-hadir.pdf",
        document_views.session_attendance_pdf,
        name="session_pdf",
    ),
    path(
        "<str:code>/sesi/<int:pk>/denah-kursi.pdf",
        document_views.session_seating_pdf,
        name="session_seating_pdf",
    ),
    path("<str:code>/peserta/", views.registration_list, name="registrations"),
    path("<str:code>/peserta/daftarkan/", views.register_by_filter, name="register"),
    path("<str:code>/peserta/<int:pk>/", views.registration_detail, name="registration"),
    path("<str:code>/peserta/<int:pk>/kunci/", views.registration_pin, name="registration_pin"),
    path("<str:code>/peserta/<int:pk>/pindah/", views.registration_move, name="registration_move"),
    path(
        "<str:code>/peserta/<int:pk>/tidak-bisa-hadir/",
        views.registration_unavailability,
        name="registration_unavailability",
    ),
    path("<str:code>/jadwalkan/", schedule_views.schedule, name="schedule"),
    path("<str:code>/kartu/", document_views.cards, name="cards"),
    path("<str:code>/kartu.pdf", document_views.cards_file, name="cards_pdf"),
    path("<str:code>/kehadiran/", attendance_ops_views.overview, name="attendance_overview"),
    path("<str:code>/tidak-hadir/", attendance_ops_views.missed, name="missed"),
    path(
        "<str:code>/tidak-hadir/pratinjau/<uuid:token>/",
        attendance_ops_views.missed_preview,
        name="missed_preview",
    ),
    path("<str:code>/rekap-kehadiran/", attendance_ops_views.recap, name="attendance_recap"),
    path("<str:code>/surat-opd.xlsx", document_views.opd_letters, name="opd_letters"),
    path("<str:code>/jadwal.xlsx", document_views.schedule_export, name="schedule_export"),
]
