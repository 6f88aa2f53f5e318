"""`reportgen import` of a PDF and of unsafe or mislabelled sources, end to end with the real CLI;
numbered paragraphs on consecutive lines on a built page.

The PDF is the bundled evaluation printed by Chromium from its text (tests/import_figures.py:
markdown_as_pdf): headings by size, bold and italic runs, tables with rules, footnotes set smaller
(at the end: Chromium has no page-foot notes)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from fidelity import SEED_REPORT
from import_figures import markdown_as_pdf, recovery, seed_markdown, similarity, template_fields, zip_bomb_docx

# Measured on this machine (see docs/import-sources.md); they may only rise.
PDF_FLOORS = {"key findings": 74, "conclusions": 21, "recommendations": 9, "lessons": 2, "good practices": 4}
PDF_SIMILARITY_FLOOR = 0.99
PDF_TEMPLATE_FIELD_FLOOR = 39

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def pdf_project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    pdf = markdown_as_pdf(seed_markdown(SEED_REPORT), folder / "report.pdf")
    out = folder / "imported"
    result = run_cli("import", pdf, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@needs_chromium
@pytest.mark.parametrize("kind", PDF_FLOORS)
def test_pdf_recovery_per_kind(pdf_project, kind):
    recovered, total, problems = recovery(pdf_project)[kind]
    ratio = similarity(pdf_project)[kind]
    assert recovered >= PDF_FLOORS[kind], f"{kind}: {recovered}/{total}\n" + "\n".join(problems)
    assert ratio >= PDF_SIMILARITY_FLOOR, f"{kind}: text similarity {ratio:.4f}"


@needs_chromium
def test_pdf_template_fields_footnotes_and_language(pdf_project):
    recovered, total = template_fields(pdf_project)
    assert recovered >= PDF_TEMPLATE_FIELD_FLOOR, f"{recovered}/{total}"
    report = (pdf_project / "IMPORT.md").read_text(encoding="utf-8")
    assert "languages:\n- es" in (pdf_project / "reportgen.yml").read_text(encoding="utf-8")
    footnotes = int(re.search(r"\| footnotes \| (\d+) \|", report).group(1))
    assert footnotes >= 125, report


def test_zip_bomb_docx_is_refused_in_one_line(tmp_path):
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", megabytes=400)
    started = time.perf_counter()
    result = run_cli("import", bomb, "--out", tmp_path / "out")
    assert time.perf_counter() - started < 15  # the interpreter's start included; the check itself is < 0.5 s
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "zip bomb" in result.stderr
    assert not (tmp_path / "out").exists()


def test_language_that_contradicts_the_text_is_refused(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text("# Conclusiones\n\n1. El proyecto fue pertinente para las instituciones del Perú y para los "
                     "operadores de justicia, con una estrategia que se basó en el diálogo.\n\n# Recomendaciones\n\n"
                     "R1. Mantener la estructura de coordinación entre los ministerios y las regiones, por su "
                     "eficacia en la gestión del proyecto y en la relación con el donante.\n", encoding="utf-8")
    result = run_cli("import", brief, "--out", tmp_path / "out", "--language", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--language en, but the report is written in Spanish (es;" in result.stderr
    assert run_cli("import", brief, "--out", tmp_path / "ok").returncode == 0


@pytest.fixture(scope="module")
def paragraphs_site(tmp_path_factory) -> Path:
    """The mid-term fixture with its numbered paragraphs on consecutive lines, as converted PDFs give them."""
    project = tmp_path_factory.mktemp("paragraphs") / "project"
    shutil.copytree(FIXTURES / "midterm", project)
    narrative = project / "content" / "findings" / "S921.en.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text.replace("monitored.\n\n86.", "monitored.\n86.")
                         .replace("the final survey.\n\n87.", "the final survey.\n\n87."), encoding="utf-8")
    out = project.parent / "site"
    result = run_cli("build", "--project", project, "--out", out, "--no-downloads")
    assert result.returncode == 0, result.stderr
    return out


def test_consecutive_numbered_paragraphs_keep_numbers_and_anchors(paragraphs_site):
    html = (paragraphs_site / "findings" / "S921" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    for number in (85, 86, 87):
        assert f'id="para-{number}">{number}.</span>' in article
    assert '<ol start="85"' not in article and "<ol>\n<li>The theory" not in article
    assert article.count("<li>") == 3  # the real list inside paragraph 86 stays a list


def _png(width: int, height: int, colour: tuple[int, int, int]) -> str:
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for bar, share in enumerate((0.4, 0.7, 0.3, 0.9)):  # a bar chart, as a raster picture
        left = width * (0.05 + bar * 0.24)
        draw.rectangle((left, height * (1 - share), left + width * 0.18, height - 1), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _svg_chart() -> str:
    """A bar chart drawn with lines and shapes (as Word's charts print to PDF), its labels as text."""
    bars = "".join(f'<rect x="{40 + i * 90}" y="{200 - h}" width="60" height="{h}" fill="#2a6"/>'
                   f'<text x="{50 + i * 90}" y="220" font-size="12">Q{i + 1}</text>'
                   f'<text x="{55 + i * 90}" y="{195 - h}" font-size="11">{h}</text>'
                   for i, h in enumerate((80, 140, 60, 170)))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="420" height="230" viewBox="0 0 420 230">'
            '<line x1="30" y1="200" x2="400" y2="200" stroke="#000"/><line x1="30" y1="10" x2="30" y2="200" '
            f'stroke="#000"/>{bars}</svg>')


@needs_chromium
def test_a_pdfs_pictures_are_figures_with_their_captions_and_its_cover_fields_are_read(tmp_path):
    """A picture as large as a figure, or a chart drawn with shapes beside its caption, comes into the
    project where it stands, drawn as the page shows it, its caption as its text (a chart's labels leave
    the text); a banner printed at the same place on every page and a small icon do not."""
    from PIL import Image

    report = (FIXTURES / "import" / "final-en-green-jobs.md").read_text(encoding="utf-8").split("\n\n")
    findings = next(i for i, p in enumerate(report) if p.startswith("#") and "finding" in p.lower())
    report[findings + 2:findings + 2] = [f"![]({_png(600, 300, (30, 90, 160))})",
                                         "Figure 2. Trainees placed in jobs, by region",
                                         f"An icon ![]({_png(24, 24, (0, 0, 0))}) in a line of text.",
                                         "Figure 4. Placements per quarter", _svg_chart(),
                                         "Source: project monitoring data."]
    banner = f'<img src="{_png(800, 200, (200, 30, 30))}" style="position:fixed;top:0;left:0;width:40%">'
    pdf = markdown_as_pdf("\n\n".join(report), tmp_path / "report.pdf", "Report", "img{max-width:70%}",
                          layout=lambda body: banner + body)
    result = run_cli("import", pdf, "--out", tmp_path / "imported")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    content = tmp_path / "imported" / "content"
    assert sorted(p.name for p in (content / "figures").iterdir()) == ["figure-2.png", "figure-4.png"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in content.rglob("*.md"))
    shown = [line.replace("../", "") for line in text.splitlines() if "figures/figure-" in line]
    assert shown == ["![Figure 2. Trainees placed in jobs, by region](figures/figure-2.png)",
                     "![Figure 4. Placements per quarter](figures/figure-4.png)"]
    assert "Source: project monitoring data." in text and not re.search(r"\bQ1\b|\b170\b", text)
    with Image.open(content / "figures" / "figure-2.png") as picture:
        assert picture.width >= 600 and 1.8 < picture.width / picture.height < 2.2
    with Image.open(content / "figures" / "figure-4.png") as chart:
        assert chart.width >= 500 and 1.4 < chart.width / chart.height < 2.2
    # The cover's "Label: value" list, its bullets drawn by Chromium (no bullet in the text): one field a line.
    cover = (content / "evaluation.yaml").read_text(encoding="utf-8")
    assert "code: KEN/21/02/NOR" in cover and \
        'en: Final Independent Evaluation of the Project "Skills for Green Jobs in Coastal Communities"\n' in cover
    assert run_cli("check", "--project", tmp_path / "imported").returncode == 0
