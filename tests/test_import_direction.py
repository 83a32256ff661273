"""Imports run downwards: reports -> sessions_app -> participants, and the demo sits above
them all. Every module of an app is read with `ast`, imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cact_admin", "audit", "participants", "accounts", "sessions_app", "reports", "operations")
# What each app may not import, the demo included for all of them.
FORBIDDEN = {
    "participants": {"sessions_app", "reports", "demo"},
    "sessions_app": {"reports", "demo"},
} | {app: {"demo"} for app in APPS if app not in ("participants", "sessions_app")}
# Known upward imports kept on purpose, as (file, imported module). None today: participants'
# `import_participants --event` reaches events through participants/enrolment.py, which
# sessions_app fills in its AppConfig.ready().
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()
DYNAMIC = {"import_module", "import_string", "__import__"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path) -> list[str]:
    """Every module the file imports: at the top, in functions, relative ones resolved, and
    the literal argument of import_module/import_string/__import__."""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.append(".".join(base + ([node.module] if node.module else [])))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in DYNAMIC and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
    return found


def upward_imports(root: Path, forbidden: dict[str, set[str]]) -> set[tuple[str, str]]:
    found = set()
    for app, banned in forbidden.items():
        for path in sorted((root / app).rglob("*.py")):
            for module in imported_modules(path, root):
                if module.split(".")[0] in banned:
                    found.add((path.relative_to(root).as_posix(), module))
    return found


def test_no_app_imports_upwards_or_the_demo():
    assert upward_imports(ROOT, FORBIDDEN) - EXCEPTIONS == set()


def test_every_listed_exception_still_exists():
    assert EXCEPTIONS - upward_imports(ROOT, FORBIDDEN) == set()


def test_the_walk_reads_every_app_including_management_commands():
    read = {p.relative_to(ROOT).as_posix() for app in FORBIDDEN for p in (ROOT / app).rglob("*.py")}
    assert "participants/management/commands/import_participants.py" in read
    assert "sessions_app/services/registration.py" in read
    assert len(read) > 100


@pytest.fixture
def tree(tmp_path):
    def write(relative: str, text: str) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    write("participants/__init__.py", "")
    write("participants/management/commands/load.py", "from ....sessions_app import x\n")
    write("participants/local.py", "def f():\n    from sessions_app.models import Event\n")
    write("participants/dynamic.py", "import importlib\nimportlib.import_module('reports.x')\n")
    write("participants/plain.py", "import demo.results\nfrom . import text\nfrom .nip import a\n")
    write("sessions_app/ok.py", "from participants.models import Participant\n")
    return tmp_path


def test_the_walk_finds_function_local_relative_and_dynamic_upward_imports(tree):
    assert upward_imports(tree, FORBIDDEN) == {
        ("participants/local.py", "sessions_app.models"),
        ("participants/dynamic.py", "reports.x"),
        ("participants/plain.py", "demo.results"),
        ("participants/management/commands/load.py", "sessions_app"),
    }
