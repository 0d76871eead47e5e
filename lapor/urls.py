from django.contrib import admin
from django.urls import include, path

from lapor import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("akun/", include("accounts.urls")),
    path("", include("complaints.urls")),
    path("", include("disposition.urls")),
    path("admin/", admin.site.urls),
]
