import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import boundaries
from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_accounts, load_units
from accounts.models import DistrictBoundary
from complaints.demo import load_categories, load_tags
from disposition.demo.complaints import load_complaints
from disposition.demo.history import load_history

DEMO_REGION = Path(settings.BASE_DIR) / "lapor" / "data" / "demo-region.json"
# Approximate, generated boundaries (see the file's "about"): not official ones.
DEMO_KECAMATAN = Path(settings.BASE_DIR) / "lapor" / "data" / "demo-kecamatan.geojson"


class Command(BaseCommand):
    help = ("Load the demo region (units, categories, accounts, complaints in every state). "
            "A second run changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--history", action="store_true",
                            help="also a year of the region's past (a few thousand reports, "
                                 "made once) and canned answers: what `make run` loads")

    @transaction.atomic
    def handle(self, *args, **options):
        region = json.loads(DEMO_REGION.read_text(encoding="utf-8"))
        units = load_units(region["units"])
        categories = load_categories(region["categories"])
        load_tags(region.get("tags", []))
        if not DistrictBoundary.objects.exists():
            boundaries.load(DEMO_KECAMATAN.read_text(encoding="utf-8"))
        people = load_accounts()
        complaints = load_complaints()
        history = load_history() if options["history"] else 0
        self.stdout.write(
            f"Demo data: {units} units, {categories} categories, {people} accounts, "
            f"{complaints} complaints created, {history} of the past year "
            f"(password for every demo account: {DEMO_PASSWORD})."
        )
        if options["verbosity"] > 1:
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.email:<30} {account.description}")
