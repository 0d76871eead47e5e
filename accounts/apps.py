from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Organisasi dan pengguna")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="lapor-idle-clock")


class LaporAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with lapor's site (entry follows appointments)."""

    default = False
    default_site = "accounts.admin_site.LaporAdminSite"
