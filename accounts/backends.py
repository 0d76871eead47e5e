from django.contrib.auth.backends import ModelBackend

from accounts.access import access_for
from accounts.roles import permissions_for_roles


class AppointmentBackend(ModelBackend):
    """E-mail login; admin permissions come from the roles of the appointments valid today."""

    def get_all_permissions(self, user_obj, obj=None):
        granted = super().get_all_permissions(user_obj, obj)
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return granted
        return granted | permissions_for_roles(access_for(user_obj).roles)
