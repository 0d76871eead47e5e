from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import boundaries


class Command(BaseCommand):
    help = ("Load kecamatan boundaries (GeoJSON FeatureCollection; each feature names its "
            "kecamatan by the `code` or `name` property), replacing the loaded ones. A report "
            "with a pin and no kecamatan then gets the kecamatan that holds the pin.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            count = boundaries.load(path.read_text(encoding="utf-8"))
        except (OSError, boundaries.BoundaryError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} batas kecamatan dimuat dari {path}.")
