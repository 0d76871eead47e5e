"""Rules that must live in one place: the source is read as text, so that a second copy
written anywhere in the product fails here."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["lapor", "accounts", "complaints", "disposition"]


def product_modules():
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def calls_in(path, pattern):
    return [line for line in path.read_text().splitlines() if re.search(pattern, line)]


def test_there_is_one_csv_writer():
    writers = {path.relative_to(ROOT).as_posix(): lines for path in product_modules()
               if (lines := calls_in(path, r"\bcsv\.(writer|DictWriter)\("))}
    assert list(writers) == ["disposition/reporting/exports.py"], writers


def test_there_is_one_xlsx_writer():
    writers = [path.relative_to(ROOT).as_posix() for path in product_modules()
               if calls_in(path, r"\bWorkbook\(")]
    assert writers == ["disposition/reporting/exports.py"]


def test_one_function_says_which_staff_action_is_open():
    """Buttons, the action view's 403 and the services' guards all ask
    disposition.workflow.refusal; nothing else decides it."""
    deciders = [path.relative_to(ROOT).as_posix() for path in product_modules()
                if calls_in(path, r"^def (refusal|staff_actions|_require_\w+)\(")]
    assert deciders == ["disposition/workflow.py"]


def test_accounts_looks_up_no_model_by_name():
    for path in (ROOT / "accounts").rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert "get_model" not in names, path
