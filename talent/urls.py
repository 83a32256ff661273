from django.urls import path

from talent import coverage_views

app_name = "talent"

urlpatterns = [
    path("cakupan/", coverage_views.coverage, name="coverage"),
    path("cakupan/cakupan.xlsx", coverage_views.coverage_download, name="coverage_download"),
    path("cakupan/daftarkan/", coverage_views.coverage_enrol, name="coverage_enrol"),
]
