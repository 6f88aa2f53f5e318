"""What a translation agency hits first (issue 22) and hostile translation files (issue 26.5).

Each test is one defect: fuzzy marks kept, state-less XLIFF targets, the previous original, older
files, foreign projects, language codes, cut files, size limits, all-or-nothing writes, contexts.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import po

import translate_helpers

from reportgen.errors import ContentError
from reportgen.translate import writeback
from reportgen.translate.catalog import END_CONTEXT, XLIFF_12, po_bytes, read_catalog, xliff_bytes
from reportgen.translate.commands import export_entries
from reportgen.translate.sidecar import read_sidecar
from reportgen.translate.status import unit_state
from reportgen.translate.units import collect_units, evaluation_code
from reportgen.translate.writeback import import_catalog

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
SCHEMAS = ROOT / "tests" / "fixtures" / "xliff"
LANGS = ("es", "en")
CODE = "SAMPLE/00/01/XXX"
NS = {"x": XLIFF_12}


@pytest.fixture
def content(tmp_path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "content"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def export(content: Path, path: Path, lang="en", languages=LANGS) -> Path:
    _, entries = export_entries(content, languages, lang)
    write = xliff_bytes if path.suffix == ".xlf" else po_bytes
    path.write_bytes(write(entries, languages[0], lang, evaluation_code(content, "x")))
    return path


def run(content, path, lang=None, **options):
    return import_catalog(content, options.pop("languages", LANGS), path, path.name, lang,
                          project_code=options.pop("project_code", CODE), **options)


def edit_po(path: Path, changes: dict, fuzzy=(), keep_fuzzy=False) -> Path:
    return translate_helpers.edit_po(path, changes, fuzzy, keep_fuzzy=keep_fuzzy)


def states(content, lang="en", languages=LANGS) -> dict[str, str]:
    recorded = read_sidecar(content, lang)
    return {u.context: unit_state(u, recorded) for u in collect_units(content, languages, lang)}


def test_accept_fuzzy_keeps_the_fuzzy_mark(content, tmp_path):
    run(content, export(content, tmp_path / "en.po"))
    path = edit_po(export(content, tmp_path / "en2.po"), {"H1.text": "A draft"}, fuzzy=("H1.text",))
    result = run(content, path, accept_fuzzy=True)
    assert result.changed == ["H1.text"] and result.kept_fuzzy == 1
    assert [c for c, s in states(content).items() if s == "fuzzy"] == ["H1.text"]
    again = po.pofile(export(content, tmp_path / "en3.po").read_bytes())
    assert [u.getcontext() for u in again.units if u.isfuzzy()] == ["H1.text"]
    # a translator clears the mark: translated
    run(content, edit_po(tmp_path / "en3.po", {"H1.text": "A reviewed text"}))
    assert "fuzzy" not in states(content).values()


def _xliff_targets(path: Path, targets: dict[str, tuple[str, str | None]]) -> Path:
    """As CAT tools return them: a filled target with the given state (None = no state attribute)."""
    tree = etree.parse(str(path))
    for context, (text, state) in targets.items():
        unit = tree.find(f".//x:trans-unit[@id='{context}']", NS)
        target = unit.find("x:target", NS)
        if target is None:
            target = etree.Element(f"{{{XLIFF_12}}}target")
            unit.find("x:source", NS).addnext(target)
        target.text = text
        target.attrib.pop("state", None)
        if state is not None:
            target.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_xliff_targets_without_state_or_new_are_translations_and_review_states_are_reported(content, tmp_path):
    path = _xliff_targets(export(content, tmp_path / "en.xlf"), {
        "H1.text": ("No state", None), "C1.text": ("New state", "new"),
        "R1.title": ("Needs review", "needs-review-translation")})
    result = run(content, path)
    assert sorted(result.changed) == ["C1.text", "H1.text"]
    assert [c for c, _ in result.skipped_fuzzy] == ["R1.title"]   # reported by the command, with its line


def test_a_fuzzy_entry_shows_its_previous_original(content, tmp_path):
    run(content, export(content, tmp_path / "en.po"))
    s1 = content / "findings" / "S1.yaml"
    old = next(u.source for u in collect_units(content, LANGS, "en") if u.context == "H1.text")
    s1.write_text(s1.read_text(encoding="utf-8").replace("partió de un diagnóstico", "partió de un estudio"),
                  encoding="utf-8")
    path = export(content, tmp_path / "en2.po")
    unit = next(u for u in po.pofile(path.read_bytes()).units if u.getcontext() == "H1.text")
    assert unit.isfuzzy() and unit.prev_source == old
    assert "#| msgid " in path.read_text(encoding="utf-8")
    assert read_catalog(path, "en2.po").entries[[e.context for e in read_catalog(path, "en2.po").entries]
                                                .index("H1.text")].previous == old
    # gettext keeps it: msgmerge --previous of the file against itself changes no entry
    merged = subprocess.run(["msgmerge", "--previous", "-q", "-o", "-", str(path), str(path)],
                            capture_output=True, text=True)
    assert merged.returncode == 0 and "#| msgid " in merged.stdout
    xlf = export(content, tmp_path / "en2.xlf")
    tree = etree.parse(str(xlf))
    alt = tree.find(".//x:trans-unit[@id='H1.text']/x:alt-trans[@alttranstype='previous-version']/x:source", NS)
    assert alt is not None and alt.text == old


def test_an_older_file_never_overwrites_a_newer_translation_without_force(content, tmp_path):
    older = export(content, tmp_path / "older.po")
    run(content, edit_po(export(content, tmp_path / "newer.po"), {"H1.text": "The newer translation"}))
    edit_po(older, {"C1.text": "An unrelated change"})
    before = snapshot(content)
    with pytest.raises(ContentError) as caught:
        run(content, older)
    assert [(p.code, p.item) for p in caught.value.problems] == [("catalog.stale", "H1.text")]
    assert snapshot(content) == before
    run(content, older, force=True)
    assert next(u.translation for u in collect_units(content, LANGS, "en") if u.context == "H1.text") != \
        "The newer translation"


def test_a_file_from_another_project_is_refused_first_with_that_reason(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    text = path.read_text(encoding="utf-8").replace('msgctxt "H1.text"', 'msgctxt "NOPE.text"')
    path.write_text(text.replace(f"Project-Id-Version: {CODE}", "Project-Id-Version: STARTER/00"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        run(content, path, accept_fuzzy=True)
    assert [p.code for p in caught.value.problems] == ["catalog.project"]
    assert "STARTER/00" in caught.value.problems[0].message
    xlf = export(content, tmp_path / "en.xlf")
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(f'original="{CODE}"', 'original="OTHER"'),
                   encoding="utf-8")
    with pytest.raises(ContentError, match="another project"):
        run(content, xlf)


@pytest.mark.parametrize("header, given", [("EN", None), ("en-US", None), ("en_GB", "EN"), ("en", "en-us")])
def test_language_codes_are_case_insensitive(content, tmp_path, header, given):
    path = export(content, tmp_path / "en.po")
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', f'"Language: {header}\\n"'),
                    encoding="utf-8")
    assert run(content, path, given).lang == "en"


def test_the_header_must_agree_with_language_and_the_content_is_checked(content, tmp_path):
    languages = ("es", "en", "fr")
    path = export(content, tmp_path / "en.po", "en", languages)
    with pytest.raises(ContentError, match="the file says it holds 'en'"):
        run(content, path, "fr", languages=languages)
    relabelled = tmp_path / "fr.po"
    relabelled.write_text(path.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: fr\\n"'),
                          encoding="utf-8")
    result = run(content, relabelled, languages=languages, force=True)  # (else refused: older than fr's texts)
    assert [(p.code, p.severity) for p in result.problems] == [("catalog.content_language", "warning")]
    assert "look like 'en'" in result.problems[0].message


def test_a_file_cut_between_entries_is_recognised(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index('msgctxt "H1.text"')].rsplit("\n#.", 1)[0] + "\n"
    path.write_text(cut, encoding="utf-8")
    before = snapshot(content)
    with pytest.raises(ContentError) as caught:
        run(content, path)
    assert caught.value.problems[0].code == "catalog.truncated"
    assert "cut short" in caught.value.problems[0].message and "of the" in caught.value.problems[0].message
    assert snapshot(content) == before


def test_a_part_of_the_entries_with_the_closing_entry_is_a_partial_delivery(content, tmp_path):
    path = export(content, tmp_path / "en.po")
    store = po.pofile(path.read_bytes())
    kept = [u for u in store.units if u.isheader() or u.getcontext() in ("H1.text", END_CONTEXT)]
    store.units = kept
    kept[1].target = "Only this one"
    path.write_bytes(bytes(store))
    result = run(content, path)
    assert result.changed == ["H1.text"]
    assert [p.code for p in result.problems] == ["catalog.partial"]


def test_size_limits_are_checked_before_anything_is_written(content, tmp_path):
    path = edit_po(export(content, tmp_path / "en.po"), {"H1.text": "x " * 60_000})
    before = snapshot(content)
    with pytest.raises(ContentError) as caught:
        run(content, path)
    assert caught.value.problems[0].code == "catalog.too_large"
    assert snapshot(content) == before


def test_a_write_error_leaves_every_file_as_it_was(content, tmp_path, monkeypatch):
    path = edit_po(export(content, tmp_path / "en.po"), {"H1.text": "One", "C1.text": "Two", "R1.title": "Three",
                                                         "S1.narrative#1": "Four"})
    before = snapshot(content)
    calls = []
    real = os.replace

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(writeback.os, "replace", failing)
    with pytest.raises(ContentError) as caught:
        run(content, path)
    assert caught.value.problems[0].code == "catalog.write_failed"
    assert "every file was left as it was" in caught.value.problems[0].message
    assert snapshot(content) == before   # no file changed, no staged file left behind


def test_contexts_hold_no_line_numbers_and_table_columns_are_scoped_by_table(content):
    units = collect_units(ROOT / "content", LANGS, "en")
    contexts = [u.context for u in units]
    assert not [c for c in contexts if "@" in c or ".yaml:" in c]
    assert "charts:outcome-indicators.title" in contexts
    assert "outcome-indicators.columns[indicator].label" in contexts and "indicator.label" not in contexts


def test_exported_xliff_is_valid_against_the_strict_schema(content, tmp_path):
    run(content, export(content, tmp_path / "en.po"))
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("partió de un diagnóstico", "partió de un estudio"),
                  encoding="utf-8")
    xlf = export(content, tmp_path / "en.xlf")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))
    tree = etree.parse(str(xlf))
    assert schema.validate(tree), schema.error_log
    names = [g.get("name") for g in tree.iterfind(".//x:context-group", NS)]
    assert len(names) == len(set(names))
    assert not [u for u in tree.iterfind(".//x:trans-unit", NS) if "Project-Id-Version" in
                "".join(u.find("x:source", NS).itertext())]   # no PO header as a unit
    # the schema is strict: a repeated context-group name is an error
    group = tree.find(".//x:context-group", NS)
    other = list(tree.iterfind(".//x:context-group", NS))[1]
    other.set("name", group.get("name"))
    assert not schema.validate(tree)
