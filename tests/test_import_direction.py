"""Imports run one way, and no module imports itself back through others.

Every module of the project's own packages is read with `ast`: imports at the top and inside
functions, relative ones resolved, and the literal argument of import_module/import_string/
__import__. Tests and migrations are not read.

- The module graph has no cycle: a strongly connected group of modules, or a module that
  imports itself. `from pkg import name` where pkg.name is a module is an edge to that module;
  only imports under `if TYPE_CHECKING:` are left out (they never run). The parent packages
  Python runs on the way to a module (pkg/__init__.py for pkg.mod) are not edges: a package
  that imports its own submodules is flagged only when one of them imports the package back.
- An app imports only the apps below it in ORDER.

`python -m tests.test_import_direction` prints the app dependency matrix.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's own packages, lowest first: an app may import only the apps before it. An app
# missing from a checkout is skipped.
ORDER = (
    "core",  # the shared plumbing: spreadsheets, Excel cells, bulk writes, import batches
    # accounts imports no app (its Profile names participants.Opd by a string, not an import);
    # audit's trail page uses accounts' require_perms, so accounts sits below audit.
    "accounts",
    "audit",
    "participants",
    "sessions_app",
    "scoring",
    "reports",
    "talent",
    "messaging",
    "api",  # the HR systems' read-only API: reads participants, sessions_app, scoring, reports
    "operations",
    "demo",
    "cact_admin",  # the project wiring: settings, URLs, the Celery app, the home page
    "bench",  # runs the whole project from outside, as the tests do
)
# Upward imports kept on purpose, as (importing module, imported module), each with its
# reason. None today: participants' `import_participants --event` reaches events through
# participants/enrolment.py, which sessions_app fills in its AppConfig.ready().
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()
DYNAMIC = {"import_module", "import_string", "__import__"}


@dataclass(frozen=True)
class Import:
    """One import statement of a project module and the project modules it reaches."""

    source: str  # the importing module, e.g. "scoring.runs"
    where: str  # file:line
    targets: tuple[str, ...]  # the project modules imported, e.g. ("scoring.core",)
    type_only: bool  # under `if TYPE_CHECKING:`


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the apps present under root, migrations left out."""
    found = {}
    for app in ORDER:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                found[module_name(path, root)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
    return name == "TYPE_CHECKING"


def _walk(node: ast.AST, type_only: bool = False):
    """Every node with whether it sits under `if TYPE_CHECKING:` (its else branch runs)."""
    yield node, type_only
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        branches = [(node.body, True), (node.orelse, type_only)]
    else:
        branches = [(list(ast.iter_child_nodes(node)), type_only)]
    for children, flag in branches:
        for child in children:
            yield from _walk(child, flag)


def _imported_names(node: ast.AST, package: list[str], modules) -> list[str]:
    """The dotted names one statement imports: a submodule named in `from pkg import name`
    counts as itself, anything else as the module it comes from."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = package[: len(package) - node.level + 1] if node.level else []
        full = ".".join(base + ([node.module] if node.module else []))
        return [f"{full}.{a.name}" if f"{full}.{a.name}" in modules else full for a in node.names]
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if name in DYNAMIC and isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def _resolve(name: str, modules) -> str | None:
    """The project module a dotted name lives in (None: not ours)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(root: Path) -> list[Import]:
    """Every import statement of every project module under root that reaches another."""
    modules = project_modules(root)
    found = []
    for source, path in modules.items():
        package = source.split(".")[: None if path.name == "__init__.py" else -1]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, type_only in _walk(tree):
            names = _imported_names(node, package, modules)
            targets = {_resolve(name, modules) for name in names} - {None}
            if targets:
                where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                found.append(Import(source, where, tuple(sorted(targets)), type_only))
    return found


# --- cycles -------------------------------------------------------------------------------


def module_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports when it runs (type-only imports left out)."""
    graph: dict[str, set[str]] = {name: set() for name in project_modules(root)}
    for statement in imports(root):
        if not statement.type_only:
            graph[statement.source].update(statement.targets)
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module, and the self-importers."""
    reach = {name: _reachable(graph, name) for name in graph}
    groups = {
        frozenset({name} | {other for other in reach[name] if name in reach[other]})
        for name in graph
        if name in reach[name]
    }
    return sorted(sorted(group) for group in groups)


def test_no_module_imports_itself_back():
    graph = module_graph(ROOT)
    found = cycles(graph)
    edges = {
        group[0]: [f"{a} -> {b}" for a in group for b in sorted(graph[a]) if b in group]
        for group in found
    }
    assert found == [], "\n".join(f"cycle {group}: {edges[group[0]]}" for group in found)


# --- app direction ------------------------------------------------------------------------


def app_of(module: str) -> str:
    return module.split(".")[0]


def upward_imports(root: Path) -> set[tuple[str, str, str]]:
    """(file:line, importing module, imported module) for every import of an app at or above
    the importer in ORDER."""
    rank = {app: number for number, app in enumerate(ORDER)}
    found = set()
    for statement in imports(root):
        source_app = app_of(statement.source)
        for target in statement.targets:
            target_app = app_of(target)
            if target_app == source_app:
                continue
            if rank[target_app] > rank[source_app]:
                found.add((statement.where, statement.source, target))
    return found


def test_apps_import_only_the_apps_below_them():
    found = {item for item in upward_imports(ROOT) if item[1:] not in EXCEPTIONS}
    assert found == set(), "\n".join(sorted(" ".join(item) for item in found))


def test_every_listed_exception_still_exists():
    assert EXCEPTIONS - {item[1:] for item in upward_imports(ROOT)} == set()


def test_the_walk_reads_every_app_including_management_commands():
    read = {path.relative_to(ROOT).as_posix() for path in project_modules(ROOT).values()}
    assert "participants/management/commands/import_participants.py" in read
    assert "sessions_app/services/registration.py" in read
    assert "bench/score_run_child.py" in read
    assert not any("/migrations/" in path for path in read)
    assert len(read) > 150


# --- the matrix ---------------------------------------------------------------------------


def app_matrix(root: Path) -> Counter[tuple[str, str]]:
    """(importing app, imported app) -> import statements, type-only ones included."""
    counts: Counter[tuple[str, str]] = Counter()
    for statement in imports(root):
        for app in {app_of(target) for target in statement.targets}:
            counts[app_of(statement.source), app] += 1
    return counts


def format_matrix(counts: Counter[tuple[str, str]], apps: list[str]) -> str:
    """Rows import columns, lowest app first; "." for none, "-" within an app."""
    width = max(len(app) for app in apps)
    lines = [" " * width + "  " + "  ".join(apps)]
    for row in apps:
        cells = ["-" if row == col else str(counts[row, col] or ".") for col in apps]
        lines.append(f"{row:<{width}}  " + "  ".join(map(str.rjust, cells, map(len, apps))))
    return "\n".join(lines)


def print_app_matrix(root: Path = ROOT) -> None:
    apps = [app for app in ORDER if (root / app).is_dir()]
    print("Import statements, rows import columns (apps lowest first):")
    print(format_matrix(app_matrix(root), apps))


# --- the walk on a made-up tree -----------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    def write(relative: str, text: str = "") -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for package in ("participants", "participants/management", "participants/management/commands",
                    "sessions_app", "reports"):  # fmt: skip
        write(f"{package}/__init__.py")
    write("participants/management/commands/load.py", "from ....sessions_app import x\n")
    write("participants/local.py", "def f():\n    from sessions_app.models import Event\n")
    write("participants/dynamic.py", "import importlib\nimportlib.import_module('reports.x')\n")
    write("participants/plain.py", "import demo.results\nfrom . import text\nfrom .nip import a\n")
    write("participants/text.py", "from participants import plain\n")
    write("participants/nip.py", "from participants.nip import a\n")
    write("participants/helpers.py", "from core import db, text\nfrom cact_admin import celery\n")
    write("participants/migrations/0001_initial.py", "from reports.models import X\n")
    write("sessions_app/models.py", "from participants.local import f\n")
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {}\nelse:\n    {}\n"
    write(
        "sessions_app/typed.py", typed.format("from reports.models import Run", "import reports.x")
    )
    write("reports/x.py", typed.format("from sessions_app.typed import T", "pass"))
    write("demo/__init__.py", "from demo import results\n")
    write("demo/results.py", "import demo\n")
    write("cact_admin/__init__.py", "from .celery import app\n")
    write("cact_admin/celery.py")
    write("core/__init__.py")
    write("core/db.py")
    write("core/text.py")
    return tmp_path


def test_the_walk_finds_function_local_relative_dynamic_and_type_only_upward_imports(tree):
    assert {item[1:] for item in upward_imports(tree)} == {
        ("participants.local", "sessions_app.models"),
        ("participants.dynamic", "reports.x"),
        ("participants.plain", "demo.results"),
        ("participants.management.commands.load", "sessions_app"),
        ("participants.helpers", "cact_admin.celery"),  # core.db is below participants
        ("sessions_app.typed", "reports"),  # type-only: reports.models is not a module here
        ("sessions_app.typed", "reports.x"),  # the else branch of TYPE_CHECKING runs
    }


def test_the_cycles_are_strongly_connected_groups_and_self_imports(tree):
    # Not cycles: the migration, the type-only import back from reports.x, and
    # cact_admin/__init__.py importing its celery module, which imports nothing back.
    assert cycles(module_graph(tree)) == [
        ["demo", "demo.results"],  # a package and its submodule importing it back
        ["participants.local", "sessions_app.models"],  # through a function-local import
        ["participants.nip"],  # a module importing itself
        ["participants.plain", "participants.text"],  # relative: `from . import text`
    ]


def test_the_matrix_counts_import_statements_between_apps(tree):
    counts = app_matrix(tree)
    assert counts["participants", "sessions_app"] == 2
    assert counts["participants", "cact_admin"] == 1
    assert counts["participants", "core"] == 1  # one statement, two modules
    assert counts["participants", "participants"] == 4
    assert counts["sessions_app", "reports"] == 2
    text = format_matrix(counts, ["participants", "sessions_app"])
    assert text.splitlines()[1].split() == ["participants", "-", "2"]


if __name__ == "__main__":
    print_app_matrix()
