"""Django's own strings its Indonesian catalogue does not have yet; lapor's catalogue
(locale/id) translates them, and `make messages` finds them here."""

from django.utils.translation import gettext_noop

# Django 6.1's blank choice of a select (the workbench's action menu).
BLANK_CHOICE = gettext_noop("- Select an option -")
