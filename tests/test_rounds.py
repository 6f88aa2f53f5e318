"""Comment rounds end to end, with the real CLI: what changed, final checks, editions, safe rebuilds.

1. Two rounds: the sample content plus tests/fixtures/rounds/round1.yaml (five comments of
   round 1) is saved with `reportgen snapshot round-1`; then the team answers
   (round1-answered.yaml) and edits the content (ANSWER_EDITS: two items edited, one
   renamed, one removed, one added). The review edition built `--since round-1` (or since
   the git commit of the round-1 state) must show exactly those five changes, with
   word-level differences, in both languages.
2. `reportgen check --round R --final` and the checks of comments, with file and line.
3. Leak scan: content seeded with unique markers in everything reviewers only may see
   (tests/fixtures/rounds/leak/); no file of the public edition may contain any of them.
4. Safe rebuild: a failed build leaves the previous site byte for byte as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import html as html_lib
import io
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_cli, serve_folder

SAMPLE = FIXTURES / "sample"
ROUNDS = FIXTURES / "rounds"
LANGS = {"es": "", "en": "en/"}


# --- helpers -------------------------------------------------------------------------------

def cli(*args):
    result = run_cli(*args)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in `path` by `new` (fail if not exactly one)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based number of the one line of `path` containing `needle` (the first one after
    the line containing `after`, when given)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
        return next(i + 1 for i in range(start, len(lines)) if needle in lines[i])
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found} of {path}"
    return found[0]


def new_project(folder: Path) -> Path:
    """PROJECT/content (a copy of the sample) and PROJECT/mkdocs.yml."""
    project = folder / "project"
    shutil.copytree(SAMPLE, project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def open_round_1(content: Path) -> None:
    """Round 1: the comments arrive, none answered yet."""
    shutil.copy(ROUNDS / "round1.yaml", content / "round1.yaml")


# The team's answer to round 1: (file, old text, new text).
ANSWER_EDITS = [
    # CM1: two words of finding H4 change.
    ("findings/S2.yaml", "es: El seguimiento se centró en las actividades más que en los resultados.",
     "es: El seguimiento se centró en las actividades y no en los resultados."),
    ("findings/S2.yaml", "en: Monitoring focused on activities rather than on results.",
     "en: Monitoring focused on activities and not on results."),
    # CM2: a field of recommendation R2 (its text) changes.
    ("recommendations.yaml", "es: Se recomienda un sistema de seguimiento orientado a resultados.",
     "es: Se recomienda un sistema de seguimiento centrado en los resultados."),
    ("recommendations.yaml", "en: A results-oriented monitoring system is recommended.",
     "en: A results-based monitoring system is recommended."),
    # CM4: conclusion C3 is renamed C3b; the references to it follow.
    ("conclusions.yaml", "- id: C3\n", "- id: C3b\n  old_ids: [C3]\n"),
    ("recommendations.yaml", "conclusions: [C2, C3]", "conclusions: [C2, C3b]"),
    # CM5: key finding H5 is removed, key finding H6 added; C3b now rests on H6.
    ("findings/S2.yaml",
     "  - id: H5\n    text:\n      es: Los CAR mejoraron sus protocolos de atención.\n"
     "      en: The CAR improved their care protocols.\n",
     "  - id: H6\n    text:\n      es: La formación del personal de los CAR se amplió a todas las regiones.\n"
     "      en: Training of CAR staff was extended to every region.\n"),
    ("conclusions.yaml", "findings: [H5]", "findings: [H6]"),
]


def answer_round_1(content: Path) -> None:
    shutil.copy(ROUNDS / "round1-answered.yaml", content / "round1.yaml")
    for name, old, new in ANSWER_EDITS:
        edit(content / name, old, new)


def git(project: Path, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=project, capture_output=True, text=True, check=True).stdout.strip()


def article(path: Path) -> str:
    """The page's content (Material's <article>), without navigation and header."""
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def plain(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


class _Elements(HTMLParser):
    """Every element in document order: (tag, attributes); ids collected."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])


def elements(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- 1. two rounds: what changed ---------------------------------------------------------------

EXPECTED = {"added": {"H6"}, "modified": {"H4", "R2", "C3b"}, "removed": {"H5"}}

# (item, field, lang) -> (text before, text after, words deleted, words inserted)
DIFFS = {
    ("H4", "text", "es"): ("El seguimiento se centró en las actividades más que en los resultados.",
                           "El seguimiento se centró en las actividades y no en los resultados.",
                           ["más", "que"], ["y", "no"]),
    ("H4", "text", "en"): ("Monitoring focused on activities rather than on results.",
                           "Monitoring focused on activities and not on results.",
                           ["rather", "than"], ["and", "not"]),
    ("R2", "text", "es"): ("Se recomienda un sistema de seguimiento orientado a resultados.",
                           "Se recomienda un sistema de seguimiento centrado en los resultados.",
                           ["orientado", "a"], ["centrado", "en", "los"]),
    ("R2", "text", "en"): ("A results-oriented monitoring system is recommended.",
                           "A results-based monitoring system is recommended.",
                           ["results-oriented"], ["results-based"]),
    ("C3b", "findings", "es"): ("H5", "H6", ["H5"], ["H6"]),
    ("C3b", "findings", "en"): ("H5", "H6", ["H5"], ["H6"]),
}
CAUSED_BY = {"H4": ["CM1"], "R2": ["CM2"], "C3b": ["CM4"], "H6": ["CM5"]}
RENAMED = {"es": "C3b (antes C3)", "en": "C3b (formerly C3)"}


def parse_changes(path: Path) -> dict[str, dict[str, str]]:
    """{status: {item ID: the HTML of its entry}} of a what-changed page."""
    page = article(path)
    result = {}
    for section in re.finditer(r'<h2 id="changes-(added|modified|removed)"[^>]*>(.*?)(?=<h2 id="changes-|\Z)',
                               page, re.S):
        result[section.group(1)] = {
            entry.group(1): entry.group(2) for entry in
            re.finditer(r'<h3 id="change-([^"]+)"[^>]*>(.*?)(?=<h3 id="change-|\Z)', section.group(2), re.S)}
    return result


def field_diffs(entry: str) -> dict[str, str]:
    """{field name: the inner HTML of its word diff} of one entry."""
    return dict(re.findall(r'<div class="rg-diff" data-field="([^"]+)">\s*<p><strong>[^<]+</strong></p>\s*'
                           r'<p class="rg-diff-text">(.*?)</p>', entry, re.S))


def diff_sides(diff: str) -> tuple[str, str, list[str], list[str]]:
    """(text before, text after, deleted words, inserted words) of a <del>/<ins> diff."""
    before = plain(re.sub(r"<ins>.*?</ins>", "", diff, flags=re.S))
    after = plain(re.sub(r"<del>.*?</del>", "", diff, flags=re.S))
    deleted = " ".join(plain(d) for d in re.findall(r"<del>(.*?)</del>", diff, re.S)).split()
    inserted = " ".join(plain(i) for i in re.findall(r"<ins>(.*?)</ins>", diff, re.S)).split()
    return before, after, deleted, inserted


def heading_of(entry: str) -> str:
    return plain(entry.split('<a class="headerlink"', 1)[0])


class Scenarios:
    """The two-round scenario, built lazily once per baseline kind for the whole module."""

    def __init__(self, factory):
        self.factory = factory
        self.sites: dict[str, Path] = {}

    def site(self, kind: str) -> Path:
        if kind not in self.sites:
            self.sites[kind] = self._build(kind)
        return self.sites[kind]

    def _build(self, kind: str) -> Path:
        project = new_project(self.factory.mktemp(kind))
        content = project / "content"
        open_round_1(content)
        if kind == "snapshot":
            result = cli("snapshot", "round-1", "--project", project)
            assert result.returncode == 0, result.stderr
            assert (project / "snapshots" / "round-1.json").is_file()
            since = "round-1"
        else:
            git(project, "init", "-q")
            git(project, "add", "content", "mkdocs.yml")
            git(project, "commit", "-q", "-m", "round 1 sent out")
            since = "HEAD" if kind == "git-HEAD" else git(project, "rev-parse", "HEAD")
        answer_round_1(content)
        final = cli("check", "--project", project, "--round", "round-1", "--final", "--strict")
        assert final.returncode == 0, final.stdout + final.stderr
        out = project.parent / "site"
        result = cli("build", "--project", project, "--since", since, "--no-downloads", "--out", out)
        assert result.returncode == 0, result.stderr
        return out


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> Scenarios:
    return Scenarios(tmp_path_factory)


BASELINES = ["snapshot", "git-HEAD", "git-commit"]


@pytest.fixture(params=BASELINES)
def changed_site(request, scenarios) -> Path:
    return scenarios.site(request.param)


@pytest.fixture
def snapshot_site(scenarios) -> Path:
    return scenarios.site("snapshot")


@pytest.mark.parametrize("lang", LANGS)
def test_the_five_changes_are_listed_under_their_status(changed_site, lang):
    changes = parse_changes(changed_site / LANGS[lang] / "changes/index.html")
    assert set(changes) == {"added", "modified", "removed"}
    for status, ids in EXPECTED.items():
        missing = ids - set(changes[status])
        assert not missing, f"{lang}: {sorted(missing)} not listed as {status}; listed: " \
                            f"{ {s: sorted(c) for s, c in changes.items()} }"
        elsewhere = {s for s, entries in changes.items() if s != status and ids & set(entries)}
        assert not elsewhere, f"{lang}: {sorted(ids)} also listed under {elsewhere}"


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_else_is_listed(changed_site, lang):
    changes = parse_changes(changed_site / LANGS[lang] / "changes/index.html")
    assert {status: set(entries) for status, entries in changes.items()} == EXPECTED
    page = article(changed_site / LANGS[lang] / "changes/index.html")
    counts = dict(re.findall(r'<h2 id="changes-(\w+)"[^>]*>[^<(]*\((\d+)\)', page))
    assert counts == {status: str(len(ids)) for status, ids in EXPECTED.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_word_level_diffs_show_exactly_the_changed_words(changed_site, lang):
    changes = parse_changes(changed_site / LANGS[lang] / "changes/index.html")
    for (item, field, diff_lang), (before, after, deleted, inserted) in DIFFS.items():
        if diff_lang != lang:
            continue
        fields = field_diffs(changes["modified"][item])
        assert field in fields, f"{item}: no diff of {field!r} (fields shown: {sorted(fields)})"
        got = diff_sides(fields[field])
        assert got == (before, after, deleted, inserted), f"{lang} {item}.{field}: {fields[field]}"
    # Only the fields that changed are shown.
    assert set(field_diffs(changes["modified"]["H4"])) == {"text"}
    assert set(field_diffs(changes["modified"]["R2"])) == {"text"}
    assert set(field_diffs(changes["modified"]["C3b"])) == {"findings"}


@pytest.mark.parametrize("lang", LANGS)
def test_renamed_item_is_shown_as_modified_formerly(changed_site, lang):
    changes = parse_changes(changed_site / LANGS[lang] / "changes/index.html")
    # The heading names the item and its title (the page's contents list shows them).
    assert heading_of(changes["modified"]["C3b"]).startswith(RENAMED[lang] + " · ")
    assert "C3" not in changes["removed"] and "C3b" not in changes["added"]
    assert heading_of(changes["modified"]["H4"]).startswith("H4 · ")


@pytest.mark.parametrize("lang", LANGS)
def test_changes_link_to_the_comments_that_caused_them(changed_site, lang):
    page = changed_site / LANGS[lang] / "changes/index.html"
    changes = parse_changes(page)
    entries = {item: entry for status in changes.values() for item, entry in status.items()}
    comment_ids = elements(changed_site / LANGS[lang] / "comments/index.html").ids
    for item, comments in CAUSED_BY.items():
        hrefs = re.findall(r'href="([^"]*comments/#[^"]+)"', entries[item])
        assert [urldefrag(h)[1] for h in hrefs] == comments, f"{lang} {item}: {hrefs}"
        for href in hrefs:
            path, fragment = urldefrag(href)
            assert (page.parent / unquote(path) / "index.html").resolve() == \
                (changed_site / LANGS[lang] / "comments/index.html").resolve()
            assert fragment in comment_ids
    # CM5 can list only H6 in `changed`: check refuses a removed ID (test_comment_may_name_an_item_removed_…).
    assert not re.findall(r'comments/#', entries["H5"])


@pytest.mark.parametrize("lang", LANGS)
def test_changes_page_has_no_literal_markdown(changed_site, lang):
    page = article(changed_site / LANGS[lang] / "changes/index.html")
    assert "{:" not in page
    assert re.findall(r'<p class="rg-meta">', page), "the meta lines are not styled"


def test_spanish_page_names_the_baseline_in_spanish(scenarios):
    for kind in ("snapshot", "git-HEAD"):
        intro = plain(article(scenarios.site(kind) / "changes/index.html").split("</h1>", 1)[1].split("<h2", 1)[0])
        assert "round-1" in intro or "HEAD" in intro
        assert not re.search(r"\b(snapshot|revision)\b", intro), intro


@pytest.mark.parametrize("lang", LANGS)
def test_old_url_of_renamed_item_still_resolves(snapshot_site, lang):
    parsed = elements(snapshot_site / LANGS[lang] / "conclusions/index.html")
    tags = parsed.elements
    index = next(i for i, (_, attrs) in enumerate(tags) if attrs.get("id") == "C3")
    assert tags[index][0] == "div"
    assert tags[index + 1][0] == "h3" and tags[index + 1][1].get("id") == "C3b", tags[index:index + 2]
    # The links to C3b are rewritten; nothing links to a missing anchor on the what-changed page.
    changes = snapshot_site / LANGS[lang] / "changes/index.html"
    for href in re.findall(r'href="([^"#]*conclusions/#[^"]+)"', article(changes)):
        path, fragment = urldefrag(href)
        assert fragment in elements((changes.parent / path / "index.html").resolve()).ids


@pytest.mark.browser
def test_loading_the_old_url_scrolls_to_the_renamed_item(page, snapshot_site):
    server = serve_folder(snapshot_site)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        page.set_viewport_size({"width": 1000, "height": 260})  # small: the page must scroll
        for prefix in LANGS.values():
            page.goto(url + prefix + "conclusions/#C3")
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            state = page.evaluate("""() => {
                const old = document.getElementById('C3'), next = old.nextElementSibling;
                const header = document.querySelector('.md-header').getBoundingClientRect();
                const box = next.getBoundingClientRect();
                return {scrollY: window.scrollY, next: next.tagName + '#' + next.id, top: box.top,
                        bottom: box.bottom, header: header.bottom, height: window.innerHeight};
            }""")
            assert state["next"] == "H3#C3b", state
            assert state["scrollY"] > 0, state
            # The heading of C3b is in view, below the sticky header.
            assert state["header"] <= state["top"] and state["bottom"] <= state["height"], state
    finally:
        server.shutdown()


@pytest.mark.parametrize("lang", LANGS)
def test_round_1_comments_shown_on_their_targets(snapshot_site, lang):
    prefix = snapshot_site / LANGS[lang]
    status = {"es": {"CM1": "Aceptado", "CM2": "Aceptado parcialmente", "CM3": "No aceptado"},
              "en": {"CM1": "Accepted", "CM2": "Partially accepted", "CM3": "Not accepted"}}[lang]
    # On the finding, the recommendation and the page section they are about.
    for page, comment in (("findings/S2/index.html", "CM1"), ("recommendations/index.html", "CM2"),
                          ("annexes/index.html", "CM3"), ("conclusions/index.html", "CM4")):
        text = plain(article(prefix / page))
        assert f"{comment} ·" in text, f"{lang} {page}: {comment} not shown"
    annexes = plain(article(prefix / "annexes/index.html"))
    assert "Recomendaciones de medio término" in annexes and "Actualizar la tabla" in annexes
    # The log: one row per comment, with the status of the response.
    log = article(prefix / "comments/index.html")
    for comment, label in status.items():
        row = re.search(rf'<tr id="{comment}".*?</tr>', log, re.S)
        assert row and plain(row.group(0)).endswith(label), (comment, row and plain(row.group(0)))
    # The reviewer's name is never published, not even in the review edition.
    for path in prefix.rglob("*"):
        if path.is_file():
            assert b"Persona Revisora Uno" not in path.read_bytes(), path


def test_unknown_baseline_is_a_usage_error(tmp_path):
    project = new_project(tmp_path)
    out = tmp_path / "site"
    for kind in ("not a git repository", "git repository"):
        if kind == "git repository":
            git(project, "init", "-q")
            git(project, "add", "content")
            git(project, "commit", "-q", "-m", "content")
        result = cli("build", "--project", project, "--since", "nosuch", "--no-downloads", "--out", out)
        assert result.returncode == 2, (kind, result.stderr)
        assert result.stderr.startswith("reportgen: error: --since 'nosuch' is neither a snapshot"), result.stderr
        assert "snapshots/" in result.stderr and "git revision" in result.stderr
        assert not out.exists()


# --- 2. checks of a round ---------------------------------------------------------------------

@pytest.fixture
def round_content(tmp_path) -> Path:
    """Round 1 open (no response yet), in PROJECT/content."""
    content = new_project(tmp_path) / "content"
    open_round_1(content)
    return content


@pytest.fixture
def answered_content(round_content) -> Path:
    answer_round_1(round_content)
    return round_content


def problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if re.match(r"^\S+?(:\d+)*: (error|warning) ", line)]


def test_final_check_fails_while_a_comment_has_no_response(round_content):
    file = round_content / "round1.yaml"
    # While the round is open, unanswered comments are fine.
    assert cli("check", "--content", round_content).returncode == 0
    assert cli("check", "--content", round_content, "--round", "round-1").returncode == 0
    result = cli("check", "--content", round_content, "--round", "round-1", "--final")
    assert result.returncode == 1
    expected = [f"content/round1.yaml:{line_of(file, f'- id: {cm}')}: error [{cm}] round.unanswered: "
                f"comment of round round-1 "
                f"has no response" for cm in ("CM1", "CM2", "CM3", "CM4", "CM5")]
    assert [p.split(" (", 1)[0] for p in problems(result)] == expected, result.stderr
    assert "FAILED: 5 error(s)" in result.stderr


def test_final_check_names_only_the_unanswered_comment(answered_content):
    file = answered_content / "round1.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("  - id: CM3")
    end = text.index("  - id: CM4")
    block = text[start:end]
    file.write_text(text[:start] + block[:block.index("    response:")] + text[end:], encoding="utf-8")
    result = cli("check", "--content", answered_content, "--round", "round-1", "--final")
    assert result.returncode == 1
    assert [p.split(" (", 1)[0] for p in problems(result)] == [
        f"content/round1.yaml:{line_of(file, '- id: CM3')}: error [CM3] round.unanswered: comment of round round-1 "
        "has no response"]


def test_final_check_passes_once_every_comment_has_a_response(answered_content):
    result = cli("check", "--content", answered_content, "--round", "round-1", "--final")
    assert result.returncode == 0, result.stderr
    assert problems(result) == []
    assert "reportgen check: ok" in result.stdout


def test_final_needs_a_known_round(answered_content):
    result = cli("check", "--content", answered_content, "--final")
    assert result.returncode == 2 and "--final needs --round" in result.stderr
    result = cli("check", "--content", answered_content, "--round", "round-9", "--final")
    assert result.returncode == 2
    assert "no round 'round-9' (rounds: round-1)" in result.stderr


def test_unknown_comment_target(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, "target: H4", "target: H999")
    result = cli("check", "--content", answered_content)
    assert result.returncode == 1
    assert problems(result) == [f"content/round1.yaml:{line_of(file, 'target: H999')}: error [CM1] "
                                "comment.unknown_target: "
                                "target 'H999': no item with this ID (use an item ID (e.g. H12, R3) or page:NAME; an item removed "
                                "because of this comment is listed in response.removed)"]


def test_unknown_page_target(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, 'target: "page:annexes"', 'target: "page:anexos"')
    result = cli("check", "--content", answered_content)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"content/round1.yaml:{line_of(file, 'page:anexos')}: error [CM3] "
                              "comment.unknown_target: "
                              "unknown page 'anexos' in target"), problem


def test_unknown_response_status_lists_the_allowed_values(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, "status: partially accepted", "status: maybe")
    result = cli("check", "--content", answered_content)
    assert result.returncode == 1
    [problem] = problems(result)
    assert problem.startswith(f"content/round1.yaml:{line_of(file, 'status: maybe')}: error [CM2] value.unknown: "
                              "response.status: 'maybe' is not an allowed value"), problem
    allowed = problem.split("allowed values:", 1)[1]
    for status in ("accepted", "partially accepted", "not accepted", "noted"):
        assert status in allowed, problem


def test_unknown_round(answered_content):
    file = answered_content / "round1.yaml"
    text = file.read_text(encoding="utf-8")
    cm3 = text.index("  - id: CM3")
    file.write_text(text[:cm3] + text[cm3:].replace("round: round-1", "round: round-9", 1), encoding="utf-8")
    result = cli("check", "--content", answered_content)
    assert result.returncode == 1
    assert problems(result) == [f"content/round1.yaml:{line_of(file, 'round: round-9')}: error [CM3] "
                                "comment.unknown_round: "
                                "round 'round-9' is not defined (did you mean 'round-1'?)"]


def test_response_changed_with_an_unknown_id(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, "changed: [C3b]", "changed: [C3b, R99]")
    result = cli("check", "--content", answered_content)
    assert result.returncode == 1
    [problem] = problems(result)
    match = re.match(r"content/round1\.yaml:(\d+): error \[CM4\] comment\.unknown_changed: "
                     r"response\.changed lists 'R99', which is not "
                     r"an item", problem)
    assert match, problem
    # Somewhere in CM4's response (see the next test for the exact line).
    assert line_of(file, "response:", after="- id: CM4") <= int(match.group(1)) <= line_of(file, "R99")


def test_response_changed_with_an_unknown_id_names_its_line(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, "changed: [C3b]", "changed: [C3b, R99]")
    [problem] = problems(cli("check", "--content", answered_content))
    assert problem.startswith(f"content/round1.yaml:{line_of(file, 'R99')}: error [CM4]"), problem


def test_comment_may_name_an_item_removed_in_response(answered_content):
    file = answered_content / "round1.yaml"
    edit(file, "target: S2", "target: H5")
    edit(file, "changed: [H6]", "changed: [H6]\n      removed: [H5]")  # deleted items go under removed
    edit(file, "target: C3b", "target: C3")  # the reviewer wrote C3; C3b declares old_ids: [C3]
    result = cli("check", "--content", answered_content, "--round", "round-1", "--final")
    assert result.returncode == 0, result.stderr


# --- 3. leak scan: the public edition holds nothing for reviewers only ---------------------------

LEAK = ROUNDS / "leak"
# An internal key finding, added to section S2 (findings live inside their section).
INTERNAL_FINDING = ("      en: The CAR improved their care protocols.\n",
                    "      en: The CAR improved their care protocols.\n"
                    "  - id: LEAKMARKER-47\n"
                    "    visibility: internal\n"
                    "    text:\n"
                    "      es: \"Hallazgo interno LEAKMARKER-48.\"\n"
                    "      en: \"Internal finding LEAKMARKER-49.\"\n")
MARKER = re.compile(r"LEAKMARKER-\d+", re.I)
# Never shown, in either edition: reviewers' names, the round's ID and description.
NEVER_SHOWN = {"LEAKMARKER-01", "LEAKMARKER-04", "LEAKMARKER-05",  # round ID, description
               "LEAKMARKER-08", "LEAKMARKER-14", "LEAKMARKER-21", "LEAKMARKER-27"}  # authors
AUTHORS = {"LEAKMARKER-08", "LEAKMARKER-14", "LEAKMARKER-21", "LEAKMARKER-27"}


def all_markers() -> set[str]:
    found = set(MARKER.findall(INTERNAL_FINDING[1]))
    for path in LEAK.iterdir():
        found |= set(MARKER.findall(path.read_text(encoding="utf-8")))
    return found


def readable_texts(path: Path) -> list[str]:
    """Every way a reader or a program could read the file: raw, unpacked, extracted."""
    data = path.read_bytes()
    texts = [data.decode("latin-1"), data.decode("utf-8", errors="replace")]
    if path.suffix == ".gz":
        texts.append(gzip.decompress(data).decode("utf-8", errors="replace"))
    if path.suffix == ".pdf":
        for tool in (["pdftotext", "-enc", "UTF-8", str(path), "-"], ["pdfinfo", "-enc", "UTF-8", str(path)]):
            texts.append(subprocess.run(tool, capture_output=True, text=True, check=True).stdout)
    if data[:4] == b"PK\x03\x04":  # XLSX, DOCX: every part of the package
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            texts += [package.read(name).decode("utf-8", errors="replace") for name in package.namelist()]
    if path.suffix == ".json":
        texts.append(json.dumps(json.loads(data), ensure_ascii=False))
    return texts


def scan(site: Path) -> tuple[int, dict[str, set[str]]]:
    """(files scanned, {marker: files holding it}); any 'LEAKMARKER' counts, whatever follows."""
    found: dict[str, set[str]] = {}
    files = [p for p in sorted(site.rglob("*")) if p.is_file()]
    for path in files:
        for text in readable_texts(path):
            for start in [m.start() for m in re.finditer("leakmarker", text, re.I)]:
                marker = MARKER.match(text, start)
                name = marker.group(0).upper() if marker else text[start:start + 14]
                found.setdefault(name, set()).add(path.relative_to(site).as_posix())
    return len(files), found


@pytest.fixture(scope="module")
def leak_sites(tmp_path_factory) -> dict[str, Path]:
    """The seeded content built as both editions, downloads included."""
    project = new_project(tmp_path_factory.mktemp("leak"))
    content = project / "content"
    shutil.copytree(LEAK, content / "leak")
    edit(content / "findings/S2.yaml", *INTERNAL_FINDING)
    for edition in ("review", "public"):
        result = cli("check", "--project", project, "--edition", edition, "--strict")
        assert result.returncode == 0, result.stdout + result.stderr
    # A snapshot, so that the review edition has a what-changed page (the public one must not).
    assert cli("snapshot", "round-0", "--project", project).returncode == 0
    sites = {}
    for edition in ("public", "review"):
        out = project.parent / f"site-{edition}"
        result = cli("build", "--project", project, "--edition", edition, "--out", out)
        assert result.returncode == 0, result.stderr
        sites[edition] = out
    return sites


def test_public_edition_contains_no_marker(leak_sites):
    site = leak_sites["public"]
    count, found = scan(site)
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    # The scan covered every kind of file a reader can get.
    assert {".html", ".json", ".xml", ".gz", ".pdf", ".csv", ".xlsx", ".docx", ".js", ".css"} <= kinds, kinds
    assert (site / "search/search_index.json").is_file() and (site / "en/search/search_index.json").is_file()
    print(f"files scanned: {count}, markers found: {sum(len(f) for f in found.values())}")
    assert not found, {marker: sorted(files)[:5] for marker, files in found.items()}


def test_review_edition_contains_the_markers(leak_sites):
    count, found = scan(leak_sites["review"])
    expected = all_markers() - NEVER_SHOWN
    assert len(expected) >= 40
    missing = expected - set(found)
    assert not missing, f"markers missing from the review edition (so the public scan proves little): " \
                        f"{sorted(missing)}"
    assert not AUTHORS & set(found), {m: sorted(found[m])[:3] for m in AUTHORS & set(found)}
    # Internal items reach the review edition's downloads too.
    for marker, where in (("LEAKMARKER-33", "downloads/recommendations-es.xlsx"),
                          ("LEAKMARKER-43", "downloads/report-es.pdf"),
                          ("LEAKMARKER-57", "en/downloads/lessons-good-practices-en.csv")):
        assert where in found[marker], (marker, sorted(found[marker]))


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_draft_banner_on_every_review_page_and_no_public_page(leak_sites):
    review, public = _html_pages(leak_sites["review"]), _html_pages(leak_sites["public"])
    assert len(review) > 40 and len(public) > 40
    banner = {"es": "BORRADOR para revisión — Ronda LEAKMARKER-02 de revisión.",
              "en": "DRAFT for review — Review round LEAKMARKER-03."}
    for page in review:
        lang = "en" if page.relative_to(leak_sites["review"]).parts[0] == "en" else "es"
        text = page.read_text(encoding="utf-8")
        assert 'class="rg-draft-banner"' in text and banner[lang] in text, page
    for page in public:
        text = page.read_text(encoding="utf-8")
        assert "rg-draft-banner" not in text and "BORRADOR" not in text and "DRAFT" not in text, page


def test_public_edition_has_no_comments_or_changes_page(leak_sites):
    for prefix in LANGS.values():
        for name in ("comments", "changes"):
            assert (leak_sites["review"] / prefix / name / "index.html").is_file()
            assert not (leak_sites["public"] / prefix / name).exists()
        assert not (leak_sites["public"] / prefix / "annexes/LEAKMARKER-40").exists()
        sitemap = (leak_sites["public"] / "sitemap.xml").read_text(encoding="utf-8")
        assert "/comments/" not in sitemap and "/changes/" not in sitemap


def test_comments_log_download_exists(leak_sites):
    for lang, prefix in LANGS.items():
        page = leak_sites["review"] / prefix / "comments/index.html"
        [href] = re.findall(r'href="([^"]*comments-[a-z]+\.csv)"', page.read_text(encoding="utf-8"))
        assert (page.parent / href).resolve().is_file(), f"{lang}: {href}"


# --- comments on documents ------------------------------------------------------------------

@pytest.mark.parametrize("how", ["comment target", "text reference"])
def test_a_document_can_be_commented_on_and_referenced(tmp_path, how):
    project = new_project(tmp_path)
    content = project / "content"
    (content / "people.yaml").write_text(
        "documents:\n  - id: D1\n    title: {es: Personas entrevistadas, en: People interviewed}\n"
        "    body: {es: people.es.md, en: people.en.md}\n", encoding="utf-8")
    (content / "people.es.md").write_text("Lista.\n", encoding="utf-8")
    (content / "people.en.md").write_text("List.\n", encoding="utf-8")
    if how == "comment target":
        open_round_1(content)
        edit(content / "round1.yaml", "target: H4", "target: D1")
    else:
        edit(content / "findings/S1.yaml", "compartido con el MIMP.", "compartido con el MIMP ([[D1]]).")
    result = run_cli("build", "--project", project, "--no-downloads", "--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    page = "comments/index.html" if how == "comment target" else "findings/S1/index.html"
    assert "annexes/D1/" in (tmp_path / "site" / page).read_text(encoding="utf-8")


# --- 4. a failed build leaves the previous site as it was ----------------------------------------

def tree(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file and '<dir>' of every folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
            for p in sorted(folder.rglob("*"))}


BREAKAGES = {
    # name: (file to edit or None, old, new, extra build arguments, exit code, words stderr must contain)
    "dangling reference": ("recommendations.yaml", "conclusions: [C1]", "conclusions: [C9]", [], 1,
                           ["content/recommendations.yaml:", "[R1]", "R1.conclusions → C9", "no item with ID 'C9'",
                            "nothing was built (a previous site is left as it was)"]),
    "YAML syntax error": ("conclusions.yaml", "  findings: [H1, H2]", "  findings: [H1, H2", [], 1,
                          ["content/conclusions.yaml:", "nothing was built (a previous site is left as it was)"]),
    "unknown baseline": (None, None, None, ["--since", "nosuch"], 2, ["--since 'nosuch'"]),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_failed_build_leaves_the_previous_site_untouched(tmp_path, breakage):
    project = new_project(tmp_path)
    out = project / "site"
    result = cli("build", "--project", project, "--no-downloads", "--out", out)
    assert result.returncode == 0, result.stderr
    before, around = tree(out), sorted(p.name for p in project.iterdir())
    assert len(before) > 50
    name, old, new, extra, code, words = BREAKAGES[breakage]
    if name:
        edit(project / "content" / name, old, new)
    result = cli("build", "--project", project, "--no-downloads", "--out", out, *extra)
    assert result.returncode == code, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert tree(out) == before
    assert sorted(p.name for p in project.iterdir()) == around
    assert not list(project.glob(".site.building*")) and not list(project.glob(".site.old*"))


def _break_mkdocs_config(project: Path) -> None:
    edit(project / "mkdocs.yml", "plugins:\n  - search:", "plugins:\n  - nosuchplugin\n  - search:")


def test_build_failing_inside_mkdocs_leaves_the_previous_site_untouched(tmp_path):
    """The failure happens after the staging folder was made: it must be cleaned up."""
    project = new_project(tmp_path)
    out = project / "site"
    assert cli("build", "--project", project, "--no-downloads", "--out", out).returncode == 0
    before, around = tree(out), sorted(p.name for p in project.iterdir())
    _break_mkdocs_config(project)
    result = run_cli("build", "--project", project, "--no-downloads", "--out", out)
    assert result.returncode != 0
    assert tree(out) == before
    assert sorted(p.name for p in project.iterdir()) == around
    assert not list(project.glob(".site.building*"))


def test_build_failing_inside_mkdocs_says_why(tmp_path):
    project = new_project(tmp_path)
    _break_mkdocs_config(project)
    result = run_cli("build", "--project", project, "--no-downloads", "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "nosuchplugin" in result.stderr, result.stderr


# --------------------------------------------------------------------------------------------
# What changed in a narrative, in one language only
# --------------------------------------------------------------------------------------------

NARRATIVE_EDIT = ("findings/S1.es.md", "Este análisis respalda la conclusión",
                  "Este análisis, revisado tras la ronda, respalda la conclusión")


@pytest.fixture(scope="module")
def narrative_site(tmp_path_factory) -> Path:
    """Round 1 snapshotted, then one paragraph of a Spanish narrative edited (English untouched)."""
    project = new_project(tmp_path_factory.mktemp("narrative"))
    assert cli("snapshot", "round-1", "--project", project).returncode == 0
    edit(project / "content" / NARRATIVE_EDIT[0], *NARRATIVE_EDIT[1:])
    out = project.parent / "site"
    result = cli("build", "--project", project, "--since", "round-1", "--no-downloads", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_a_narrative_is_compared_paragraph_by_paragraph(narrative_site):
    changes = parse_changes(narrative_site / "changes/index.html")
    entry = changes["modified"]["S1"]
    assert 'data-field="narrative_text"' in entry
    label = yaml.safe_load((ROOT / "templates/i18n/es.yaml").read_text(encoding="utf-8"))["field_labels"]
    assert f"<strong>{label['narrative_text']}</strong>" in entry  # a label, not the field's key
    paragraphs = re.findall(r'<p class="(rg-diff-[\w -]+)"[^>]*>(.*?)</p>', entry, re.S)
    changed = [text for css, text in paragraphs if "<ins>" in text or "<del>" in text]
    assert len(changed) == 1
    before, after, deleted, inserted = diff_sides(changed[0])
    assert after.startswith("Este análisis, revisado tras la ronda, respalda la conclusión C1")
    assert before.startswith("Este análisis respalda la conclusión C1") and "[^1]" not in after
    assert " ".join(inserted).endswith("revisado tras la ronda,")
    # The untouched opening paragraph and heading are folded into "…"; the neighbours stay as context.
    texts = [plain(text) for _, text in paragraphs]
    assert "El análisis de esta sección se apoya en entrevistas y documentos del proyecto." not in texts
    assert ("rg-diff-gap", "…") in [(css, plain(text)) for css, text in paragraphs]


def test_a_change_in_one_language_is_listed_in_that_language_only(narrative_site):
    es = parse_changes(narrative_site / "changes/index.html")
    en = parse_changes(narrative_site / "en/changes/index.html")
    assert set(es["modified"]) == {"S1"}
    assert en["modified"] == {}
    page = article(narrative_site / "changes/index.html")
    summary = page[page.index("rg-changes-summary"):]
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>0</td><td>1</td><td>0</td>", summary)
