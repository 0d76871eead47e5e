#!/usr/bin/env python
import os
import sys
from pathlib import Path


def use_development_environment():
    """In a checkout that `make` set up, manage.py works without exporting anything.

    Only when neither DEBUG nor SECRET_KEY is in the environment: a production host sets
    them, and never runs `make` (which writes var/database_url).
    """
    marker = Path(__file__).resolve().parent / "var" / "database_url"
    if "DEBUG" in os.environ or "SECRET_KEY" in os.environ or not marker.exists():
        return
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("DATABASE_URL", marker.read_text().strip())


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    use_development_environment()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
