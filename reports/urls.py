from django.urls import path

from reports import compare_views, development_views, recap_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/aturan/", views.scoring_rules, name="scoring_rules"),
    path("<str:code>/dasbor/", views.dashboard, name="dashboard"),
    path("<str:code>/perbandingan/", compare_views.comparison, name="comparison"),
    path("<str:code>/peta-gap/", views.gap_map, name="gap_map"),
    path("<str:code>/kelompok/", views.group_table, name="groups"),
    path("<str:code>/kebutuhan-pelatihan/", views.training_needs, name="training_needs"),
    path(
        "<str:code>/kebutuhan-pelatihan/pengembangan.xlsx",
        development_views.development_workbook,
        name="development_workbook",
    ),
    path("<str:code>/peserta/", views.result_list, name="results"),
    path("<str:code>/peserta/<int:registration>/", views.result_detail, name="result"),
    path(
        "<str:code>/peserta/<int:registration>/laporan.pdf",
        views.result_pdf,
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
