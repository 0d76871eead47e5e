from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_channels(sender, using="default", **kwargs):
    from complaints import channel_seed
    from complaints.models import SourceChannel

    channel_seed.seed_channels(SourceChannel, using)


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Laporan")

    def ready(self):
        # The built-in channels exist after every migrate and flush (complaints/channel_seed.py).
        post_migrate.connect(_seed_channels, sender=self)
