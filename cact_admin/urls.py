from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from cact_admin.home import home

admin.site.site_header = "CACT Admin BKD Kaltara"
admin.site.site_title = "CACT Admin"

urlpatterns = [
    path("", home, name="home"),
    path("sehat/", account_views.health, name="health"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("participants.urls")),
    path("audit/", include("audit.urls")),
    path("kegiatan/", include("sessions_app.urls")),
    path("hasil/", include("scoring.urls")),
    path("hasil/", include("reports.urls")),
    path("talenta/", include("talent.urls")),
    path("pesan/", include("messaging.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
