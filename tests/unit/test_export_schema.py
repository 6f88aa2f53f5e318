"""The `reportgen/1` JSON export has a JSON Schema made from the models: every export of the suite's
projects validates against it (with a JSON Schema validator, as a consumer would, and with the check
the portal runs on every artifact), in both editions; the committed schemas/export.schema.json is it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from reportgen.export import EXPORT_SCHEMA, export_problems, export_schema, write_export_schema
from reportgen.project import Project, check, export_json
from reportgen.render.pages import Templates
from reportgen.resources import builtin_templates
from reportgen.starter import create_project

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _bundled(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "reportgen.yml", folder / "reportgen.yml")
    return folder


def _bundled_with_responses_and_comments(folder: Path) -> Path:
    """Management responses with key actions and internal items (the bundled content has its comment
    round): the export's every part."""
    _bundled(folder)
    shutil.copy(FIXTURES / "portal" / "management-responses.yaml", folder / "content" / "responses.yaml")
    shutil.copytree(FIXTURES / "rounds" / "leak", folder / "content" / "leak")
    return folder


def _midterm(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "midterm", folder)
    return folder


def _sample(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "sample", folder / "content")
    return folder


def _new(languages: list[str]):
    def make(folder: Path) -> Path:
        create_project(folder, languages, builtin_templates() / "starter", Templates().languages())
        return folder
    return make


PROJECTS = {"bundled": _bundled, "bundled-responses-rounds": _bundled_with_responses_and_comments,
            "midterm": _midterm, "sample": _sample, "new-en-fr": _new(["en", "fr"]), "new-es-en": _new(["es", "en"])}


@pytest.fixture(scope="module")
def validator():
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("edition", ["review", "public"])
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_export_of_the_suites_projects_validates(name, edition, tmp_path, validator):
    project = Project(PROJECTS[name](tmp_path / name))
    checked = check(project, edition)
    checked.report.raise_if_errors()
    export = json.loads(json.dumps(export_json(project, checked)))  # as written and read back
    errors = [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(export)]
    assert not errors, errors[:5]
    assert export_problems(export) == []
    assert {item["type"] for item in export["items"]} >= {"recommendation", "criterion"}
    assert set(export["value_sets"]) == {"priority", "resources", "timeframe", "rating"}  # the registry's value sets


def test_the_portal_check_and_the_schema_refuse_the_same_mistakes(validator):
    project = Project(ROOT)
    export = json.loads(json.dumps(export_json(project, check(project, "public"))))
    recommendation = next(i for i in export["items"] if i["type"] == "recommendation")
    finding = next(i for i in export["items"] if i["type"] == "finding")
    question = next(i for i in export["items"] if i["type"] == "question" and "parent" not in i)
    cases = [
        (export["items"], recommendation, "priority", 3),           # a value, not a number
        (export["items"], finding, "parent", None),                 # a finding belongs to a section
        (export["items"], question, "subquestions", [{"id": "Q1.1"}]),  # children are listed by ID
        (export["items"], recommendation, "typo", "x"),             # no field of that name
        (export, export, "format", "reportgen/9"),
    ]
    for _, target, key, value in cases:
        before = target.get(key, KeyError)
        target[key] = value
        assert list(validator.iter_errors(export)), (key, value)
        assert export_problems(export), (key, value)
        if before is KeyError:
            del target[key]
        else:
            target[key] = before
    assert export_problems(export) == [] and not list(validator.iter_errors(export))


def test_the_committed_export_schema_is_what_the_models_give(tmp_path):
    written = write_export_schema(tmp_path)
    assert written.read_text(encoding="utf-8") == (ROOT / "schemas" / EXPORT_SCHEMA).read_text(encoding="utf-8"), \
        f"schemas/{EXPORT_SCHEMA} is out of date: run reportgen schema"
