import time

from django.core.management.base import BaseCommand, CommandError

from disposition.demo.generate import generate


class Command(BaseCommand):
    help = ("Add N realistic complaints in bulk (categories weighted as in the demo region, "
            "states, channels, durations, ratings) for benchmarks and dashboards at scale.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)

    def handle(self, *args, count, **options):
        if count < 1 or count > 10_000_000:
            raise CommandError("--count must be between 1 and 10,000,000.")
        started = time.monotonic()
        made = generate(count)
        self.stdout.write(f"Generated {made} complaints in {time.monotonic() - started:.1f} s.")
