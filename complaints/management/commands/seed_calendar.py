from django.core.management.base import BaseCommand

from complaints.calendar_seed import seed_calendar


class Command(BaseCommand):
    help = ("Add Indonesia's holidays and cuti bersama for last, this and next year, and the "
            "default deadline policies, where missing. A second run changes nothing.")

    def handle(self, *args, **options):
        days, policies = seed_calendar()
        self.stdout.write(f"Calendar: {days} holidays, {policies} deadline policies added.")
