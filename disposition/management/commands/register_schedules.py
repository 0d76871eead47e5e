from django.core.management.base import BaseCommand

from disposition.sla.schedules import register_schedules


class Command(BaseCommand):
    help = "Register the worker's recurring schedules (idempotent)."

    def handle(self, *args, **options):
        created = register_schedules()
        message = f"{len(created)} created" if created else "up to date"
        self.stdout.write(f"Schedules: {message}.")
