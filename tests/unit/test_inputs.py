"""reportgen.inputs: the check and render stages record what they read (and where they looked), with
the stamps taken before reading; `changed()` names exactly the edits a build would see."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.inputs import Inputs
from reportgen.project import check
from reportgen.render.pages import Templates
from reportgen.resources import builtin_templates

from helpers import write_project

SECTION = """\
parts: []
sections:
  - id: S1
    number: "1"
    title: {en: "One", fr: "Un"}
    narrative: {en: one.en.md, fr: missing.fr.md}
"""


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 2_000_000_000  # a new time even where file times are coarse
    os.utime(path, ns=(stamp, stamp))


def _checked(tmp_path):
    project = write_project(tmp_path, {"sections.yaml": SECTION}, "languages: [en, fr]\n")
    (tmp_path / "content" / "one.en.md").write_text("Text.\n", encoding="utf-8")
    inputs = Inputs()
    check(project, inputs=inputs)
    return project, inputs


def test_check_records_what_it_read_and_where_it_looked(tmp_path):
    project, inputs = _checked(tmp_path)
    content = tmp_path / "content"
    assert {content / "evaluation.yaml", content / "sections.yaml", content / "one.en.md",
            tmp_path / "reportgen.yml"} <= set(inputs.files)
    # Looked for and not there: the missing translation, the project's own mkdocs.yml and templates/.
    for absent in (content / "missing.fr.md", tmp_path / "mkdocs.yml", tmp_path / "templates"):
        assert inputs.files[absent] is None, absent
    assert inputs.mkdocs_hash and inputs.changed() == []


def test_changed_names_each_edit_a_build_would_see(tmp_path):
    _, inputs = _checked(tmp_path)
    content = tmp_path / "content"
    _touch(content / "one.en.md", "Text, edited.\n")
    assert inputs.changed() == [str(content / "one.en.md")]


def test_a_file_made_where_the_build_looked_is_a_change(tmp_path):
    _, inputs = _checked(tmp_path)
    (tmp_path / "content" / "missing.fr.md").write_text("Texte.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: own\n", encoding="utf-8")
    (tmp_path / "content" / "more.yaml").write_text("glossary: []\n", encoding="utf-8")
    assert inputs.changed() == sorted(str(p) for p in (
        tmp_path / "content" / "missing.fr.md", tmp_path / "content" / "more.yaml", tmp_path / "mkdocs.yml"))


def test_files_the_build_does_not_read_are_no_change(tmp_path):
    _, inputs = _checked(tmp_path)
    (tmp_path / "content" / "notes.txt").write_text("a note to self\n", encoding="utf-8")
    (tmp_path / "content" / "unused.en.md").write_text("Not named by any item.\n", encoding="utf-8")
    (tmp_path / "content" / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    assert inputs.changed() == []


def test_an_edit_saved_after_the_stamp_is_a_change_even_if_read_after(tmp_path):
    """The stamp is taken before reading: an edit that lands between the two is not swallowed."""
    path = tmp_path / "a.yaml"
    path.write_text("first\n", encoding="utf-8")
    inputs = Inputs()
    inputs.file(path)
    _touch(path, "second\n")  # saved while the build runs, before or after it read the file
    assert inputs.changed() == [str(path)]


def test_templates_record_the_overriding_places_they_looked_in(tmp_path):
    own = tmp_path / "templates"
    (own / "pages").mkdir(parents=True)
    inputs = Inputs()
    templates = Templates([own], inputs=inputs)
    templates.env.get_template("pages/home.md.j2")
    templates.strings("en")
    assert inputs.files[own / "pages" / "home.md.j2"] is None  # looked in first, not there
    assert inputs.files[builtin_templates() / "pages" / "home.md.j2"] is not None
    assert inputs.files[own / "i18n" / "en.yaml"] is None
    (own / "pages" / "home.md.j2").write_text("# Home\n", encoding="utf-8")
    assert inputs.changed() == [str(own / "pages" / "home.md.j2")]
