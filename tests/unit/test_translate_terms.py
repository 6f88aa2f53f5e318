"""The term base (content/terms.yaml): notes for translators, warnings in check, TBX and CSV."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import po

from reportgen.errors import ContentError
from reportgen.translate.catalog import po_bytes
from reportgen.translate.commands import export_entries
from reportgen.translate.terms import check_terms, csv_bytes, load_terms, tbx_bytes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
LANGS = ("es", "en")
TERMS = """terms:
  - term: [diagnóstico, diagnósticos]
    en: [assessment, diagnosis]
    forbidden: {en: [diagnostic]}
    note: The study the project started from.
  - term: contexto
    en: setting
    note: "=HYPERLINK(\\"x\\")"
"""


@pytest.fixture
def content(tmp_path) -> Path:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "content"))
    (folder / "terms.yaml").write_text(TERMS, encoding="utf-8")
    return folder


def test_a_forbidden_variant_and_a_missing_equivalent_are_warnings_at_the_translations_line(content):
    s1 = content / "findings" / "S1.yaml"
    s1.write_text(s1.read_text(encoding="utf-8").replace("from an assessment shared", "from a diagnostic shared"),
                  encoding="utf-8")
    problems = [(p.file, p.line, p.item, p.code, p.severity) for p in check_terms(content, LANGS)]
    assert ("content/findings/S1.yaml", 12, "H1.text", "terms.forbidden", "warning") in problems
    assert ("content/findings/S1.yaml", 16, "H2.text", "terms.missing", "warning") in problems  # context/setting
    forbidden = next(p for p in check_terms(content, LANGS) if p.code == "terms.forbidden")
    assert "'diagnostic'" in forbidden.message and "'assessment'" in forbidden.hint


def test_translators_see_the_terms_of_a_unit_in_its_note(content, tmp_path):
    _, entries = export_entries(content, LANGS, "en")
    path = tmp_path / "en.po"
    path.write_bytes(po_bytes(entries, "es", "en", "x"))
    unit = next(u for u in po.pofile(path.read_bytes()).units if u.getcontext() == "H1.text")
    assert "Terms: diagnóstico → assessment (not: diagnostic)" in unit.getnotes()


def test_the_term_base_goes_out_as_tbx_and_csv(content):
    terms = load_terms(content, LANGS)
    tbx = etree.fromstring(tbx_bytes(terms, LANGS))
    assert [e.get("id") for e in tbx.iter("termEntry")] == ["t1", "t2"]
    statuses = {(t.findtext("term"), t.findtext("termNote")) for t in tbx.iter("tig")}
    assert ("diagnostic", "deprecatedTerm-admn-sts") in statuses and ("assessment", "preferredTerm-admn-sts") in statuses
    rows = list(csv.reader(io.StringIO(csv_bytes(terms, LANGS).decode("utf-8-sig"))))
    assert rows[0] == ["es", "en", "en forbidden", "note"]
    assert rows[1][:3] == ["diagnóstico; diagnósticos", "assessment; diagnosis", "diagnostic"]
    assert rows[2][3].startswith("'=")   # never a live formula in a spreadsheet


def test_a_malformed_term_is_refused_with_its_line(content):
    (content / "terms.yaml").write_text("terms:\n  - term: uno\n  - note: no term\n  - term: x\n    de: y\n",
                                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_terms(content, LANGS)
    assert [(p.line, p.code) for p in caught.value.problems] == [(3, "terms.invalid"), (4, "terms.invalid")]


def test_the_bundled_translation_holds_the_bundled_term_base():
    assert check_terms(ROOT / "content", LANGS) == []
    terms = load_terms(ROOT / "content", LANGS)
    assert {t.term for t in terms} == {"operadores", "MML", "agentes implicados"}
