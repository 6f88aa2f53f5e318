"""The live preview equals a clean build after every kind of edit, and watches exactly what it read.

One project (a copy of the bundled evaluation with its own mkdocs.yml) is previewed as `reportgen serve`
keeps it (`serve.rebuild`: one PreviewState, the long-lived workers and their page cache, in this
process), with a page open in the browser for each edit (the reload script's status request names
it). The project is then edited eleven ways in turn. After each edit the preview must notice it (its
inputs changed); after an edit of the content, the open page is rendered first, alone (what
`show_open_pages` wrote is kept in `state.shown`), and then the rest of the preview is updated in place:
only the pages whose Markdown changed are rendered again, then the search index and the sitemap
(`state.updated`: the pages rendered again per language). An edit of the configuration, a template or
mkdocs.yml renders no page alone and is a full build. The page shown first and the whole preview must
both be those of a fresh `reportgen build --no-downloads` of the same project in a new process (one
clean build per edit serves both comparisons): the whole output folder byte for byte (every page, each
language's search index, sitemap and sitemap.xml.gz, the theme's files), the same set of files, and the
same MkDocs warnings (a link to an anchor removed on another page is reported by both, also when the
linking page is not rendered again).

Nothing is normalised: the pages of a build are reproducible (tests/test_reproducible.py; the
sitemap's dates come from the content, not the clock), and both builds run on the same day, from
the same files. Only where the site is written differs, and no page names it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from reportgen.project import Project
from reportgen.serve import PreviewState, rebuild

OLD_ANCHOR = "R1-before-round-2"


def _pages(site: Path) -> dict[str, bytes]:
    """Every file of the site: the pages, each language's search index and sitemap (and its .gz), the
    theme's assets."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _mkdocs_warnings(lines) -> list[str]:
    """MkDocs' own warnings (links, anchors), as both builds report them: "[lang] message"."""
    return sorted(w for w in lines if re.match(r"\[[a-z-]+\] ", w))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _finding_sentence(root):
    _edit(root / "content/findings/S07.yaml", "podrían fortalecerse", "podrían fortalecerse (una frase de la vista previa)")


def _priority(root):
    """R1 from medium to high: the explorer and its filter pages' counts (the recommendations page shows
    R1's own priority text)."""
    _edit(root / "content/recommendations.yaml", "  priority: medium\n", "  priority: high\n")


def _text(root):
    _edit(root / "content/findings/S01.en.md", "\n", "\n\nA sentence added in the preview, with *emphasis*.\n")


def _yaml_field(root):
    # R1 names its previous ID: an anchor on the recommendations page (removed again by the last edit).
    _edit(root / "content/recommendations.yaml", "- id: R1\n", f"- id: R1\n  old_ids: [{OLD_ANCHOR}]\n")


def _new_file(root):
    (root / "content/more-lessons.yaml").write_text(
        "lessons:\n  - id: L99\n    title: {es: Una lección nueva, en: A new lesson}\n"
        "    text: {es: Aprendida en la vista previa., en: Learnt in the preview.}\n", encoding="utf-8")


def _renamed_id(root):
    _edit(root / "content/more-lessons.yaml", "id: L99", "id: L98")


def _deleted_file(root):
    (root / "content/more-lessons.yaml").unlink()


def _config(root):
    _edit(root / "reportgen.yml", "languages: [es, en]", "languages: [es, en]\nvocabulary:\n"
          "  en: {recommendations: Recommendations of the preview}")


def _template(root):
    """A template that overrides a built-in one, in a templates/ folder the project did not have:
    its home page links to the old ID's anchor on the recommendations page."""
    pages = root / "templates" / "pages"
    pages.mkdir(parents=True)
    home = (ROOT / "templates" / "pages" / "home.md.j2").read_text(encoding="utf-8")
    pages.joinpath("home.md.j2").write_text(
        home + f"\n\nSee also [the first recommendation](recommendations.md#{OLD_ANCHOR}).\n", encoding="utf-8")


def _markdown_extension(root):
    _edit(root / "mkdocs.yml", "markdown_extensions:\n", "markdown_extensions:\n  - smarty\n")


def _anchor_removed_elsewhere(root):
    _edit(root / "content/recommendations.yaml", f"  old_ids: [{OLD_ANCHOR}]\n", "")


# (name, edit, the page open in the browser, whether that page is rendered alone first, whether the rest
# of the preview is updated in place: only the pages that changed rendered again; else a full build)
EDITS = [("finding-sentence", _finding_sentence, "/findings/S7/", True, True),
         ("recommendation-priority", _priority, "/en/explorer/", True, True),
         ("narrative-paragraph", _text, "/en/findings/S1/", True, True),
         ("yaml-field", _yaml_field, "/recommendations/", True, True),
         ("new-item", _new_file, "/en/lessons/", None, True),
         ("renamed-id", _renamed_id, "/en/lessons/", None, True),
         ("deleted-item", _deleted_file, "/lessons/", None, True),
         ("reportgen.yml", _config, "/en/recommendations/", False, False),
         ("template", _template, "/", False, False),
         ("markdown-extension", _markdown_extension, "/", False, False),
         ("anchor-removed-elsewhere", _anchor_removed_elsewhere, "/recommendations/", True, True)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("preview") / "project"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "reportgen.yml", root / "reportgen.yml")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def preview(project, tmp_path_factory):
    """The preview as `reportgen serve` keeps it: one Project, one state, the same output folder, warm workers."""
    state = {"project": Project(project), "out": tmp_path_factory.mktemp("preview-out") / "site",
             "state": PreviewState()}
    state["inputs"] = rebuild(state["project"], state["out"], state["state"])
    assert state["state"].errors == []
    return state


def _clean_build(project: Path, out: Path) -> list[str]:
    result = run_cli("build", "--project", project, "--out", out, "--no-downloads", cwd=project)
    assert result.returncode == 0, result.stderr
    return [line.removeprefix("warning: ") for line in result.stderr.splitlines()]


def test_the_first_preview_equals_a_clean_build(project, preview, tmp_path):
    clean = tmp_path / "clean"
    warnings = _clean_build(project, clean)
    assert _pages(preview["out"]) == _pages(clean)
    assert _mkdocs_warnings(preview["state"].warnings) == _mkdocs_warnings(warnings)


def _index_of(name):
    return [n for n, *_ in EDITS].index(name)


@pytest.mark.parametrize("name,edit,open_page,alone,in_place", EDITS, ids=[n for n, *_ in EDITS])
def test_after_each_kind_of_edit_the_preview_equals_a_clean_build(name, edit, open_page, alone, in_place, project,
                                                                   preview, tmp_path):
    assert preview.get("done", -1) == _index_of(name) - 1, "the edits build on each other: run them in order"
    assert preview["inputs"].changed() == [], "nothing changed since the last preview build"
    state = preview["state"]
    state.open = {open_page: time.monotonic()}  # as the page's reload script tells the server
    edit(project)
    changed = preview["inputs"].changed()
    assert changed, f"the preview did not notice the {name} edit"
    before = _pages(preview["out"])
    preview.update(inputs=rebuild(preview["project"], preview["out"], state, changed), done=_index_of(name))
    assert state.errors == [], state.errors
    clean = tmp_path / "clean"
    warnings = _clean_build(project, clean)
    pages = _pages(preview["out"])
    assert pages != before, f"the {name} edit changed no page: the test edits nothing visible"
    assert sorted(pages) == sorted(_pages(clean))
    different = [path for path, data in _pages(clean).items() if pages[path] != data]
    assert not different, f"after the {name} edit the preview differs from a clean build on {different[:5]}"
    assert _mkdocs_warnings(state.warnings) == _mkdocs_warnings(warnings)
    # The page open in the browser was rendered first, alone, where only the content changed and the
    # page did: what was written then is the clean build's page.
    if alone is not None:
        assert bool(state.shown) == alone, (name, state.shown)
    for html, digest in state.shown.items():
        assert digest == hashlib.sha256((clean / html).read_bytes()).hexdigest(), \
            f"after the {name} edit the page shown first, {html}, differs from a clean build's"
    # After an edit of the content that changes no title, navigation or set of pages, only the pages that
    # changed were rendered again, in place; anything else was a full build.
    assert (state.updated is not None) == in_place, (name, state.updated)
    if state.updated is not None:
        assert 0 < sum(state.updated.values()) < sum(len(lang.build.pages) for lang in state.languages.values()), \
            (name, state.updated)
    else:
        # The cache was at work (each language is built by its own worker, which kept its pages), except
        # where the edit changes how every page is converted.
        reused = sum(state.reused.values())
        assert reused == 0 if name == "markdown-extension" else reused > 0, (name, state.reused)
    if name == "anchor-removed-elsewhere":
        assert any(OLD_ANCHOR in w and "does not contain an anchor" in w for w in state.warnings), \
            state.warnings
