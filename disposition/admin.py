"""Django's admin autodiscovery imports this module: the workbench (the complaint in the admin,
its actions and answer templates) and the SLA sweep's log register themselves here."""

from disposition.sla import admin as sla_admin  # noqa: F401
from disposition.workbench import admin as workbench_admin  # noqa: F401
