"""Every citation of the project's docs points at a file and a heading that exist.

Code, templates, tests and the README cite the rules as `docs/<file>.md#<section>`, and the
docs link each other as `[text](<file>.md#<section>)`; a section is named by the GitHub
anchor of its heading. A renamed heading or a moved file fails here, not in a reader's hands.
"""

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", ".git", "node_modules", "var", "artifacts", "staticfiles"}
SCANNED_SUFFIXES = {".py", ".html", ".md", ".js"}

CITATION = re.compile(r"(?<![\w/.-])docs/(?P<file>\w[\w.-]*?\.md)(?:#(?P<anchor>[\w-]+))?")
# A relative link inside docs/: [text](rules.md#nip)
DOCS_LINK = re.compile(r"\]\((?P<file>\w[\w.-]*?\.md)(?:#(?P<anchor>[\w-]+))?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def github_anchor(heading: str) -> str:
    """GitHub's slug: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in HEADING.findall(FENCE.sub("", markdown)):
        slug = github_anchor(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def scanned_files(root: Path):
    for path in sorted(root.rglob("*")):
        parts = set(path.relative_to(root).parts[:-1])
        if path.suffix in SCANNED_SUFFIXES and path.is_file() and not parts & SKIPPED_DIRS:
            yield path


def citations(root: Path):
    """(where, cited file, anchor or None) for every citation under root."""
    for path in scanned_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(root)
        for match in CITATION.finditer(text):
            yield where, root / "docs" / match["file"], match["anchor"]
        if path.parent == root / "docs" and path.suffix == ".md":
            for match in DOCS_LINK.finditer(text):
                yield where, path.parent / match["file"], match["anchor"]


def broken_citations(root: Path) -> list[str]:
    problems = []
    for where, target, anchor in citations(root):
        shown = target.relative_to(root)
        if not target.is_file():
            problems.append(f"{where}: {shown} does not exist")
        elif anchor and anchor not in anchors(target.read_text(encoding="utf-8")):
            problems.append(f"{where}: {shown} has no section #{anchor}")
    return problems


def test_every_citation_of_the_docs_points_at_a_file_and_section_that_exist():
    assert broken_citations(ROOT) == []


def test_the_code_cites_the_docs_and_no_document_outside_the_repository():
    cited = {(target.name, anchor) for _, target, anchor in citations(ROOT)}
    assert ("rules.md", "scoring") in cited
    assert ("rules.md", "talent-box") in cited
    assert ("formats.md", "result-recap") in cited
    outside = "DOMAIN" + ".md"  # split, so this file does not cite it
    mentions = [
        str(path.relative_to(ROOT))
        for path in scanned_files(ROOT)
        if outside in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert mentions == []


def test_the_four_docs_exist():
    for name in ("rules.md", "formats.md", "operations.md", "architecture.md"):
        assert (ROOT / "docs" / name).is_file(), name


def test_it_reports_a_missing_file_and_a_missing_section(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text(
        "# Rules\n\n## Talent box\n\n```\n# not a heading\n```\n\n## JPM (Job Person Match)\n"
    )
    docs = "docs" + "/"  # built, so this test file does not cite these itself
    cite = docs + "rules.md"
    (tmp_path / "code.py").write_text(
        f"# {cite}#talent-box fine\n# {cite}#jpm-job-person-match fine\n"
        f"# {cite}#not-a-heading\n# {cite}#kinerja\n# {docs}gone.md#x\n"
    )
    (tmp_path / "docs" / "other.md").write_text("[ok](rules.md#rules) [bad](rules.md#nope)\n")
    assert sorted(broken_citations(tmp_path)) == [
        f"code.py: {docs}gone.md does not exist",
        f"code.py: {cite} has no section #kinerja",
        f"code.py: {cite} has no section #not-a-heading",
        f"{docs}other.md: {cite} has no section #nope",
    ]


def test_anchors_follow_github():
    assert github_anchor("Settings and defaults") == "settings-and-defaults"
    assert github_anchor("JPM (Job Person Match)") == "jpm-job-person-match"
    assert github_anchor("Position classes and required levels") == (
        "position-classes-and-required-levels"
    )
    assert github_anchor("`open_table`, the reader") == "open_table-the-reader"
    assert anchors("## A\n## A\n") == {"a", "a-1"}
