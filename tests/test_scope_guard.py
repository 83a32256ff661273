"""The OPD scope has one home (participants.scope): no page, export or task filters rows by
OPD ids or OPD names by hand, and nothing but scoped_opd_ids asks who sees every OPD.

A file that needs such a filter for another reason than a user's scope is listed below with
that reason; anything else found fails this test, which names the file and line."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "api",
    "audit",
    "cact_admin",
    "operations",
    "participants",
    "reports",
    "sessions_app",
    "talent",
)

HAND_FILTERS = {
    "a filter by OPD ids": re.compile(r"opd(_id)?__in\b"),
    "a filter by OPD name": re.compile(r"opd__name(_key)?(__in|__iexact|__icontains)?\s*="),
    "a filter by OPD name (lookup)": re.compile(r"[\"']\w*opd__name(_key)?__(in|iexact)[\"']"),
    "the all-OPDs permission": re.compile(r"view_all_opds[\"']\s*\)"),
}

ALLOWED = {
    # The one home of the rule: scoped_opd_ids and OpdScopedQuerySet.
    "participants/scope.py": set(HAND_FILTERS),
    # The import finds the UPTs of the OPDs named in its file: no user's scope.
    "participants/services.py": {"a filter by OPD ids"},
    # A merge moves the UPTs of the OPDs merged away: no user's scope.
    "participants/opd_services.py": {"a filter by OPD ids"},
}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path


def hand_filters() -> list[str]:
    found = []
    for name, path in modules():
        allowed = ALLOWED.get(name, set())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for kind, pattern in HAND_FILTERS.items():
                if kind not in allowed and pattern.search(line):
                    found.append(f"{name}:{number}: {kind}: {line.strip()}")
    return found


def test_no_module_filters_by_opd_outside_the_scope_querysets():
    assert hand_filters() == [], "use .visible_to(user) or .visible_to_opds(ids) instead"


def test_the_allowed_files_still_need_their_exception():
    """An exception no longer used is removed, so the list stays short and true."""
    for name, kinds in ALLOWED.items():
        if name == "participants/scope.py":
            continue  # its queryset builds the lookup from opd_path
        text = (ROOT / name).read_text(encoding="utf-8")
        for kind in kinds:
            assert HAND_FILTERS[kind].search(text), f"{name} no longer needs {kind}"
    scope = (ROOT / "participants/scope.py").read_text(encoding="utf-8")
    assert HAND_FILTERS["the all-OPDs permission"].search(scope)


def test_the_guard_finds_a_hand_written_scope():
    """The patterns catch the filters this refactoring removed."""
    written = [
        "results.filter(registration__participant__opd_id__in=scope)",
        'results.filter(**{PERSON + "opd_id__in": opd_ids})',
        "Upt.objects.filter(opd__in=merged)",
        "results.filter(registration__participant__opd__name__in=names)",
        'results.filter(**{"registration__participant__opd__name__in": names})',
        'if user.has_perm("accounts.view_all_opds"):',
    ]
    for line in written:
        assert any(p.search(line) for p in HAND_FILTERS.values()), line
    for line in ['.values_list("participant__opd__name")', '.order_by("participant__opd__name")']:
        assert not any(p.search(line) for p in HAND_FILTERS.values()), line
