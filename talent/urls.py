from django.urls import path

from talent import coverage_views, pools_views, standards_views

app_name = "talent"

urlpatterns = [
    path("cakupan/", coverage_views.coverage, name="coverage"),
    path("cakupan/cakupan.xlsx", coverage_views.coverage_download, name="coverage_download"),
    path("cakupan/daftarkan/", coverage_views.coverage_enrol, name="coverage_enrol"),
    path("pool/", pools_views.pool, name="pool"),
    path("pool/unduh/", pools_views.pool_export, name="pool_export"),
    path("standar/", standards_views.standard_list, name="standards"),
    path("standar/impor/", standards_views.standard_import, name="standard_import"),
    path(
        "standar/impor/<uuid:token>/",
        standards_views.standard_preview,
        name="standard_preview",
    ),
    path(
        "standar/impor/<uuid:token>/konfirmasi/",
        standards_views.standard_confirm,
        name="standard_confirm",
    ),
    path(
        "standar/impor/<uuid:token>/batal/",
        standards_views.standard_cancel,
        name="standard_cancel",
    ),
]
