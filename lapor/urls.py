from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from complaints.views import home
from disposition.sla.health import healthz
from lapor import views

# The URL root is the one module of lapor/ that names the apps: it wires them together.
urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # The language switcher in every page's footer carries no CSRF token: choosing a language
    # is all a forged request could do, and a page without a form of its own then needs no
    # token drawn for each visitor (a tenth of a shared public page's CPU).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("akun/", include("accounts.urls")),
    path("", include("complaints.urls")),
    path("", include("disposition.urls")),
    path("admin/", admin.site.urls),
]
