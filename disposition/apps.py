from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispositionConfig(AppConfig):
    name = "disposition"
    verbose_name = _("Disposisi dan tindak lanjut")

    def ready(self):
        # The citizen's pages (complaints, one layer down) let a staff user read what the
        # workbench lets them open; the workbench's scope is this app's to define.
        from complaints.access import use_staff_scope
        from disposition.access import complaints_for_staff

        use_staff_scope(complaints_for_staff)
