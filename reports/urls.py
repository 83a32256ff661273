from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<str:code>/instrumen/", views.instruments, name="instruments"),
    path(
        "<str:code>/instrumen/<uuid:token>/",
        views.instrument_preview,
        name="instrument_preview",
    ),
    path("<str:code>/aturan-penilaian/", views.scoring_settings, name="scoring_settings"),
]
