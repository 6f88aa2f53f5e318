"""XLIFF 2.0 (issue 22.6): the same guarantees as XLIFF 1.2, in 2.0's terms, valid against the OASIS
core schema (tests/fixtures/xliff/xliff_core_2.0.xsd)."""

import copy
import shutil
from pathlib import Path

import pytest
from lxml import etree

from reportgen.errors import ContentError
from reportgen.translate.catalog import END_CONTEXT, MATCHES_20, XLIFF_20, read_catalog, xliff2_bytes
from reportgen.translate.commands import export_entries
from reportgen.translate.units import collect_units, evaluation_code
from reportgen.translate.writeback import import_catalog

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
SCHEMA = ROOT / "tests" / "fixtures" / "xliff" / "xliff_core_2.0.xsd"
LANGS = ("es", "en")
CODE = "SAMPLE/00/01/XXX"
NS = {"x": XLIFF_20, "m": MATCHES_20}


@pytest.fixture
def content(tmp_path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "content"))


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def export(content: Path, path: Path, lang="en", languages=LANGS) -> Path:
    _, entries = export_entries(content, languages, lang)
    path.write_bytes(xliff2_bytes(entries, languages[0], lang, evaluation_code(content, "x")))
    return path


def run(content, path, lang=None, **options):
    return import_catalog(content, options.pop("languages", LANGS), path, path.name, lang,
                          project_code=options.pop("project_code", CODE), **options)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def unit_of(tree, context: str):
    return tree.find(f".//x:unit[@name='{context}']", NS)


def set_target(tree, context: str, text: str | None, state: str | None, keep_tags=True):
    """As a CAT tool writes a target: the source's inline codes kept, `text` put before them."""
    segment = unit_of(tree, context).find("x:segment", NS)
    old = segment.find("x:target", NS)
    if old is not None:
        segment.remove(old)
    target = copy.deepcopy(segment.find("x:source", NS)) if keep_tags else etree.Element(f"{{{XLIFF_20}}}source")
    target.tag = f"{{{XLIFF_20}}}target"
    lead = target[0] if keep_tags and len(target) and not target.text \
        and target[0].get("subType") == "reportgen:markdown" else None
    if lead is not None:   # (a line's mark stays first: a heading, a quote, a footnote's label)
        lead.tail = text + " " + (lead.tail or "")
    else:
        target.text = text + " " + (target.text or "") if keep_tags else text
    segment.append(target)
    for name in ("state", "subState"):
        segment.attrib.pop(name, None)
    if state is not None:
        segment.set("state", state)


def write(tree, path: Path) -> Path:
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_the_export_is_valid_against_the_xliff_2_core_schema(content, tmp_path, schema):
    run(content, export(content, tmp_path / "first.xlf"))   # (records the originals: a fuzzy unit next)
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("partió de un diagnóstico", "partió de un estudio"),
                  encoding="utf-8")
    tree = etree.parse(str(export(content, tmp_path / "en.xlf")))
    assert schema.validate(tree), schema.error_log
    root = tree.getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "es", "en")
    assert root.find("x:file", NS).get("original") == CODE
    # inline markup as codes, with the Markdown in originalData
    assert tree.find(".//x:pc", NS) is not None and tree.find(".//x:ph", NS) is not None
    data = {d.get("id"): d.text for d in tree.iterfind(".//x:unit[1]/x:originalData/x:data", NS)}
    for ph in tree.iterfind(".//x:unit/x:segment/x:source/x:ph", NS):
        unit = ph.getparent().getparent().getparent()
        data = {d.get("id"): d.text for d in unit.iterfind("x:originalData/x:data", NS)}
        assert data[ph.get("dataRef")].strip() == ph.get("disp").replace("⏎", "")
    # the fuzzy unit: state initial, its previous original as a match
    fuzzy = unit_of(tree, "H1.text")
    assert fuzzy.find("x:segment", NS).get("state") == "initial"
    previous = fuzzy.find("m:matches/m:match/x:source", NS)
    assert previous is not None and "diagnóstico" in "".join(previous.itertext())
    assert {u.find("x:segment", NS).get("state") for u in tree.iterfind(".//x:unit", NS)} <= \
        {"translated", "initial", "final", None}
    # the schema holds: a unit without a segment is refused by it
    broken = copy.deepcopy(tree)
    unit = unit_of(broken, "C1.text")
    unit.remove(unit.find("x:segment", NS))
    assert not schema.validate(broken)


def test_an_untouched_export_imports_without_changing_a_byte(content, tmp_path):
    run(content, export(content, tmp_path / "first.xlf"))
    before = snapshot(content)
    result = run(content, export(content, tmp_path / "en.xlf"))
    assert result.changed == [] and result.files == []
    assert snapshot(content) == before


def test_export_fill_import_export_gives_the_filled_targets_back(content, tmp_path):
    path = export(content, tmp_path / "en.xlf")
    tree = etree.parse(str(path))
    units = [u for u in tree.iterfind(".//x:unit", NS) if u.get("name") != END_CONTEXT]
    filled = {}
    for number, unit in enumerate(units[::3]):   # a third of the units, tags kept, no state
        set_target(tree, unit.get("name"), f"Filled {number}", None)
        filled[unit.get("name")] = read_target(unit)
    result = run(content, write(tree, path))
    assert sorted(result.changed) == sorted(filled)
    again = etree.parse(str(export(content, tmp_path / "again.xlf")))
    assert {name: read_target(unit_of(again, name)) for name in filled} == filled
    assert {unit_of(again, name).find("x:segment", NS).get("state") for name in filled} == {"translated"}


def read_target(unit) -> str:
    return etree.tostring(unit.find("x:segment/x:target", NS), encoding="unicode", with_tail=False)


def test_states_initial_is_a_draft_and_translated_reviewed_final_or_none_are_done(content, tmp_path):
    tree = etree.parse(str(export(content, tmp_path / "en.xlf")))
    states = {"H1.text": None, "C1.text": "translated", "R1.title": "reviewed", "LA1.title": "final",
              "BP1.title": "initial"}
    for context, state in states.items():
        set_target(tree, context, f"Text {context}", state)
    result = run(content, write(tree, tmp_path / "en.xlf"))
    assert sorted(result.changed) == ["C1.text", "H1.text", "LA1.title", "R1.title"]
    assert [c for c, _ in result.skipped_fuzzy] == ["BP1.title"]
    assert run(content, tmp_path / "en.xlf", accept_fuzzy=True).changed == ["BP1.title"]


def test_a_dropped_code_is_refused_with_its_unit_and_nothing_is_written(content, tmp_path):
    tree = etree.parse(str(export(content, tmp_path / "en.xlf")))
    tagged = next(u.get("name") for u in tree.iterfind(".//x:unit", NS)
                  if u.find("x:segment/x:source/x:pc", NS) is not None
                  or u.find("x:segment/x:source/x:ph", NS) is not None)
    set_target(tree, tagged, "Words without their codes", "translated", keep_tags=False)
    before = snapshot(content)
    with pytest.raises(ContentError) as caught:
        run(content, write(tree, tmp_path / "en.xlf"))
    assert [(p.code, p.item) for p in caught.value.problems] == [("catalog.tags", tagged)]
    assert snapshot(content) == before


def test_foreign_other_project_and_cut_files_are_refused_with_their_reason(content, tmp_path):
    path = export(content, tmp_path / "en.xlf")
    text = path.read_text(encoding="utf-8")
    other = tmp_path / "other.xlf"
    other.write_text(text.replace(f'original="{CODE}"', 'original="STARTER/00"'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        run(content, other)
    assert [p.code for p in caught.value.problems] == ["catalog.project"]
    french = tmp_path / "fr.xlf"
    french.write_text(text.replace('trgLang="en"', 'trgLang="fr"'), encoding="utf-8")
    with pytest.raises(ContentError, match="the file says it holds 'fr'"):
        run(content, french, "en")
    cut = tmp_path / "cut.xlf"
    tree = etree.parse(str(path))
    end = unit_of(tree, END_CONTEXT)
    end.getparent().remove(end)
    with pytest.raises(ContentError) as caught:
        run(content, write(tree, cut))
    assert caught.value.problems[0].code == "catalog.truncated"
    garbage = tmp_path / "garbage.xlf"
    garbage.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(ContentError) as caught:
        run(content, garbage)
    assert caught.value.problems[0].code == "catalog.syntax" and caught.value.problems[0].line


def test_a_part_of_the_units_with_the_closing_unit_is_a_partial_delivery(content, tmp_path):
    tree = etree.parse(str(export(content, tmp_path / "en.xlf")))
    file_el = tree.find("x:file", NS)
    for unit in list(file_el.iterfind("x:unit", NS)):
        if unit.get("name") not in ("H1.text", END_CONTEXT):
            file_el.remove(unit)
    set_target(tree, "H1.text", "Only this one", "translated")
    result = run(content, write(tree, tmp_path / "part.xlf"))
    assert result.changed == ["H1.text"]
    assert [p.code for p in result.problems] == ["catalog.partial"]


def test_the_reader_gives_contexts_notes_and_the_previous_original(content, tmp_path):
    path = export(content, tmp_path / "en.xlf")
    catalog = read_catalog(path, "en.xlf")
    units = collect_units(content, LANGS, "en")
    assert [e.context for e in catalog.entries] == [u.context for u in units]
    assert catalog.closed and catalog.generator and catalog.declared == len(units)
    assert catalog.project == CODE and catalog.language == "en"
    first = catalog.entries[0]
    assert first.reference == units[0].reference and first.target_fp


def test_pairs_that_do_not_nest_are_start_and_end_codes_and_read_back(schema):
    from reportgen.translate.catalog import OutEntry, _read_xliff2
    from reportgen.translate.markup import markdown_from_tagged, tokenize

    source = "Un **texto [con** enlace](https://example.org) y nota.[^3]"
    entry = OutEntry("X1.text", source, "A **text [with** link](https://example.org) and note.[^3]", "X1",
                     "content/x.yaml:1", False)
    data = xliff2_bytes([entry], "es", "en", CODE)
    tree = etree.fromstring(data)
    assert schema.validate(tree), schema.error_log
    assert tree.find(".//x:sc", NS) is not None and tree.find(".//x:ec[@startRef]", NS) is not None
    first = _read_xliff2(tree, "x.xlf").entries[0]
    assert markdown_from_tagged(first.target, tokenize(source)) == entry.target
