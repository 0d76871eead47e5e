"""The dependency direction, read from every module's imports (function-level imports too):
disposition → complaints → accounts → lapor, nothing upward. lapor/urls.py, the URL root that
wires the apps together, is the one module allowed to name them all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["lapor", "accounts", "complaints", "disposition"]  # bottom first
COMPOSITION_ROOT = "lapor/urls.py"


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def modules_of(layer, root=ROOT):
    return sorted(p for p in (root / layer).rglob("*.py") if "migrations" not in p.parts)


def upward_imports(root=ROOT):
    found = []
    for rank, layer in enumerate(LAYERS):
        above = set(LAYERS[rank + 1:])
        for path in modules_of(layer, root):
            name = path.relative_to(root).as_posix()
            if name == COMPOSITION_ROOT:
                continue
            found += [f"{name}:{line} imports {package}"
                      for package, line in imported_packages(path) if package in above]
    return found


def test_every_import_points_down_the_layers():
    assert upward_imports() == []


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_has_modules_to_check(layer):
    assert modules_of(layer)


def test_the_check_sees_a_function_level_import_and_spares_only_the_url_root(tmp_path):
    """The test above can fail: a module of accounts importing complaints in a function."""
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "accounts" / "probe.py").write_text(
        "def sneak():\n    from complaints.models import Complaint\n")
    (tmp_path / "lapor" / "urls.py").write_text("from disposition.sla.health import healthz\n")
    (tmp_path / "lapor" / "views.py").write_text("import disposition.models\n")
    assert upward_imports(tmp_path) == ["lapor/views.py:1 imports disposition",
                                        "accounts/probe.py:2 imports complaints"]
