"""The downloads of the built bundled evaluation: PDF, JSON, CSV/XLSX, ILO templates (DOCX).

Uses the session's real `reportgen build` (which prints the PDFs with Debian's
Chromium) and reads the files back with poppler (pdfinfo, pdftotext), pypdf,
csv, openpyxl and python-docx.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT

LANGS = ("es", "en")
FINDINGS = [f"H{i}" for i in range(1, 75)]
CONCLUSIONS = [f"C{i}" for i in range(1, 22)]
LESSONS = ["LA1", "LA2"]
GOOD_PRACTICES = [f"BP{i}" for i in range(1, 5)]
RECOMMENDATIONS = [f"R{i}" for i in range(1, 10)]
# The report's order: findings, conclusions, lessons learned, good practices, recommendations.
REPORT_ORDER = FINDINGS + CONCLUSIONS + LESSONS + GOOD_PRACTICES + RECOMMENDATIONS
WORDS = {
    "es": {"yes": ["Hallazgos clave", "Conclusiones", "Lecciones aprendidas", "Recomendaciones", "Página 2 de"],
           "no": ["Key findings", "Lessons learned", "Page 2 of"]},
    "en": {"yes": ["Key findings", "Conclusions", "Lessons learned", "Recommendations", "Page 2 of"],
           "no": ["Hallazgos clave", "Lecciones aprendidas", "Página 2 de"]},
}
RESPONSE_KEYS = ("response", "actions", "unit", "timeframe", "status")
LINKED_LESSONS = 12  # the one recommendation column that may be empty (no lesson linked)


def strings(lang: str) -> dict:
    return yaml.safe_load((ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def downloads(site: Path, lang: str) -> Path:
    return site / ("downloads" if lang == "es" else f"{lang}/downloads")


def pdf_path(site: Path, lang: str) -> Path:
    return downloads(site, lang) / f"report-{lang}.pdf"


def pdftotext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture(scope="session")
def bundled():
    """The bundled content's model (to compare the files with)."""
    from reportgen.project import Project, check

    return check(Project(ROOT)).content


# --- files ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_download_exists_in_both_languages(built_site, bundled, lang):
    folder = downloads(built_site, lang)
    names = {f"report-{lang}.pdf", "evaluation.json", f"recommendations-{lang}.csv",
             f"recommendations-{lang}.xlsx", f"lessons-good-practices-{lang}.csv"}
    names |= {f"templates/{item.id}-{lang}.docx" for item in [*bundled.lessons, *bundled.good_practices]}
    missing = sorted(name for name in names if not (folder / name).is_file())
    assert not missing, f"missing in {folder}: {missing}"
    assert {f"templates/{i}-{lang}.docx" for i in LESSONS + GOOD_PRACTICES} <= names
    for name in names:
        assert (folder / name).stat().st_size > 0, name


def test_json_is_the_export(built_site):
    for lang in LANGS:
        data = json.loads((downloads(built_site, lang) / "evaluation.json").read_text(encoding="utf-8"))
        assert data["format"] == "reportgen/1"
        ids = {item["id"] for item in data["items"]}
        assert set(REPORT_ORDER) <= ids


# --- PDF --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_pdf_opens_with_a_sane_page_count(built_site, lang):
    info = subprocess.run(["pdfinfo", str(pdf_path(built_site, lang))], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    print(f"report-{lang}.pdf: {pages} pages, {pdf_path(built_site, lang).stat().st_size // 1024} KiB")
    assert 60 <= pages <= 400, pages
    assert "A4" in fields["Page size"]
    assert fields["Tagged"].strip() == "yes"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_has_every_item_in_report_order_and_language(built_site, lang):
    text = pdftotext(pdf_path(built_site, lang))
    lines = [line.strip() for line in text.splitlines()]
    # Each item's own heading: "H12" / "C16" alone on a line, "R4. Title", "LA1. Title", "BP2. Title".
    position = -1
    for item_id in REPORT_ORDER:
        pattern = re.compile(rf"{re.escape(item_id)}(\.\s.*)?")
        found = next((i for i in range(position + 1, len(lines)) if pattern.fullmatch(lines[i])), None)
        assert found is not None, f"{item_id}: no heading after line {position} (missing or out of order)"
        position = found
    for word in WORDS[lang]["yes"]:
        assert word in text, f"{word!r} not in the {lang} PDF"
    for word in WORDS[lang]["no"]:
        assert word not in text, f"{word!r} (other language) in the {lang} PDF"
    assert "PER/17/51/USA" in pdftotext(pdf_path(built_site, lang), page=5)  # the running header


def _links_to(reader, name: str) -> list[int]:
    """Pages holding a link annotation whose destination is the named destination `name`."""
    pages = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if str(dest) in (name, f"/{name}"):
                pages.append(number)
    return pages


def _outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        else:
            titles.append(str(entry.title))
    return titles


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_link_to_a_conclusion_lands_on_its_page(built_site, lang):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf_path(built_site, lang)))
    sources = _links_to(reader, "C16")
    assert sources, "no link to #C16 in the PDF"
    destinations = reader.named_destinations
    target = destinations.get("/C16") or destinations.get("C16")
    assert target is not None, "no named destination C16"
    page = reader.get_destination_page_number(target)
    lines = [line.strip() for line in pdftotext(pdf_path(built_site, lang), page=page + 1).splitlines()]
    assert "C16" in lines, f"C16's destination is page {page + 1}, which does not show C16's heading"
    assert any(source != page for source in sources), "every link to C16 is on C16's own page"
    # Internal links in general: many, and every one resolves.
    links = sum(1 for p in reader.pages for a in p.get("/Annots") or []
                if a.get_object().get("/Subtype") == "/Link")
    assert links > 300, links
    titles = _outline_titles(reader.outline)  # bookmarks, made from the headings
    assert "C16" in titles and any(t.startswith("R4") for t in titles), titles[:20]


# --- recommendations: CSV and XLSX ---------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_recommendations_csv(built_site, bundled, lang):
    s = strings(lang)
    d = s["download_texts"]
    rows = read_csv(downloads(built_site, lang) / f"recommendations-{lang}.csv")
    header, body = rows[0], rows[1:]
    assert len(body) == 9
    response = [d["response_columns"][k] for k in RESPONSE_KEYS]
    assert header[-5:] == response
    assert header[:14] == list(d["recommendation_columns"].values())
    assert [row[0] for row in body] == RECOMMENDATIONS
    by_id = {r.id: r for r in bundled.recommendations}
    for row in body:
        assert len(row) == len(header)
        filled = dict(zip(header, row))
        fields = row[:14]
        # Every recommendation field is filled, except links it does not have.
        rec = by_id[row[0]]
        optional = {LINKED_LESSONS} if not (rec.lessons or rec.good_practices) else set()
        assert all(value.strip() for i, value in enumerate(fields) if i not in optional), row
        assert all(value == "" for value in row[-5:]), "management-response columns must be empty"
        assert filled[d["recommendation_columns"]["priority"]] == s["priorities"][rec.priority]
        assert filled[d["recommendation_columns"]["timeframe"]] == s["timeframes"][rec.timeframe]
        assert filled[d["recommendation_columns"]["conclusions"]] == ", ".join(rec.conclusions)
        assert "**" not in filled[d["recommendation_columns"]["text"]]  # plain text
        url = filled[d["recommendation_columns"]["url"]]
        assert url == f"../recommendations/#{rec.id}"
        page = (downloads(built_site, lang) / url.split("#")[0] / "index.html").resolve()
        assert f'id="{rec.id}"' in page.read_text(encoding="utf-8")
    addressees = [dict(zip(header, row))[d["recommendation_columns"]["addressees"]] for row in body]
    assert any("; " in a for a in addressees)
    if lang == "en":
        assert any("ILO" in a for a in addressees) and not any("OIT" in a.split("; ") for a in addressees)


@pytest.mark.parametrize("lang", LANGS)
def test_recommendations_xlsx(built_site, lang):
    openpyxl = pytest.importorskip("openpyxl")
    d = strings(lang)["download_texts"]
    book = openpyxl.load_workbook(downloads(built_site, lang) / f"recommendations-{lang}.xlsx")
    sheet = book.active
    assert sheet.title == d["recommendations_sheet"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 10
    header = list(rows[0])
    csv_rows = read_csv(downloads(built_site, lang) / f"recommendations-{lang}.csv")
    assert header == csv_rows[0]
    assert [row[0] for row in rows[1:]] == RECOMMENDATIONS
    for row in rows[1:]:
        assert all(value in (None, "") for value in row[-5:])
        assert all(value not in (None, "") for i, value in enumerate(row[:14]) if i != LINKED_LESSONS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes in ("A2", "B2")
    assert sheet["C2"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    column = header.index(d["response_columns"]["response"]) + 1
    letter = openpyxl.utils.get_column_letter(column)
    validations = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert validations, "no list validation"
    covered = " ".join(str(v.sqref) for v in validations)
    assert f"{letter}2" in covered
    for value in d["response_values"]:
        assert value in validations[0].formula1


# --- lessons and good practices ---------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_lessons_good_practices_csv(built_site, bundled, lang):
    s = strings(lang)
    rows = read_csv(downloads(built_site, lang) / f"lessons-good-practices-{lang}.csv")
    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == LESSONS + GOOD_PRACTICES
    for label in [*s["lesson_fields"].values(), *s["gp_fields"].values()]:
        assert any(label in column for column in header), label
    assert {row[1] for row in body} == {s["lesson"], s["good_practice"]}
    for row in body:
        assert len(row) == len(header) and all(row[:4]), row[:4]
    la1 = dict(zip(header, body[0]))
    description = next(c for c in header if s["lesson_fields"]["description"] in c)
    assert la1[description].strip()


# --- ILO templates (Word) ------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_ilo_templates_docx(built_site, bundled, lang):
    docx = pytest.importorskip("docx")
    s = strings(lang)
    d = s["download_texts"]
    items = [(i, "lesson") for i in bundled.lessons] + [(i, "gp") for i in bundled.good_practices]
    saw_bold = False
    for item, kind in items:
        document = docx.Document(str(downloads(built_site, lang) / "templates" / f"{item.id}-{lang}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        assert (d["lesson_template_title"] if kind == "lesson" else d["gp_template_title"]) in text
        assert "PER/17/51/USA" in text and s["evaluator_name"] in text and s["date"] in text
        assert (s["lesson_template_intro"] if kind == "lesson" else s["gp_template_intro"]) in text
        assert len(document.tables) == 1
        table = document.tables[0]
        labels = s["lesson_fields"] if kind == "lesson" else s["gp_fields"]
        assert len(table.rows) == 1 + len(labels)
        head = [cell.text for cell in table.rows[0].cells]
        assert head[0] == (s["lesson_template_heading"] if kind == "lesson" else s["gp_template_heading"])
        assert head[1].startswith(f"{item.id}. ")
        for row, (name, label) in zip(table.rows[1:], labels.items()):
            assert row.cells[0].text == label
            source = getattr(item.template, name).get(lang) or getattr(item.template, name).get("es") or ""
            cell = row.cells[1].text
            if source.strip():
                assert cell.strip(), f"{item.id}.{name} is empty in the Word file"
                assert "**" not in cell
            else:
                assert cell == "", f"{item.id}.{name}: the empty field must stay an empty row"
            if "**" in source:
                saw_bold |= any(run.bold for p in row.cells[1].paragraphs for run in p.runs)
    assert saw_bold, "Markdown **bold** did not become bold runs"


# --- failure without Chromium ------------------------------------------------------------------

def _build_without_chromium(tmp_path, *extra):
    env = dict(os.environ, REPORTGEN_CHROMIUM=str(tmp_path / "no-chromium"))
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", ROOT, "--content",
                             FIXTURES / "sample", "--out", out, *extra], capture_output=True, text=True, env=env,
                            timeout=600)
    assert "Traceback" not in result.stderr
    return result, out


def test_missing_chromium_skips_only_the_pdf_with_a_warning(tmp_path):
    result, out = _build_without_chromium(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: PDF skipped: no Chromium found" in result.stderr
    assert "apt-get install chromium" in result.stderr and "--no-downloads" in result.stderr
    for lang in ("es", "en"):
        folder = out / ("" if lang == "es" else "en/") / "downloads"
        assert (folder / "evaluation.json").is_file() and (folder / f"recommendations-{lang}.xlsx").is_file()
        assert not (folder / f"report-{lang}.pdf").exists()
    for page in out.rglob("*.html"):  # no page links to the PDF that was not made
        assert "downloads/report-" not in page.read_text(encoding="utf-8"), page


def test_missing_chromium_is_an_error_with_strict(tmp_path):
    result, out = _build_without_chromium(tmp_path, "--strict")
    assert result.returncode == 1, result.stderr
    assert "no Chromium found" in result.stderr and "--strict" in result.stderr
    assert not out.exists()
