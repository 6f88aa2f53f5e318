"""`reportgen check` on broken content: one small broken copy of the sample per error class.

Each test copies tests/fixtures/sample, breaks exactly one thing with a precise
text edit, runs the real CLI in a subprocess and checks that the report names
the file (as printed: relative to the content folder's parent), the exact line
(computed from the file the test wrote), the item ID and the key words of the
message and hint. No run may ever print a Python traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_content, run_cli

SAMPLE = FIXTURES / "sample"


# --- helpers -------------------------------------------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in `path` by `new` (fail if not exactly one)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the one line of `path` that contains `needle`."""
    lines = path.read_bytes().decode("utf-8", errors="replace").split("\n")
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found} of {path}"
    return found[0]


def column_of(path: Path, needle: str) -> int:
    """1-based column where `needle` starts on its (only) line."""
    line = path.read_text(encoding="utf-8").split("\n")[line_of(path, needle) - 1]
    return line.index(needle) + 1


def check(content: Path, *extra, cwd=ROOT):
    result = run_cli("check", "--content", content, *extra, cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def problems(result) -> list[str]:
    """The problem lines of a run: `FILE:LINE[:COL]: error|warning [ITEM] CODE: ...`."""
    return [line for line in result.stderr.splitlines() if re.match(r"^\S+?(:\d+)*: (error|warning) ", line)]


def find_problem(result, file: str, line: int | None, *words: str, item: str | None = None,
                 severity: str = "error", column: int | None = None, code: str = "") -> str:
    """The one reported problem at FILE:LINE[:COL] with this severity, item, code and words; fail otherwise."""
    where = file if line is None else f"{file}:{line}" + (f":{column}" if column is not None else "")
    prefix = f"{where}: {severity} " + (f"[{item}] " if item else "") + (f"{code}: " if code else "")
    candidates = [p for p in problems(result) if p.startswith(prefix)]
    matching = [p for p in candidates if all(word in p for word in words)]
    assert matching, (f"no problem starting with {prefix!r} and containing {words!r};\n"
                      f"exit code {result.returncode}; stderr was:\n{result.stderr}")
    return matching[0]


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of the sample, shown by the CLI as 'content/…'."""
    return copy_content(tmp_path)


# --- the sample and the bundled content are clean -----------------------------------------

def test_sample_is_clean_even_with_strict():
    result = check(SAMPLE, "--strict")
    assert result.returncode == 0, result.stderr
    assert problems(result) == []
    assert "reportgen check: ok: 0 error(s), 0 warning(s)" in result.stdout
    assert ("2 criteria, 4 questions, 2 sections, 5 findings, 3 conclusions, 3 recommendations, "
            "1 lesson, 1 good practice") in result.stdout


def test_bundled_content_is_valid():
    result = check(ROOT / "content")
    assert result.returncode == 0, result.stderr
    assert not [p for p in problems(result) if ": error " in p]


# --- usage errors ---------------------------------------------------------------------------

def test_missing_content_folder_is_a_usage_error():
    result = check(Path("/nonexistent"))
    assert result.returncode == 2
    assert "content folder /nonexistent not found" in result.stderr


def test_unknown_command_is_a_usage_error():
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "reportgen --help" in result.stderr


# --- reading files --------------------------------------------------------------------------

def test_yaml_syntax_error_names_line_and_column(content):
    path = content / "criteria.yaml"
    edit(path, "    es: Pertinencia\n", "    es: Pertinencia: mala\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/criteria.yaml", line_of(path, "Pertinencia: mala"),
                 "YAML syntax error", "mapping values are not allowed", "check indentation",
                 column=column_of(path, ": mala"))


def test_file_not_utf8(content):
    path = content / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1"))  # "¿" becomes the single byte 0xbf
    first_non_ascii = next(i + 1 for i, line in enumerate(text.split("\n")) if not line.isascii())
    offset = text.encode("latin-1").index("¿".encode("latin-1"))
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/questions.yaml", first_non_ascii, "not valid UTF-8",
                 f"byte 0xbf at offset {offset}", "save the file as UTF-8")


def test_narrative_not_utf8(content):
    path = content / "findings" / "S2.es.md"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1"))
    first_non_ascii = next(i + 1 for i, line in enumerate(text.split("\n")) if not line.isascii())
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S2.es.md", first_non_ascii, "not valid UTF-8")


def test_duplicate_yaml_key_names_both_lines(content):
    path = content / "recommendations.yaml"
    edit(path, "  priority: high\n", "  priority: high\n  priority: medium  # again\n")
    first, second = line_of(path, "priority: high"), line_of(path, "# again")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", second, "duplicate key 'priority'",
                 f"first at line {first}", "YAML keeps only one")


def test_python_object_tag_is_refused_and_not_executed(content, tmp_path):
    marker = tmp_path / "PWNED"
    path = content / "conclusions.yaml"
    edit(path, "    es: Los CAR disponen de mejores protocolos que al inicio del proyecto.\n",
         f'    es: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = check(content, cwd=tmp_path)
    assert result.returncode == 1
    find_problem(result, "content/conclusions.yaml", line_of(path, "!!python"),
                 "YAML tag", "python/object/apply:os.system", "is not allowed", "remove the tag",
                 column=column_of(path, "!!python"))
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == [content]  # nothing else was created either


# --- shape of the content (schema) ----------------------------------------------------------

def test_missing_required_field(content):
    path = content / "recommendations.yaml"
    edit(path, "  text:\n    es: Se recomienda un sistema", "  texto:\n    es: Se recomienda un sistema")
    result = check(content)
    assert result.returncode == 1
    # The field is absent, so the line is the item's own.
    find_problem(result, "content/recommendations.yaml", line_of(path, "- id: R2"),
                 "missing required field 'text'", "add it", item="R2")


def test_wrong_type_list_instead_of_mapping(content):
    path = content / "recommendations.yaml"
    edit(path, "  title:\n    es: Centrar el diseño en los cambios buscados\n"
               "    en: Focus the design on the intended changes\n",
         "  title:\n  - Centrar el diseño en los cambios buscados\n  - Focus the design on the intended changes\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(path, "- Centrar el diseño") - 1,
                 "title: expected a mapping, got list", "{es: ..., en: ...}", item="R1")


def test_value_outside_allowed_set(content):
    path = content / "recommendations.yaml"
    edit(path, "  priority: high\n", "  priority: urgent\n")
    result = check(content)
    assert result.returncode == 1
    problem = find_problem(result, "content/recommendations.yaml", line_of(path, "priority: urgent"),
                           "priority: 'urgent' is not an allowed value", "allowed values", item="R1")
    assert re.search(r"allowed values: high, medium,? (or )?low", problem), problem


def test_unknown_key_with_did_you_mean(content):
    path = content / "recommendations.yaml"
    edit(path, "  priority: high\n", "  priorty: high\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(path, "priorty: high"),
                 "unknown key 'priorty'", "did you mean 'priority'?", item="R1")


def test_unknown_collection_with_did_you_mean(content):
    path = content / "conclusions.yaml"
    edit(path, "conclusions:\n", "conclusion:\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/conclusions.yaml", line_of(path, "conclusion:"),
                 "unknown collection 'conclusion'", "did you mean 'conclusions'?")


@pytest.mark.parametrize("bad_id", ["R 1", "../x"])
def test_invalid_id_characters(content, bad_id):
    path = content / "recommendations.yaml"
    edit(path, "- id: R1\n", f"- id: {bad_id}\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(path, f"- id: {bad_id}"),
                 f"id: {bad_id!r} is not a valid ID", "IDs start with a letter", item=bad_id)


# --- Markdown files named by the content ----------------------------------------------------

def test_narrative_outside_content_folder(content):
    path = content / "findings" / "S1.yaml"
    edit(path, "    es: S1.es.md\n", "    es: ../../etc/passwd.md\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S1.yaml", line_of(path, "../../etc/passwd.md"),
                 "narrative.es: '../../etc/passwd.md' points outside the content folder",
                 "relative path", item="S1")


def test_missing_narrative_file(content):
    path = content / "findings" / "S1.yaml"
    edit(path, "    en: S1.en.md\n", "    en: S1-missing.en.md\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S1.yaml", line_of(path, "S1-missing.en.md"),
                 "narrative.en: file 'S1-missing.en.md' not found", "looked in content/findings", item="S1")


# --- cross-references -----------------------------------------------------------------------

def test_duplicate_id_across_two_files_names_both(content):
    first_path, path = content / "findings" / "S1.yaml", content / "findings" / "S2.yaml"
    edit(path, "  - id: H5\n", "  - id: H1\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S2.yaml", line_of(path, "- id: H1"),
                 "duplicate ID 'H1'", f"already used by a finding at content/findings/S1.yaml:"
                 f"{line_of(first_path, '- id: H1')}", "IDs must be unique", item="H1")


def test_dangling_reference(content):
    path = content / "recommendations.yaml"
    edit(path, "  conclusions: [C2]\n", "  conclusions: [C99]\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(path, "conclusions: [C99]"),
                 "R2.conclusions → C99: no item with ID 'C99'", "existing conclusion IDs: C1, C2, C3", item="R2")


def test_wrong_kind_reference(content):
    path = content / "recommendations.yaml"
    edit(path, "  conclusions: [C1]\n", "  conclusions: [Q1]\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(path, "conclusions: [Q1]"),
                 "R1.conclusions → Q1", "'Q1' is a question", "'conclusions' needs a conclusion", item="R1")




def test_dangling_reference_in_narrative(content):
    path = content / "findings" / "S1.es.md"
    edit(path, "la conclusión [[C1]]", "la conclusión [[C99]]")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S1.es.md", line_of(path, "[[C99]]"),
                 "reference [[C99]]: no item with this ID", item="S1")


def test_unknown_embed(content):
    path = content / "findings" / "S1.es.md"
    edit(path, "[[table:midterm-recommendations]]", "[[table:midterm-recomendations]]")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/findings/S1.es.md", line_of(path, "[[table:midterm-recomendations]]"),
                 "unknown embed [[table:midterm-recomendations]]",
                 "did you mean 'table:midterm-recommendations'?", item="S1")


def test_dangling_reference_in_yaml_text(content):
    path = content / "conclusions.yaml"
    edit(path, "      Sin embargo, el seguimiento", "      Sin embargo ([[C99]]), el seguimiento")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/conclusions.yaml", line_of(path, "[[C99]]"),
                 "reference [[C99]]: no item with this ID", item="C2")


def test_markdown_problems_are_reported_in_the_markdown_file(content):
    """The part of the two tests above that works today: file, item and message (any line)."""
    path = content / "findings" / "S1.es.md"
    edit(path, "la conclusión [[C1]]", "la conclusión [[C99]]")
    edit(path, "[[table:midterm-recommendations]]", "[[chart:nonexistent]]")
    result = check(content)
    assert result.returncode == 1
    reported = "\n".join(problems(result))
    assert re.search(r"^content/findings/S1\.es\.md:\d+: error \[S1\] reference\.unknown: reference \[\[C99\]\]: no item "
                     r"with this ID",
                     reported, re.M), result.stderr
    assert re.search(r"^content/findings/S1\.es\.md:\d+: error \[S1\] embed\.unknown: unknown embed "
                     r"\[\[chart:nonexistent\]\]",
                     reported, re.M), result.stderr
    # The known embeds are the tables and charts of the content.
    assert ("known embeds: chart:budget-by-output, chart:budget-components, chart:outcome-indicators, "
            "table:budget-by-output, table:budget-extensions, table:budget-shares, "
            "table:midterm-recommendations, table:outcome-indicators)") in reported


# --- translations: warnings, errors only with --strict ---------------------------------------

def _remove_english_name(content: Path) -> tuple[Path, int]:
    path = content / "criteria.yaml"
    edit(path, "    en: Relevance\n", "")
    return path, line_of(path, "es: Pertinencia") - 1  # the line of 'name:'


def test_missing_translation_is_a_warning(content):
    path, line = _remove_english_name(content)
    result = check(content)
    assert result.returncode == 0, result.stderr
    find_problem(result, "content/criteria.yaml", line, "untranslated: name: missing English translation ('en')",
                 "add 'en:'", item="relevance", severity="warning")
    assert "reportgen check: ok: 0 error(s), 1 warning(s)" in result.stdout


def test_missing_translation_fails_with_strict(content):
    path, line = _remove_english_name(content)
    result = check(content, "--strict")
    assert result.returncode == 1
    find_problem(result, "content/criteria.yaml", line, "missing English translation",
                 item="relevance", severity="warning")
    assert "FAILED" in result.stderr and "--strict" in result.stderr


def test_missing_english_narrative_is_a_warning(content):
    path = content / "findings" / "S2.yaml"
    edit(path, "    en: S2.en.md\n", "")
    result = check(content)
    assert result.returncode == 0, result.stderr
    find_problem(result, "content/findings/S2.yaml", line_of(path, "narrative:"),
                 "untranslated: narrative: no English file", item="S2", severity="warning")
    assert check(content, "--strict").returncode == 1


# --- per-code levels (validation: in reportgen.yml) and the JSON output --------------------------

def _project_with_levels(tmp_path: Path, validation: str) -> tuple[Path, Path, int]:
    """The sample with one English name missing and one acronym not in the list, and a reportgen.yml."""
    content = copy_content(tmp_path)
    path, line = _remove_english_name(content)
    edit(path, "    es: Pertinencia\n", "    es: Pertinencia según la OCDX\n")
    (tmp_path / "reportgen.yml").write_text("languages: [es, en]\n" + validation, encoding="utf-8")
    return tmp_path, path, line


def test_validation_silences_one_code_and_raises_another(tmp_path):
    project, path, line = _project_with_levels(tmp_path / "default", "")
    result = check(project / "content", "--project", project)
    assert result.returncode == 0, result.stderr
    find_problem(result, "content/criteria.yaml", line, "missing English translation", item="relevance",
                 severity="warning", code="text.untranslated")
    assert "acronym.undefined: acronym 'OCDX'" in result.stdout + result.stderr

    project, path, line = _project_with_levels(tmp_path / "tuned", "validation:\n  text.untranslated: error\n"
                                               "  acronym.undefined: ignore\n")
    result = check(project / "content", "--project", project)
    assert result.returncode == 1, result.stderr
    find_problem(result, "content/criteria.yaml", line, "untranslated: name: missing English translation ('en')",
                 item="relevance", severity="error", code="text.untranslated")
    assert "acronym.undefined" not in result.stdout + result.stderr
    assert "reportgen check: FAILED: 1 error(s), 0 warning(s)" in result.stderr
    assert re.search(r", \d+ ignored \(validation: in reportgen\.yml\)", result.stderr), result.stderr
    build = run_cli("build", "--project", project, "--out", tmp_path / "site", "--no-downloads")
    assert build.returncode == 1 and "text.untranslated" in build.stderr and not (tmp_path / "site").exists()


def test_validation_refuses_unknown_codes_and_lowering_a_broken_file(tmp_path):
    project, _, _ = _project_with_levels(tmp_path, "validation:\n  text.untranslatd: error\n"
                                         "  yaml.syntax: ignore\n")
    result = check(project / "content", "--project", project)
    assert result.returncode == 1
    config = project / "reportgen.yml"
    find_problem(result, "reportgen.yml", line_of(config, "untranslatd"), "unknown problem code",
                 "did you mean 'text.untranslated'?", code="config.validation")
    find_problem(result, "reportgen.yml", line_of(config, "yaml.syntax"), "yaml.syntax is always an error",
                 "cannot be set to ignore", code="config.validation")


def test_check_format_json_lists_the_problems_with_the_same_exit_code(tmp_path):
    import json

    project, path, line = _project_with_levels(tmp_path, "validation:\n  text.untranslated: error\n")
    result = check(project / "content", "--project", project, "--format", "json")
    assert result.returncode == 1
    problems_ = json.loads(result.stdout)  # the array alone on standard output
    assert {"file": "content/criteria.yaml", "line": line, "column": None, "item": "relevance",
            "code": "text.untranslated", "level": "error",
            "message": "untranslated: name: missing English translation ('en')",
            "hint": "add 'en:' (or 'en: null' to mark it as knowingly untranslated)"} in problems_
    assert all(set(p) == {"file", "line", "column", "item", "code", "level", "message", "hint"} for p in problems_)
    assert "reportgen check: FAILED" in result.stderr
    clean = check(SAMPLE, "--format", "json")
    assert clean.returncode == 0, clean.stderr
    assert [p["level"] for p in json.loads(clean.stdout)] == ["note"]  # the sample's one note, no error
    broken = copy_content(tmp_path / "broken")
    (broken / "bad.yaml").write_text("a: [\n", encoding="utf-8")
    result = check(broken, "--format", "json")
    assert result.returncode == 1
    assert [p["code"] for p in json.loads(result.stdout) if p["level"] == "error"] == ["yaml.syntax"]


# --- one run reports everything ---------------------------------------------------------------

def test_several_problems_in_one_run(content):
    recommendations, criteria, glossary = (content / "recommendations.yaml", content / "criteria.yaml",
                                           content / "glossary.yaml")
    edit(recommendations, "  conclusions: [C2]\n", "  conclusions: [C99]\n")
    edit(criteria, "  definition:\n    es: Grado en que", "  defintion:\n    es: Grado en que")
    edit(glossary, "- term: MIMP\n", "- term: MIMP\n   bad: indentation\n")
    result = check(content)
    assert result.returncode == 1
    find_problem(result, "content/recommendations.yaml", line_of(recommendations, "[C99]"),
                 "no item with ID 'C99'", item="R2")
    find_problem(result, "content/criteria.yaml", line_of(criteria, "defintion:"),
                 "unknown key 'defintion'", "did you mean 'definition'?", item="effectiveness")
    find_problem(result, "content/glossary.yaml", line_of(glossary, "bad: indentation"),
                 "YAML syntax error", "mapping values are not allowed", column=column_of(glossary, ": indentation"))
    reported = problems(result)
    assert reported == sorted(reported, key=lambda p: (p.split(":")[0], int(p.split(":")[1]))), \
        "problems are listed by file, then line"
    assert re.search(r"reportgen check: FAILED: %d error\(s\), 0 warning\(s\)" % len(reported), result.stderr)
