"""Problems: the coded format, the JSON form, per-code levels (reportgen.yml validation:), --strict."""

from __future__ import annotations

import json

import pytest

from helpers import checked
from reportgen.content.config import load_config
from reportgen.errors import ContentError, Problem, Report, level_of


def test_the_line_shows_level_item_and_code():
    problem = Problem("content/x.yaml", 12, None, "R3", "R3.findings → H99: no item with ID 'H99'", "did you mean "
                      "'H9'?", code="link.unknown")
    assert problem.format() == ("content/x.yaml:12: error [R3] link.unknown: R3.findings → H99: no item with ID "
                                "'H99' (did you mean 'H9'?)")
    assert Problem("content", None, message="no YAML files", code="content.empty").format() == \
        "content: error content.empty: no YAML files"
    assert Problem("f.yaml", 3, 7, None, "bad", severity="warning", code="file.empty").format() == \
        "f.yaml:3:7: warning file.empty: bad"


def test_control_characters_cannot_forge_a_line():
    problem = Problem("f.yaml", 1, item="R2\ncontent/fake.yaml:1: error x", message="m", code="id.invalid")
    assert "\n" not in problem.format() and "\\n" in problem.format()


def test_the_json_form_has_every_field_and_falls_back_to_the_codes_hint():
    problem = Problem("content/c.yaml", 4, 2, "C1", "missing English translation", "", "warning",
                      code="text.untranslated")
    data = problem.as_json()
    assert list(data) == ["file", "line", "column", "item", "code", "level", "message", "hint"]
    assert data["level"] == "warning" and data["code"] == "text.untranslated" and data["column"] == 2
    assert data["hint"].startswith("translate it")  # the table's hint when the problem has none
    json.dumps(data)


def test_a_code_is_required():
    with pytest.raises(TypeError):
        Problem("f", 1, message="m")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Report().error("f", 1, "m")  # type: ignore[call-arg]


def test_levels_raise_lower_and_ignore():
    report = Report(levels={"text.untranslated": "error", "acronym.undefined": "ignore", "table.unused": "note"})
    report.warning("a.yaml", 1, "untranslated: x", code="text.untranslated")
    report.note("a.yaml", 2, "acronym 'OIT'", code="acronym.undefined")
    report.warning("a.yaml", 3, "table shown nowhere", code="table.unused")
    report.note("a.yaml", 4, "untranslated (marked)", code="text.untranslated_knowingly")
    assert [(p.code, p.severity) for p in report.problems] == [
        ("text.untranslated", "error"), ("table.unused", "note"), ("text.untranslated_knowingly", "note")]
    assert [p.code for p in report.ignored] == ["acronym.undefined"]
    with pytest.raises(ContentError):
        report.raise_if_errors()


def test_a_code_that_must_stay_an_error_stays_one():
    assert level_of("yaml.syntax", {"yaml.syntax": "ignore"}) == "error"
    assert level_of("link.unknown", {"link.unknown": "warning"}) == "error"
    assert level_of("round.unanswered", {"round.unanswered": "warning"}) == "warning"
    assert level_of("no.such_code", {}, "warning") == "warning"  # a programming error (the unit scan catches it)


def test_levels_set_later_apply_to_problems_already_found():
    report = Report()
    report.warning("a.yaml", 1, "empty", code="file.empty")
    report.extend([Problem("b.yaml", 2, message="syntax", code="yaml.syntax")])
    report.set_levels({"file.empty": "error", "yaml.syntax": "ignore"})
    assert [(p.code, p.severity) for p in report.problems] == [("file.empty", "error"), ("yaml.syntax", "error")]


def test_strict_still_promotes_warnings_after_the_levels():
    report = Report(levels={"acronym.undefined": "warning", "text.untranslated": "note"})
    report.note("a.yaml", 1, "acronym", code="acronym.undefined")
    report.warning("a.yaml", 2, "untranslated", code="text.untranslated")
    report.raise_if_errors()
    with pytest.raises(ContentError) as caught:
        report.raise_if_errors(strict=True)
    assert [p.code for p in caught.value.problems] == ["acronym.undefined"]


# --- validation: in reportgen.yml ---------------------------------------------------------------

def load(tmp_path, text):
    (tmp_path / "reportgen.yml").write_text(text, encoding="utf-8")
    report = Report()
    config, _ = load_config(tmp_path, report)
    return config, [p.format() for p in report.problems]


def test_validation_levels_are_read(tmp_path):
    config, problems = load(tmp_path, "languages: [en, fr]\nvalidation:\n  text.untranslated: error\n"
                                      "  acronym.undefined: ignore\n")
    assert problems == []
    assert config.validation == {"text.untranslated": "error", "acronym.undefined": "ignore"}


def test_an_unknown_code_is_an_error_at_its_line_with_did_you_mean(tmp_path):
    _, problems = load(tmp_path, "languages: [en]\nvalidation:\n  text.untranslated: error\n"
                                 "  acronym.undefind: ignore\n")
    assert problems == ["reportgen.yml:4: error config.validation: validation: unknown problem code "
                        "'acronym.undefind' (did you mean 'acronym.undefined'?)"]


def test_an_unknown_level_is_an_error_at_its_line(tmp_path):
    _, problems = load(tmp_path, "languages: [en]\nvalidation:\n  text.untranslated: fatal\n")
    assert len(problems) == 1 and problems[0].startswith("reportgen.yml:3: error value.unknown: ")
    assert "'fatal' is not an allowed value (allowed values: error, warning, note or ignore)" in problems[0]


def test_lowering_a_code_that_must_stay_an_error_is_refused(tmp_path):
    _, problems = load(tmp_path, "languages: [en]\nvalidation:\n  acronym.undefined: error\n"
                                 "  yaml.syntax: ignore\n  round.unanswered: warning\n")
    assert problems == ["reportgen.yml:4: error config.validation: validation: yaml.syntax is always an error "
                        "(the file is not valid YAML): the build cannot go on with it; it cannot be set to ignore "
                        "(fix the problem itself; docs/problems.md says which codes can be lowered)"]


def test_check_applies_the_projects_levels(tmp_path):
    files = {"criteria.yaml": """\
        criteria:
          - id: C1
            name: {en: Relevance of the OIT}
        """}
    plain = checked(tmp_path / "plain", files, "languages: [en, fr]\n")
    assert {(p.code, p.severity) for p in plain.report.problems} == {
        ("text.untranslated", "warning"), ("acronym.no_list", "note")}
    tuned = checked(tmp_path / "tuned", files, "languages: [en, fr]\nvalidation:\n  text.untranslated: error\n"
                                               "  acronym.no_list: ignore\n")
    assert [(p.code, p.severity) for p in tuned.report.problems] == [("text.untranslated", "error")]
    assert [p.code for p in tuned.report.ignored] == ["acronym.no_list"]


def test_build_output_groups_by_code_not_by_words(capsys):
    from types import SimpleNamespace

    from reportgen.cli import _print_build_problems

    result = SimpleNamespace(warnings=["PDF skipped: no Chromium found"], problems=[
        Problem("c.yaml", 1, None, "C1", "untranslated: name: missing English translation", "", "warning",
                code="text.untranslated"),
        Problem("c.yaml", 2, None, "C2", "untranslated (marked 'en: null'): name", "", "note",
                code="text.untranslated_knowingly"),
        Problem("t.yaml", 3, None, "untranslated", "table 'untranslated' is shown nowhere", "", "warning",
                code="table.unused"),  # the word alone does not make it a missing translation
        Problem("a.md", 4, message="acronym 'OIT'", severity="note", code="acronym.undefined"),
        Problem("a.md", 5, message="acronym 'PNUD'", severity="note", code="acronym.undefined")])
    _print_build_problems(result)
    assert capsys.readouterr().err.splitlines() == [
        "warning: t.yaml:3: warning [untranslated] table.unused: table 'untranslated' is shown nowhere",
        "warning: PDF skipped: no Chromium found",
        "note: 2 text(s) not translated yet (translated pages show the original with a notice); "
        "'reportgen check' lists them",
        "note: 'reportgen check' has notes on the content (2 acronym.undefined)"]
