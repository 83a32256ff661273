from django.urls import path

from reports import bill_views, compare_views, development_views, recap_views, views

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

urlpatterns += [
    path("<str:code>/pnbp/", bill_views.bill_register, name="pnbp_bills"),
    path("<str:code>/pnbp/terbitkan/", bill_views.bill_issue, name="pnbp_issue"),
    path("<str:code>/pnbp/tagihan-pnbp.xlsx", bill_views.register_xlsx, name="pnbp_register_xlsx"),
    path("<str:code>/pnbp/<int:bill>/", bill_views.bill_detail, name="pnbp_bill"),
    path("<str:code>/pnbp/<int:bill>/lunas/", bill_views.bill_mark_paid, name="pnbp_bill_paid"),
    path("<str:code>/pnbp/<int:bill>/tagihan.pdf", bill_views.bill_pdf, name="pnbp_bill_pdf"),
]
