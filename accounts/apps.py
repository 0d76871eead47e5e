from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Organisasi dan pengguna")


class LaporAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with lapor's site (entry follows appointments)."""

    default = False
    default_site = "accounts.admin_site.LaporAdminSite"
