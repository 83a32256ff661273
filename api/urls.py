from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views

app_name = "api"

urlpatterns = [
    path("v1/participants/", views.participants, name="participants"),
    path("v1/events/", views.events, name="events"),
    path("v1/schedules/", views.schedules, name="schedules"),
    path("v1/attendance/", views.attendance, name="attendance"),
    path("v1/results/", views.results, name="results"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
