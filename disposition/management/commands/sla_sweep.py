from django.core.management.base import BaseCommand

from disposition.sla.sweep import sweep


class Command(BaseCommand):
    help = ("Run one SLA sweep now (the same code the worker's schedule runs): reminders, "
            "escalation, digests, automatic closing and archiving. Safe to run at any time.")

    def handle(self, *args, **options):
        run = sweep()
        done = ", ".join(f"{name} {count}" for name, count in run.counts.items())
        self.stdout.write(f"SLA sweep in {run.duration_ms} ms: {done}.")
