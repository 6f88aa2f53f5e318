"""reportgen.portal.artifacts: the fingerprint follows the installed defaults, an artifact checks once,
and an artifact whose export does not match the `reportgen/1` schema is refused by name and JSON path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportgen import project as project_module
from reportgen import resources
from reportgen.portal import artifacts
from reportgen.starter import create_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def packaged_defaults(tmp_path, monkeypatch):
    """A regular (non-editable) install: the defaults are inside the package, in reportgen/_defaults/,
    and the folder two levels above the package is site-packages, not a checkout."""
    package = tmp_path / "site-packages" / "reportgen"
    defaults = package / resources.PACKAGED
    shutil.copytree(ROOT / "templates" / "pages", defaults / "templates" / "pages")
    shutil.copy(ROOT / "mkdocs.yml", defaults / "mkdocs.yml")
    monkeypatch.setattr(resources.resources, "files", lambda name: package)
    resources.defaults_dir.cache_clear()
    artifacts._tool_hash.cache_clear()
    yield defaults
    resources.defaults_dir.cache_clear()
    artifacts._tool_hash.cache_clear()


def _fingerprint(project: Path) -> str:
    artifacts._tool_hash.cache_clear()
    return artifacts.fingerprint(project, "public", False)


def test_the_fingerprint_follows_the_packaged_templates_and_mkdocs_yml(packaged_defaults, tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    before = _fingerprint(project)
    assert _fingerprint(project) == before  # stable
    template = packaged_defaults / "templates" / "pages" / "home.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n<!-- an upgrade -->\n", encoding="utf-8")
    after_template = _fingerprint(project)
    assert after_template != before, "an upgrade that changes only a template must rebuild the artifacts"
    (packaged_defaults / "mkdocs.yml").write_text("site_name: upgraded\n", encoding="utf-8")
    assert _fingerprint(project) != after_template, "... and so must one that changes only mkdocs.yml"


def test_the_portal_templates_are_not_in_the_fingerprint(packaged_defaults, tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    before = _fingerprint(project)
    portal_page = packaged_defaults / "templates" / "portal" / "home.html.j2"
    portal_page.parent.mkdir(parents=True)
    portal_page.write_text("a portal page\n", encoding="utf-8")
    assert _fingerprint(project) == before


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    from reportgen.render.pages import Templates

    folder = tmp_path_factory.mktemp("starter") / "project"
    create_project(folder, ["en", "fr"], resources.builtin_templates() / "starter", Templates().languages())
    return folder


def test_an_artifact_checks_its_content_once(starter, tmp_path, monkeypatch):
    calls = []
    original = project_module.check

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(project_module, "check", counted)
    folder = tmp_path / "artifact"
    artifacts.build_artifact(starter, folder, "public", False, "key")
    assert len(calls) == 1, f"the content was checked {len(calls)} times for one artifact"
    artifact, problem = artifacts.read_artifact(folder)
    assert problem is None and artifact.code == "EXAMPLE/24/01/XXX"


def _artifact(starter, tmp_path) -> Path:
    folder = tmp_path / "artifact"
    artifacts.build_artifact(starter, folder, "public", False, "key")
    return folder


def test_an_export_that_does_not_match_the_schema_is_named_with_its_json_path(starter, tmp_path):
    folder = _artifact(starter, tmp_path)
    export = json.loads((folder / artifacts.EXPORT).read_text(encoding="utf-8"))
    recommendation = next(i for i in export["items"] if i["type"] == "recommendation")
    recommendation["addressees"] = "ILO"  # a list of IDs in the schema
    (folder / artifacts.EXPORT).write_text(json.dumps(export), encoding="utf-8")
    artifact, problem = artifacts.read_artifact(folder)
    assert artifact is None
    index = export["items"].index(recommendation)
    assert f"{folder / artifacts.EXPORT}" in problem and f"$.items[{index}].addressees" in problem, problem
    assert "Input should be a valid list (found 'ILO')" in problem, problem


def test_a_value_added_through_value_sets_has_its_label_in_the_portal(starter, tmp_path):
    """reportgen.yml adds a priority (value_sets) and labels it (vocabulary): the portal's pages and its
    CSV/XLSX exports show that label, as the evaluation's own site does, not an empty cell."""
    from datetime import date

    from reportgen.portal.exports import _table
    from reportgen.portal.pages import PortalPages
    from reportgen.portal.records import make_library
    from reportgen.render.pages import Templates

    project = tmp_path / "project"
    shutil.copytree(starter, project)
    config = project / "reportgen.yml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "value_sets:\n  priority: [urgent, high, medium, low]\n"
        "vocabulary:\n  en: {priorities: {urgent: Most urgent}}\n  fr: {priorities: {urgent: Très urgent}}\n"),
        encoding="utf-8")
    recommendations = project / "content" / "recommendations.yaml"
    recommendations.write_text(recommendations.read_text(encoding="utf-8").replace(
        "priority: high", "priority: urgent", 1), encoding="utf-8")
    folder = tmp_path / "artifact"
    artifacts.build_artifact(project, folder, "public", False, "key")
    artifact, problem = artifacts.read_artifact(folder)
    assert problem is None, problem
    library = make_library([artifact], ["en", "fr", "es"], date(2026, 1, 1))
    urgent = next(item for item in library.of_kind("recommendation") if item.data["priority"] == "urgent")
    templates = Templates()
    for lang, label in (("en", "Most urgent"), ("fr", "Très urgent"), ("es", "Most urgent")):
        # es: a portal language the evaluation (en, fr) is not written in shows its original language's label
        row = _table([urgent], templates.strings(lang), lang).rows[0]
        assert row[5] == label, (lang, row)
        pages = PortalPages.__new__(PortalPages)
        pages.lang, pages.strings = lang, templates.strings(lang)
        pages.s = pages.strings["portal"]
        assert pages.label("priority", urgent.facets["priority"][0]) == label
    high = next(item for item in library.of_kind("recommendation") if item.data["priority"] == "medium")
    assert _table([high], templates.strings("fr"), "fr").rows[0][5] == templates.strings("fr")["portal"][
        "values"]["priority"]["medium"]


def test_the_portals_own_interface_texts_are_not_in_the_fingerprint(packaged_defaults, tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    catalog = packaged_defaults / "templates" / "i18n" / "en.yaml"
    catalog.parent.mkdir(parents=True)
    catalog.write_text("home: Home\nportal:\n  title: Portal\n  values:\n    x: 1\n\nmanagement:\n  due: Due\n",
                       encoding="utf-8")
    before = _fingerprint(project)
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("x: 1", "x: 2"), encoding="utf-8")
    assert _fingerprint(project) == before, "a portal word rebuilt every evaluation"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("due: Due", "due: Due date"), encoding="utf-8")
    assert _fingerprint(project) != before, "an evaluation's word must rebuild it"
