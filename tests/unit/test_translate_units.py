"""Every text of a project as translation units, with stable contexts."""

import collections
import shutil
from pathlib import Path

import pytest

from reportgen.errors import ContentError
from reportgen.translate.units import MarkdownBlock, YamlText, collect_units, translation_name

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


@pytest.fixture
def sample(tmp_path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "content"))


def by_context(content: Path, lang="en", languages=("es", "en")):
    return {unit.context: unit for unit in collect_units(content, languages, lang)}


def test_fields_of_items_nested_items_and_lists(sample):
    units = by_context(sample)
    h1 = units["H1.text"]
    assert (h1.kind, h1.source, h1.translation) == (
        "finding", "El proyecto partió de un diagnóstico compartido con el MIMP.",
        "The project started from an assessment shared with the MIMP.")
    assert h1.note == "H1 · finding in S1: Adaptación del proyecto a las necesidades"
    assert h1.reference == "content/findings/S1.yaml:11"
    assert isinstance(h1.target, YamlText) and h1.target.location == ("sections", 0, "findings", 0, "text")
    assert units["S1.title"].note == "S1 · section: Adaptación del proyecto a las necesidades"
    assert "evaluation.title" in units
    assert any(context.startswith("glossary[") and context.endswith("].expansion") for context in units)


def test_markdown_files_give_one_unit_per_sentence_of_a_paragraph_and_per_other_block(sample):
    units = by_context(sample)
    paragraphs = [u for u in units.values() if u.context.startswith("S1.narrative#")]
    assert [u.context for u in paragraphs][:3] == ["S1.narrative#1.1", "S1.narrative#2", "S1.narrative#3"]
    first = units["S1.narrative#1.1"]
    assert first.source == "El análisis de esta sección se apoya en entrevistas y documentos del proyecto."
    assert first.reference == "content/findings/S1.es.md:1"
    assert first.kind == "narrative" and isinstance(first.target, MarkdownBlock)
    # the embed line has no words to translate: no unit, it is copied as it is
    assert not any(u.source.startswith("[[table:") for u in paragraphs)


def test_a_translation_that_does_not_mirror_its_original_is_one_whole_file_unit(sample):
    en = sample / "findings" / "S1.en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nAn extra paragraph only in English.\n", encoding="utf-8")
    units = by_context(sample)
    assert "S1.narrative" in units and not any(c.startswith("S1.narrative#") for c in units)
    assert "whole file" in units["S1.narrative"].note
    assert units["S1.narrative"].translation.endswith("An extra paragraph only in English.")


def test_a_new_language_has_every_text_missing(sample):
    units = collect_units(sample, ("es", "en", "fr"), "fr")
    assert units and all(not unit.translation for unit in units)
    narrative = next(u for u in units if u.context == "S1.narrative#1.1")
    assert narrative.target.field.translation.name == "S1.fr.md" and not narrative.target.field.referenced


def test_content_with_errors_is_refused(sample):
    (sample / "criteria.yaml").write_text("criteria:\n  - id: 1bad\n", encoding="utf-8")
    with pytest.raises(ContentError):
        collect_units(sample, ("es", "en"), "en")


def test_bundled_content_contexts_are_unique_and_stable():
    first = collect_units(ROOT / "content", ("es", "en"), "en")
    second = collect_units(ROOT / "content", ("es", "en"), "en")
    contexts = [unit.context for unit in first]
    assert [c for c, n in collections.Counter(contexts).items() if n > 1] == []
    assert contexts == [unit.context for unit in second]
    # every finding and conclusion: its text, or its sentences (H39.text#1, …)
    whole = {c.split("#")[0] for c in contexts}
    assert {f"H{n}.text" for n in range(1, 75)} <= whole and {f"C{n}.text" for n in range(1, 22)} <= whole
    assert "H39.text#2" in contexts
    assert contexts[0] == "evaluation.title"  # the report's order, not the files' alphabetical order


@pytest.mark.parametrize("original, expected", [("S12.es.md", "S12.en.md"), ("notes.md", "notes.en.md"),
                                                ("x.es.md.md", "x.es.md.en.md")])
def test_translation_file_names(original, expected):
    assert translation_name(original, "es", "en") == expected


def test_a_changed_sentence_makes_one_fuzzy_unit_and_contexts_stay_stable(sample, tmp_path):
    from reportgen.translate.segments import sentences
    from reportgen.translate.sidecar import fingerprint
    from reportgen.translate.status import unit_state

    es = sample / "findings" / "S1.es.md"
    en = sample / "findings" / "S1.en.md"
    es.write_text(es.read_text(encoding="utf-8").replace(
        "documentos del proyecto.", "documentos del proyecto. Se revisaron 30 informes. El Sr. Pérez los leyó."),
        encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace(
        "project documents.", "project documents. 30 reports were reviewed. Mr Pérez read them."), encoding="utf-8")
    units = by_context(sample)
    assert [c for c in units if c.startswith("S1.narrative#1.")] == [
        "S1.narrative#1.1", "S1.narrative#1.2", "S1.narrative#1.3"]
    assert units["S1.narrative#1.3"].source == "El Sr. Pérez los leyó."   # (an abbreviation does not end one)
    recorded = {c: fingerprint(u.source) for c, u in units.items()}
    es.write_text(es.read_text(encoding="utf-8").replace("30 informes", "31 informes"), encoding="utf-8")
    states = {c: unit_state(u, recorded) for c, u in by_context(sample).items()}
    assert [c for c, state in states.items() if state == "fuzzy"] == ["S1.narrative#1.2"]
    assert sentences("Un texto.[^3] Otro **con. dos** frases. La O.I.T. lo dijo.", "es") == [
        "Un texto.[^3] ", "Otro **con. dos** frases. ", "La O.I.T. lo dijo."]
