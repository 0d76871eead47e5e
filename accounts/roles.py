"""Which admin permissions each appointment role grants: the one table for it.

Permissions are not stored per user or group: accounts.backends.AppointmentBackend derives them
from the appointments valid today, so they end with the SK. Later issues extend this table.
"""

from accounts.models import Appointment

Role = Appointment.Role

# The roles that work on a unit's reports (accept, answer, return, contribute); a viewer reads.
ANSWERING_ROLES = frozenset({Role.OPERATOR, Role.APPROVER})

_READ_ORGANISATION = {"accounts.view_unit", "complaints.view_category",
                      "complaints.view_holiday", "complaints.view_deadlinepolicy",
                      "complaints.view_sourcechannel", "complaints.view_tag"}
# Which complaints each person sees is decided by accounts.access, not by these permissions.
_WORKBENCH = {"complaints.view_complaint", "disposition.view_responsetemplate"}
_WRITE_TEMPLATES = {"disposition.add_responsetemplate", "disposition.change_responsetemplate",
                    "disposition.delete_responsetemplate"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        _READ_ORGANISATION
        | {
            "accounts.add_unit",
            "accounts.change_unit",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_appointment",
            "accounts.add_appointment",
            "accounts.change_appointment",
            "accounts.view_apiclient",
            "accounts.view_accessrecord",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "accounts.add_apiclient",
            "accounts.change_apiclient",
            "complaints.add_category",
            "complaints.change_category",
            "complaints.add_complaint",  # intake from other channels
            "complaints.add_sourcechannel",
            "complaints.change_sourcechannel",
            "complaints.add_tag",
            "complaints.change_tag",
            "complaints.add_holiday",
            "complaints.change_holiday",
            "complaints.delete_holiday",
            "complaints.add_deadlinepolicy",
            "complaints.change_deadlinepolicy",
            "complaints.delete_deadlinepolicy",
        }
        | _WORKBENCH
        | _WRITE_TEMPLATES
    ),
    # Units record their own intake (disposition.services.record_intake).
    Role.OPERATOR: frozenset(_READ_ORGANISATION | _WORKBENCH | _WRITE_TEMPLATES
                             | {"complaints.add_complaint"}),
    Role.APPROVER: frozenset(_READ_ORGANISATION | _WORKBENCH | _WRITE_TEMPLATES
                             | {"complaints.add_complaint"}),
    Role.VIEWER: frozenset(_READ_ORGANISATION | _WORKBENCH),
}


def permissions_for_roles(roles):
    granted = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return granted
