"""Long YAML texts are translated sentence by sentence, as narratives' paragraphs are (issue 22.1):
a text of one paragraph and several sentences is a unit per sentence (`H1.text#2`), the import puts
them back together, and an unchanged import changes no byte."""

import shutil
from pathlib import Path

import pytest

import translate_helpers

from reportgen.translate.catalog import po_bytes
from reportgen.translate.commands import export_entries
from reportgen.translate.sidecar import read_sidecar
from reportgen.translate.status import unit_state
from reportgen.translate.units import YamlText, collect_units, evaluation_code
from reportgen.translate.writeback import import_catalog

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
LANGS = ("es", "en")
CODE = "SAMPLE/00/01/XXX"
ES = "El proyecto partió de un diagnóstico compartido con el MIMP."
EN = "The project started from an assessment shared with the MIMP."
ES2 = ES + " Luego se ajustó al contexto del Sr. Pérez, con **nuevas** metas."
EN2 = EN + " It was then adjusted to Mr. Pérez's context, with **new** targets."


@pytest.fixture
def content(tmp_path) -> Path:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "content"))
    s1 = folder / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace(ES, ES2).replace(EN, EN2), encoding="utf-8")
    return folder


def export(content: Path, path: Path, lang="en", languages=LANGS) -> Path:
    _, entries = export_entries(content, languages, lang)
    path.write_bytes(po_bytes(entries, languages[0], lang, evaluation_code(content, "x")))
    return path


def run(content, path, languages=LANGS, **options):
    return import_catalog(content, languages, path, path.name, None, project_code=CODE, **options)


def units(content, lang="en", languages=LANGS) -> dict:
    return {u.context: u for u in collect_units(content, languages, lang)}


def states(content, lang="en", languages=LANGS) -> dict[str, str]:
    recorded = read_sidecar(content, lang)
    return {c: unit_state(u, recorded) for c, u in units(content, lang, languages).items()}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_text_of_several_sentences_is_a_unit_per_sentence_with_stable_contexts(content):
    found = units(content)
    assert "H1.text" not in found
    first, second = found["H1.text#1"], found["H1.text#2"]
    assert (first.source, first.translation) == (ES, EN)
    assert second.source == ES2[len(ES) + 1:] and second.translation == EN2[len(EN) + 1:]   # "Sr." does not end one
    assert isinstance(second.target, YamlText) and second.target.sentence == 1
    assert "sentence 2 of 2" in second.note
    assert list(units(content)) == list(found)   # the same contexts every time
    assert "H2.text" in found                    # a text of one sentence stays one unit


def test_an_unchanged_import_changes_no_byte_and_one_changed_sentence_is_one_changed_text(content, tmp_path):
    run(content, export(content, tmp_path / "first.po"))   # (records the fingerprints)
    before = snapshot(content)
    result = run(content, export(content, tmp_path / "en.po"))
    assert result.changed == [] and snapshot(content) == before
    s1 = content / "findings" / "S1.yaml"
    lines = s1.read_text(encoding="utf-8").splitlines()
    path = translate_helpers.edit_po(export(content, tmp_path / "en2.po"),
                                     {"H1.text#2": "Later it was fitted to Mr. Pérez's context, with <b1>new</b1> "
                                                   "targets."})
    result = run(content, path)
    assert result.changed == ["H1.text#2"]
    after = s1.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(lines, after) if a != b]
    assert len(after) == len(lines) and len(changed) == 1
    assert changed[0][1].strip() == f"en: {EN} Later it was fitted to Mr. Pérez's context, with **new** targets."


def test_an_edited_original_sentence_makes_that_sentence_fuzzy_alone(content, tmp_path):
    run(content, export(content, tmp_path / "first.po"))
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("nuevas", "otras"), encoding="utf-8")
    found = states(content)
    assert found["H1.text#2"] == "fuzzy" and found["H1.text#1"] == "translated"


def test_a_new_language_can_arrive_one_sentence_at_a_time(content, tmp_path):
    languages = ("es", "en", "fr")
    path = translate_helpers.edit_po(export(content, tmp_path / "fr.po", "fr", languages),
                                     {"H1.text#1": "Le projet est parti d’un diagnostic partagé avec le MIMP."})
    result = run(content, path, languages)
    assert result.changed == ["H1.text#1"]
    written = (content / "findings" / "S1.yaml").read_text(encoding="utf-8")
    assert "fr: Le projet est parti d’un diagnostic partagé avec le MIMP. Luego se ajustó" in written
    found = states(content, "fr", languages)
    assert (found["H1.text#1"], found["H1.text#2"]) == ("translated", "missing")
    again = {e.context: e.target for e in export_entries(content, languages, "fr")[1]}
    assert again["H1.text#2"] == "" and again["H1.text#1"].startswith("Le projet")
    # the second part completes it
    path = translate_helpers.edit_po(export(content, tmp_path / "fr2.po", "fr", languages),
                                     {"H1.text#2": "Puis il a été ajusté au contexte de M. Pérez, avec de "
                                                   "<b1>nouveaux</b1> objectifs."})
    run(content, path, languages)
    assert set(states(content, "fr", languages)[c] for c in ("H1.text#1", "H1.text#2")) == {"translated"}


def test_a_translation_that_does_not_follow_sentence_by_sentence_is_one_unit(content):
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace(EN2, "One sentence for both."), encoding="utf-8")
    found = units(content)
    assert "H1.text#1" not in found and found["H1.text"].translation == "One sentence for both."
    assert "whole text" in found["H1.text"].note


def test_a_whole_text_translated_sentence_by_sentence_again_records_each_sentence(content, tmp_path):
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace(EN2, "One sentence for both."), encoding="utf-8")
    run(content, export(content, tmp_path / "first.po"))
    assert states(content)["H1.text"] == "translated"
    path = translate_helpers.edit_po(export(content, tmp_path / "en.po"), {"H1.text": EN2})
    run(content, path)
    recorded = read_sidecar(content, "en")
    assert {"H1.text#1", "H1.text#2"} <= set(recorded)
    s1.write_text(s1.read_text(encoding="utf-8").replace("nuevas", "otras"), encoding="utf-8")
    assert states(content)["H1.text#2"] == "fuzzy"     # an edit after it is noticed, sentence by sentence
    s1.write_text(s1.read_text(encoding="utf-8").replace(EN2, "Again one sentence."), encoding="utf-8")
    assert states(content)["H1.text"] == "fuzzy"       # a whole text where sentences were recorded
