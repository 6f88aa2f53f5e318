"""`translate import` on a copy of the sample content: all or nothing, only changed lines written."""

import shutil
from pathlib import Path

import pytest
from translate.storage import po

import translate_helpers

from reportgen.errors import ContentError
from reportgen.translate import paragraphs
from reportgen.translate.catalog import po_bytes
from reportgen.translate.commands import export_entries
from reportgen.translate.sidecar import fingerprint, read_sidecar
from reportgen.translate.status import unit_state
from reportgen.translate.units import collect_units
from reportgen.translate.writeback import import_catalog

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sample"
LANGS = ("es", "en")


CURRENT: list[Path] = []   # the content folder of the running test (for the originals' markup)


@pytest.fixture
def content(tmp_path) -> Path:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "content"))
    CURRENT[:] = [folder]
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def export(content: Path, path: Path, lang="en", languages=LANGS, write=po_bytes) -> Path:
    _, entries = export_entries(content, languages, lang)
    path.write_bytes(write(entries, languages[0], lang, "sample"))
    return path


def edit_po(path: Path, changes: dict, fuzzy=(), extra=()) -> Path:
    return translate_helpers.edit_po(path, changes, fuzzy, extra, CURRENT[0] if CURRENT else None)


def changed(before: dict, after: dict) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode("utf-8").split("\n")
        new = after.get(name, b"").decode("utf-8").split("\n")
        if old != new:
            out[name] = [(a, b) for a, b in zip(old, new) if a != b] if len(old) == len(new) else [("", "")]
    return out


def test_importing_an_unchanged_export_changes_no_content_file_and_records_fingerprints(content, tmp_path):
    before = snapshot(content)
    result = import_catalog(content, LANGS, export(content, tmp_path / "en.po"), "en.po")
    after = snapshot(content)
    assert result.changed == [] and result.files == ["content/.translations/en.yaml",
                                                     "content/.translations/sources.yaml"]
    assert {k: v for k, v in after.items() if not k.startswith(".translations")} == before
    units = collect_units(content, LANGS, "en")
    assert read_sidecar(content, "en") == {u.context: fingerprint(u.source) for u in units}


def test_one_changed_translation_changes_exactly_one_line(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    import_catalog(content, LANGS, path, "en.po")  # the first import records the fingerprints
    before = snapshot(content)
    result = import_catalog(content, LANGS, edit_po(path, {"H1.text": "The project began with a shared study."}),
                            "en.po")
    assert result.changed == ["H1.text"] and result.files == ["content/findings/S1.yaml"]
    assert changed(before, snapshot(content)) == {"findings/S1.yaml": [
        ("      en: The project started from an assessment shared with the MIMP.",
         "      en: The project began with a shared study.")]}


def test_one_changed_paragraph_changes_only_its_lines(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    before = snapshot(content)
    import_catalog(content, LANGS, edit_po(path, {"S1.narrative#1.1": "The analysis rests on interviews."}), "en.po")
    diff = changed(before, snapshot(content))
    assert diff["findings/S1.en.md"] == [(before["findings/S1.en.md"].decode().split("\n")[0],
                                          "The analysis rests on interviews.")]
    assert set(diff) == {"findings/S1.en.md", ".translations/en.yaml", ".translations/sources.yaml"}


@pytest.mark.parametrize("changes, extra, fuzzy, line_of, message", [
    ({}, [("Z99.text", "x", "y")], (), "Z99.text", "unknown context 'Z99.text'"),
    ({}, [("H1.text", "otra", "other")], (), "H1.text", "a second entry for 'H1.text'"),
    ({"S1.narrative#1.1": "Split\n\ninto two"}, [], (), "S1.narrative#1.1", "must stay one block"),
    ({"S1.narrative#2": "Not a heading any more<x9/>"}, [], (), "S1.narrative#2", "does not keep the tags"),
])
def test_bad_entries_refuse_the_whole_file_with_its_line(content, tmp_path, changes, extra, fuzzy, line_of, message):
    path = edit_po(export(content, tmp_path / "en.po"), {"H2.text": "A good change", **changes}, fuzzy, extra)
    before = snapshot(content)
    with pytest.raises(ContentError) as caught:
        import_catalog(content, LANGS, path, "en.po")
    assert snapshot(content) == before  # nothing written, not even the good change
    problem = caught.value.problems[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    context_lines = [i + 1 for i, line in enumerate(lines) if line == f'msgctxt "{line_of}"']
    assert problem.file == "en.po" and problem.line is not None
    assert any(problem.line <= n <= problem.line + 6 for n in context_lines), (problem, context_lines)
    assert message in problem.message


def test_a_translation_of_a_changed_original_is_refused_unless_accepted_as_fuzzy(content, tmp_path):
    path = edit_po(export(content, tmp_path / "en.po"), {"H1.text": "New English"})
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("partió de un diagnóstico", "partió de un estudio"),
                  encoding="utf-8")
    with pytest.raises(ContentError, match="has changed since this file was exported"):
        import_catalog(content, LANGS, path, "en.po")
    import_catalog(content, LANGS, path, "en.po", accept_fuzzy=True)
    unit = next(u for u in collect_units(content, LANGS, "en") if u.context == "H1.text")
    assert unit.translation == "New English"
    assert unit_state(unit, read_sidecar(content, "en")) == "fuzzy"


def test_an_edited_original_makes_its_translation_fuzzy_until_a_translator_confirms_it(content, tmp_path):
    import_catalog(content, LANGS, export(content, tmp_path / "en.po"), "en.po")
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("partió de un diagnóstico", "partió de un estudio"),
                  encoding="utf-8")
    states = {u.context: unit_state(u, read_sidecar(content, "en")) for u in collect_units(content, LANGS, "en")}
    assert [c for c, s in states.items() if s == "fuzzy"] == ["H1.text"]
    # the translator revises it in a fresh export and clears the fuzzy mark
    path = edit_po(export(content, tmp_path / "en2.po"), {"H1.text": "The project began with a shared study."})
    import_catalog(content, LANGS, path, "en.po")
    states = {u.context: unit_state(u, read_sidecar(content, "en")) for u in collect_units(content, LANGS, "en")}
    assert "fuzzy" not in states.values()


def test_entries_still_marked_fuzzy_are_left_out_unless_accepted(content, tmp_path):
    path = edit_po(export(content, tmp_path / "en.po"), {"H1.text": "Draft"}, fuzzy=("H1.text",))
    result = import_catalog(content, LANGS, path, "en.po")
    assert [c for c, _ in result.skipped_fuzzy] == ["H1.text"] and "H1.text" not in result.changed
    result = import_catalog(content, LANGS, path, "en.po", accept_fuzzy=True)
    assert result.changed == ["H1.text"]


def test_a_missing_translation_file_is_created_and_named_in_the_yaml(content, tmp_path):
    s2 = content / "findings" / "S2.yaml"
    english = (content / "findings" / "S2.en.md").read_bytes()
    translations = {u.context: u.translation for u in collect_units(content, LANGS, "en")}
    s2_yaml = s2.read_text(encoding="utf-8")
    (content / "findings" / "S2.en.md").unlink()
    s2.write_text(s2_yaml.replace("    en: S2.en.md\n", ""), encoding="utf-8")
    path = export(content, tmp_path / "en.po")
    units = [u for u in collect_units(content, LANGS, "en") if u.context.startswith("S2.narrative#")]
    assert units and all(not u.translation for u in units)
    all_of_them = {u.context: translations[u.context] for u in units}
    first_only = dict(list(all_of_them.items())[:1])
    if len(all_of_them) > 1:  # a partial delivery: the other paragraphs keep the original's text, marked
        import_catalog(content, LANGS, edit_po(path, first_only), "en.po")
        units = {u.context: u for u in collect_units(content, LANGS, "en")}
        recorded = read_sidecar(content, "en")
        states = {c: unit_state(units[c], recorded) for c in all_of_them}
        assert list(states.values()) == ["translated"] + ["missing"] * (len(states) - 1)
        path = export(content, tmp_path / "en2.po")  # the untranslated paragraphs go out empty
        assert {u.getcontext(): u.target for u in po.pofile(path.read_bytes()).units
                if u.getcontext() in all_of_them} == {c: (all_of_them[c] if i == 0 else "")
                                                      for i, c in enumerate(all_of_them)}
    import_catalog(content, LANGS, edit_po(path, all_of_them), "en.po")
    assert (content / "findings" / "S2.en.md").read_bytes() == english
    assert s2.read_text(encoding="utf-8") == s2_yaml


def test_an_unreferenced_file_in_the_way_is_never_overwritten(content, tmp_path):
    s2 = content / "findings" / "S2.yaml"
    s2.write_text(s2.read_text(encoding="utf-8").replace("    en: S2.en.md\n", ""), encoding="utf-8")
    path = export(content, tmp_path / "en.po")
    units = [u for u in collect_units(content, LANGS, "en") if u.context.startswith("S2.narrative#")]
    before = (content / "findings" / "S2.en.md").read_bytes()
    with pytest.raises(ContentError, match="exists but the YAML does not name it"):
        import_catalog(content, LANGS, edit_po(path, {u.context: "x" for u in units}), "en.po")
    assert (content / "findings" / "S2.en.md").read_bytes() == before


def test_line_ends_and_byte_order_mark_are_kept(content, tmp_path):
    criteria = content / "criteria.yaml"
    criteria.write_bytes(b"\xef\xbb\xbf" + criteria.read_bytes().replace(b"\n", b"\r\n"))
    path = export(content, tmp_path / "en.po")
    context = next(u.context for u in collect_units(content, LANGS, "en") if u.kind == "criterion")
    import_catalog(content, LANGS, edit_po(path, {context: "Changed name"}), "en.po")
    data = criteria.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Changed name\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("header_language, given, message", [
    ("es", None, "is the original language"),
    ("de", None, "is not a language of this project"),
    ("", None, "does not say which language"),
])
def test_the_language_must_be_a_translation_language(content, tmp_path, header_language, given, message):
    path = export(content, tmp_path / "en.po")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', f'"Language: {header_language}\\n"'),
                    encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        import_catalog(content, LANGS, path, "en.po", given)
    # --language must agree with the file's header (an English file is never written as another language)
    if header_language:
        with pytest.raises(ContentError, match=f"the file says it holds '{header_language}'"):
            import_catalog(content, LANGS, path, "en.po", "en")


def test_a_regional_language_code_counts_as_its_language(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: en_GB\\n"'),
                    encoding="utf-8")
    assert import_catalog(content, LANGS, path, "en.po").lang == "en"


def test_a_paragraph_added_to_the_original_makes_the_narrative_one_fuzzy_whole_file_entry(content, tmp_path):
    import_catalog(content, LANGS, export(content, tmp_path / "en.po"), "en.po")
    es = content / "findings" / "S1.es.md"
    es.write_text("Un párrafo nuevo al principio.\n\n" + es.read_text(encoding="utf-8"), encoding="utf-8")
    units = {u.context: u for u in collect_units(content, LANGS, "en")}
    assert "S1.narrative" in units and "S1.narrative#1.1" not in units
    assert unit_state(units["S1.narrative"], read_sidecar(content, "en")) == "fuzzy"
    # the translator adds the paragraph to the whole file; afterwards it follows the original again
    path = edit_po(export(content, tmp_path / "en2.po"),
                   {"S1.narrative": "A new paragraph at the start.\n\n" + units["S1.narrative"].translation})
    import_catalog(content, LANGS, path, "en.po")
    units = {u.context: u for u in collect_units(content, LANGS, "en")}
    assert units["S1.narrative#1.1"].translation == "A new paragraph at the start."
    # and a later edit of one of its paragraphs is noticed
    es.write_text(es.read_text(encoding="utf-8").replace("Un párrafo nuevo", "Un párrafo añadido"), encoding="utf-8")
    fingerprints = read_sidecar(content, "en")
    states = {u.context: unit_state(u, fingerprints) for u in collect_units(content, LANGS, "en")}
    assert [c for c, state in states.items() if state == "fuzzy"] == ["S1.narrative#1.1"]


def test_a_third_language_is_added_beside_the_others(content, tmp_path):
    languages = ("es", "en", "fr")
    path = export(content, tmp_path / "fr.po", "fr", languages)
    units = [u for u in collect_units(content, languages, "fr")]
    s1_paragraphs = {u.context: f"Paragraphe {u.target.index + 1}." if paragraphs.shape(u.source) == "paragraph"
                     else u.source + " (fr)" for u in units if u.context.startswith("S1.narrative#")}
    edit_po(path, {"H1.text": "Le projet est parti d'un diagnostic partagé.", **s1_paragraphs})
    result = import_catalog(content, languages, path, "fr.po")
    assert result.lang == "fr" and len(result.changed) == 1 + len(s1_paragraphs)
    s1 = (content / "findings" / "S1.yaml").read_text(encoding="utf-8")
    assert ("      en: The project started from an assessment shared with the MIMP.\n"
            "      fr: Le projet est parti d'un diagnostic partagé.\n") in s1
    assert "  narrative:\n    es: S1.es.md\n    en: S1.en.md\n    fr: S1.fr.md\n" in s1
    french = (content / "findings" / "S1.fr.md").read_text(encoding="utf-8")
    assert french.startswith("Paragraphe 1.\n\n### Diagnóstico inicial (fr)\n")
    assert "[[table:midterm-recommendations]]" in french  # embeds are carried over as they are


def test_one_sentence_of_a_paragraph_is_imported_alone(content, tmp_path):
    es, en = content / "findings" / "S1.es.md", content / "findings" / "S1.en.md"
    es.write_text(es.read_text(encoding="utf-8").replace(
        "documentos del proyecto.", "documentos del proyecto. Se revisaron 30 informes."), encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace(
        "project documents.", "project documents.  30 reports were reviewed."), encoding="utf-8")
    path = edit_po(export(content, tmp_path / "en.po"), {"S1.narrative#1.2": "Thirty reports were read."})
    result = import_catalog(content, LANGS, path, "en.po")
    assert result.changed == ["S1.narrative#1.2"]
    assert en.read_text(encoding="utf-8").split("\n")[0] == (
        "The analysis in this section relies on interviews and project documents.  Thirty reports were read.")
