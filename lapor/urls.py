from django.contrib import admin
from django.urls import include, path

from complaints.views import home
from disposition.sla.health import healthz
from lapor import views

# The URL root is the one module of lapor/ that names the apps: it wires them together.
urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("akun/", include("accounts.urls")),
    path("", include("complaints.urls")),
    path("", include("disposition.urls")),
    path("admin/", admin.site.urls),
]
