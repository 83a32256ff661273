from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/kirim-ulang/", views.resend, name="resend"),
    path("kegiatan/<str:code>/", views.event_messaging, name="event"),
    path("kegiatan/<str:code>/<str:kind>/", views.preview, name="preview"),
    path("wa/<int:pk>/", views.whatsapp, name="whatsapp"),
    path("wa/opd/<int:pk>/<str:code>/", views.opd_whatsapp, name="opd_whatsapp"),
]
