"""One report in twelve house styles (tests/import_styles.py), as text and as .docx: the import
recovers at least 98 % of the items with their IDs, the recommendation fields and the ILO
templates, in every style, and from that .docx printed to PDF by LibreOffice (its tables without
rules, as pandoc's table style prints them: the PDF reader finds them from their columns); from
that PDF's text (pdftotext -layout), most of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_styles import MODEL, STYLES, as_docx, expected, render, template_text  # noqa: E402

from conftest import run_cli  # noqa: E402
from reportgen.importer import import_report  # noqa: E402

MIN_RECOVERY = 0.98
TEMPLATE_FIRST_FIELD = {"lessons": "description", "good_practices": "summary"}


def _collection(project: Path, name: str) -> dict[str, dict]:
    found = {}
    for path in (project / "content").rglob("*.yaml"):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(name) or []:
            found[item["id"]] = item
    return found


def recovered(project: Path, style: dict) -> tuple[int, int, list[str]]:
    """(items recovered with their ID and fields, items expected, what is missing or wrong)."""
    good, total, wrong = 0, 0, []
    for name, ids in expected(style).items():
        have = _collection(project, name)
        for number, ident in enumerate(ids, start=1):
            total += 1
            problem = _problem(name, have.get(ident), number, style)
            if problem:
                wrong.append(f"{name} {ident}: {problem}")
            else:
                good += 1
    evaluation = yaml.safe_load((project / "content" / "evaluation.yaml").read_text(encoding="utf-8"))["evaluation"]
    for name, want in (("code", MODEL["code"]), ("title", {style["lang"]: MODEL["title"]})):
        total += 1
        good += evaluation.get(name) == want
        if evaluation.get(name) != want:
            wrong.append(f"cover {name}: {evaluation.get(name)!r}")
    return good, total, wrong


def _problem(name: str, item: dict | None, number: int, style: dict) -> str:
    lang = style["lang"]
    if item is None:
        return "not imported"
    if name == "recommendations":
        # A style without fields must give none: nothing is invented.
        want = MODEL["recommendations"][number - 1] if style["fields"] != "none" else {}
        got = {f: item.get(f) for f in ("priority", "resources", "timeframe")}
        if got != {f: want.get(f) for f in got}:
            return f"fields {got}"
        if ("addressee_text" in item) != bool(want):
            return f"addressees {item.get('addressee_text')}"
    if name in TEMPLATE_FIRST_FIELD:
        kind = "lesson" if name == "lessons" else "good_practice"
        first = ((item.get("template") or {}).get(TEMPLATE_FIRST_FIELD[name]) or {}).get(lang)
        if first != template_text(kind, number, 0):
            return f"template {first!r}"
        titles = MODEL["lessons" if kind == "lesson" else "good_practices"]
        if item["title"][lang].lower() != titles[number - 1].lower():  # a style may lower-case headings
            return f"title {item['title'][lang]!r}"
    if name == "sections" and not item.get("part"):
        return "no part"
    return ""


@pytest.fixture(scope="module")
def imports(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every style imported from its text, its .docx and that .docx printed to PDF by LibreOffice
    (made once for the module; one LibreOffice run prints them all)."""
    projects = {}
    printed = tmp_path_factory.mktemp("printed")
    for style in STYLES:
        folder = tmp_path_factory.mktemp(style["name"])
        text = folder / "report.md"
        text.write_text(render(style), encoding="utf-8")
        projects[(style["name"], "text")] = import_report(text, folder / "text", style["lang"]).out
        docx = as_docx(render(style), printed / f"{style['name']}.docx")
        projects[(style["name"], "docx")] = import_report(docx, folder / "docx", style["lang"]).out
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{printed}/profile", "--convert-to", "pdf",
                    "--outdir", str(printed), *sorted(str(p) for p in printed.glob("*.docx"))],
                   check=True, capture_output=True, timeout=900)
    for style in STYLES:
        pdf = printed / f"{style['name']}.pdf"
        projects[(style["name"], "pdf")] = import_report(pdf, pdf.parent / f"{style['name']}-pdf", style["lang"]).out
        text = pdf.with_suffix(".txt")  # the PDF's text, as an office holds an old report
        subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True, capture_output=True, timeout=120)
        projects[(style["name"], "pdf-text")] = import_report(text, pdf.parent / f"{style['name']}-pdf-text",
                                                             style["lang"]).out
    return projects


def test_every_style_checks(imports):
    """Whatever the style, the imported project passes `reportgen check` (warnings are the guesses)."""
    failed = []
    for (name, form), project in imports.items():
        result = run_cli("check", "--project", project)
        if result.returncode != 0 or "Traceback" in result.stderr:
            failed.append(f"{name} ({form}): {result.stderr[-500:]}")
    assert not failed, "\n".join(failed)


def test_at_least_twelve_styles_in_three_languages():
    assert len(STYLES) >= 12 and {s["lang"] for s in STYLES} == {"en", "es", "fr"}
    assert len({s["name"] for s in STYLES}) == len(STYLES)


@pytest.mark.parametrize("form", ["text", "docx"])
@pytest.mark.parametrize("style", STYLES, ids=[s["name"] for s in STYLES])
def test_every_style_recovers_the_items(imports, style, form):
    good, total, wrong = recovered(imports[(style["name"], form)], style)
    assert good / total >= MIN_RECOVERY, f"{style['name']} ({form}): {good}/{total}\n" + "\n".join(wrong)


@pytest.mark.parametrize("style", STYLES, ids=[s["name"] for s in STYLES])
def test_every_style_recovers_the_items_from_its_pdf(imports, style):
    good, total, wrong = recovered(imports[(style["name"], "pdf")], style)
    assert good / total >= MIN_RECOVERY, f"{style['name']} (pdf): {good}/{total}\n" + "\n".join(wrong)


def test_the_pdfs_of_all_styles_recover_most_items(imports):
    counts = [recovered(imports[(style["name"], "pdf")], style)[:2] for style in STYLES]
    good, total = sum(c[0] for c in counts), sum(c[1] for c in counts)
    print(f"\nPDF of {len(STYLES)} styles: {good}/{total} items")
    assert good / total >= MIN_RECOVERY, f"{good}/{total}"


# The text of each style's PDF (pdftotext -layout) has no bold, no heading marks, and tables in columns
# of spaces (a header cell set in another font a few characters off its column, a table cut by a page
# break with its header printed again), items run together in one paragraph, an ILO template's title
# set on two lines above a label as wide as its column, a label printed on the line where the previous
# item's text ends ("… its plans. Emerging good practice 2: …"). All 336 come back (216, then 331 before
# the templates and three-word labels were read); the floors leave room for another machine's fonts.
MIN_TEXT_RECOVERY_PER_STYLE = 0.95   # 23 of 24
MIN_TEXT_RECOVERY = 0.99


def test_the_pdf_texts_of_all_styles_recover_most_items(imports):
    counts = {style["name"]: recovered(imports[(style["name"], "pdf-text")], style) for style in STYLES}
    good, total = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    print(f"\nText of the PDF of {len(STYLES)} styles: {good}/{total} items")
    low = {name: f"{c[0]}/{c[1]}: {c[2]}" for name, c in counts.items() if c[0] / c[1] < MIN_TEXT_RECOVERY_PER_STYLE}
    assert good / total >= MIN_TEXT_RECOVERY and not low, f"{good}/{total}; below the floor: {low}"
