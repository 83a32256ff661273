from django.urls import path

from sessions_app import document_views, schedule_views, views

app_name = "sessions_app"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("baru/", views.event_create, name="event_create"),
    path("lab/<int:pk>/", schedule_views.lab_detail, name="lab"),
    path("<str:code>/", views.event_detail, name="event"),
    path("<str:code>/ubah/", views.event_edit, name="event_edit"),
    path("<str:code>/sesi/baru/", views.session_create, name="session_create"),
    path("<str:code>/sesi/<int:pk>/", schedule_views.session_detail, name="session"),
    path("<str:code>/sesi/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("<str:code>/sesi/<int:pk>/pindah/", schedule_views.session_move, name="session_move"),
    path("<str:code>/sesi/<int:pk>/tukar/", schedule_views.session_swap, name="session_swap"),
    path("<str:code>/sesi/<int:pk>/cetak/", document_views.session_print, name="session_print"),
    path(
        "<str:code>/sesi/<int:pk>/daftar-hadir.pdf",
        document_views.session_attendance_pdf,
        name="session_pdf",
    ),
    path("<str:code>/peserta/", views.registration_list, name="registrations"),
    path("<str:code>/peserta/daftarkan/", views.register_by_filter, name="register"),
    path("<str:code>/peserta/<int:pk>/", views.registration_detail, name="registration"),
    path("<str:code>/jadwalkan/", schedule_views.schedule, name="schedule"),
    path("<str:code>/kartu/", document_views.cards, name="cards"),
    path("<str:code>/surat-opd.xlsx", document_views.opd_letters, name="opd_letters"),
    path("<str:code>/jadwal.xlsx", document_views.schedule_export, name="schedule_export"),
]
