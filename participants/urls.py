from django.urls import path

from participants import import_template_views, import_views, master_views, views

app_name = "participants"

urlpatterns = [
    path("peserta/", views.participant_list, name="list"),
    path("peserta/baru/", views.participant_create, name="create"),
    path("peserta/<int:pk>/", views.participant_detail, name="detail"),
    path("peserta/<int:pk>/ubah/", views.participant_edit, name="edit"),
    path("peserta/impor/", import_views.import_upload, name="import"),
    path(
        "peserta/impor/templat.xlsx",
        import_template_views.import_template,
        name="import_template",
    ),
    path("peserta/impor/<uuid:token>/", import_views.import_preview, name="import_preview"),
    path(
        "peserta/impor/<uuid:token>/konfirmasi/", import_views.import_confirm, name="import_confirm"
    ),
    path("peserta/impor/<uuid:token>/batal/", import_views.import_cancel, name="import_cancel"),
    path(
        "peserta/impor/<uuid:token>/ditolak.xlsx",
        import_views.import_rejected,
        name="import_rejected",
    ),
    path("master/opd/", master_views.opd_list, name="opd_list"),
    path("master/opd/baru/", master_views.opd_create, name="opd_create"),
    path("master/opd/<int:pk>/ubah/", master_views.opd_edit, name="opd_edit"),
    path("master/opd/<int:pk>/hapus/", master_views.opd_delete, name="opd_delete"),
    path("master/opd/gabung/", master_views.opd_merge, name="opd_merge"),
    path("master/upt/", master_views.upt_list, name="upt_list"),
    path("master/upt/baru/", master_views.upt_create, name="upt_create"),
    path("master/upt/<int:pk>/ubah/", master_views.upt_edit, name="upt_edit"),
    path("master/standar-kompetensi/", master_views.required_levels, name="levels"),
]
