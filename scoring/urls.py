from django.urls import path

from scoring import import_views, norm_views, run_views, views

app_name = "scoring"

urlpatterns = [
    path("norma-es/", norm_views.norm_list, name="norms"),
    path("norma-es/dari-proses/", norm_views.norm_from_run, name="norm_from_run"),
    path("norma-es/manual/", norm_views.norm_manual, name="norm_manual"),
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
]
