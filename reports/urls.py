from django.urls import path

from reports import compare_views, import_views, recap_views, run_views, views

app_name = "reports"

urlpatterns = [
    path("", run_views.index, name="index"),
    path("<str:code>/instrumen/", views.instruments, name="instruments"),
    path(
        "<str:code>/instrumen/templat.xlsx",
        views.instrument_template,
        name="instrument_template",
    ),
    path(
        "<str:code>/instrumen/<uuid:token>/",
        views.instrument_preview,
        name="instrument_preview",
    ),
    path("<str:code>/aturan-penilaian/", views.scoring_settings, name="scoring_settings"),
    path("<str:code>/aturan/", views.scoring_rules, name="scoring_rules"),
    path("<str:code>/impor/<slug:slug>/", import_views.upload, name="import"),
    path(
        "<str:code>/impor/<slug:slug>/templat.xlsx", import_views.template, name="import_template"
    ),
    path("<str:code>/impor/<slug:slug>/<uuid:token>/", import_views.preview, name="import_preview"),
    path(
        "<str:code>/impor/<slug:slug>/<uuid:token>/konfirmasi/",
        import_views.confirm,
        name="import_confirm",
    ),
    path(
        "<str:code>/impor/<slug:slug>/<uuid:token>/batal/",
        import_views.cancel,
        name="import_cancel",
    ),
    path(
        "<str:code>/impor/<slug:slug>/<uuid:token>/ditolak.xlsx",
        import_views.rejected,
        name="import_rejected",
    ),
    path("<str:code>/penilaian/", run_views.run_list, name="runs"),
    path("<str:code>/penilaian/<int:number>/", run_views.run_detail, name="run"),
    path("<str:code>/penilaian/<int:number>/progres/", run_views.run_progress, name="run_progress"),
    path("<str:code>/penilaian/<int:number>/terbitkan/", run_views.run_publish, name="run_publish"),
    path("<str:code>/penilaian/<int:number>/lanjutkan/", run_views.run_resume, name="run_resume"),
    path("<str:code>/penilaian/<int:number>/hentikan/", run_views.run_stop, name="run_stop"),
    path("<str:code>/penilaian/<int:number>/butir/", run_views.item_analysis, name="items"),
    path("<str:code>/rekonsiliasi/", run_views.reconciliation, name="reconciliation"),
    path("<str:code>/dasbor/", run_views.dashboard, name="dashboard"),
    path("<str:code>/perbandingan/", compare_views.comparison, name="comparison"),
    path("<str:code>/peta-gap/", run_views.gap_map, name="gap_map"),
    path("<str:code>/kelompok/", run_views.group_table, name="groups"),
    path("<str:code>/kebutuhan-pelatihan/", run_views.training_needs, name="training_needs"),
    path("<str:code>/peserta/", run_views.result_list, name="results"),
    path("<str:code>/peserta/<int:registration>/", run_views.result_detail, name="result"),
    path(
        "<str:code>/peserta/<int:registration>/laporan.pdf",
        run_views.result_pdf,
        name="result_pdf",
    ),
    path("<str:code>/rekap/", recap_views.recap_request, name="recap"),
    path("<str:code>/rekap/<uuid:token>/", recap_views.recap_status, name="recap_status"),
    path(
        "<str:code>/rekap/<uuid:token>/progres/",
        recap_views.recap_progress,
        name="recap_progress",
    ),
    path("<str:code>/rekap/<uuid:token>/rekap.xlsx", recap_views.recap_file, name="recap_file"),
]
