"""Word files as teams write them (tests/import_wordreal.py): each variant adds one family of real
Word features to the report of tests/import_styles.py, and its import must equal the import of
the same report as a plain .docx, kind by kind, compared by tests/roundtrip.py: every item back
with its ID, text similarity >= 0.98, no item more, and no word of what is not the report
(deleted revisions, comments, headers and footers, table-of-contents entries); the project
passes `check`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import run_cli  # noqa: E402
from import_wordreal import CAPTIONS, CHART_TITLE, FIGURE, MARKERS, VARIANTS, _png, build, reference, style_of  # noqa: E402
from roundtrip import compare, details, entries, table  # noqa: E402
from test_import_styles import recovered  # noqa: E402

from reportgen.importer import import_report  # noqa: E402
from reportgen.importer.errors import SourceError  # noqa: E402

MIN_RECOVERY = 0.98
MIN_SIMILARITY = 0.98
IDS = [v["name"] for v in VARIANTS]


@pytest.fixture(scope="module")
def imports(tmp_path_factory) -> dict[str, tuple[Path, Path] | str]:
    """Every variant and its reference imported once: {name: (reference project, variant project)},
    or the import's error message (that variant's tests fail with it, the others run)."""
    projects: dict[str, tuple[Path, Path] | str] = {}
    for variant in VARIANTS:
        folder = tmp_path_factory.mktemp(variant["name"])
        lang = style_of(variant["style"])["lang"]
        plain = import_report(reference(variant, folder), folder / "reference", lang).out
        try:
            projects[variant["name"]] = (plain, import_report(build(variant, folder), folder / "variant", lang).out)
        except SourceError as error:
            projects[variant["name"]] = str(error)
    return projects


def _projects(imports, variant: dict) -> tuple[Path, Path]:
    found = imports[variant["name"]]
    if isinstance(found, str):
        pytest.fail(f"{variant['name']}: the import refused the Word file: {found}")
    return found


def test_at_least_ten_variants_of_distinct_features():
    assert len(VARIANTS) >= 10 and len(set(IDS)) == len(IDS)
    features = {name for v in VARIANTS for name, _ in v["features"]}
    assert len(features) >= 10 and {style_of(v["style"])["lang"] for v in VARIANTS} == {"en", "es", "fr"}


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_variant_imports_as_its_plain_word_file(imports, variant):
    plain, real = _projects(imports, variant)
    results = compare(plain, real)
    failing = [r.kind for r in results if r.total and (r.recovered / r.total < MIN_RECOVERY or r.minimum < MIN_SIMILARITY)]
    assert not failing, f"{variant['name']}: {failing}\n{table(results)}\n{details(results)}"
    lang = style_of(variant["style"])["lang"]
    want, have = entries(plain), entries(real, lang)
    extra = {kind: sorted(set(have[kind]) - set(want[kind])) for kind in have if set(have[kind]) - set(want[kind])}
    assert not extra, f"{variant['name']}: items the plain file does not give: {extra}"
    assert _links(real) == _links(plain)  # the comparison's plain text has no link targets: compared here
    # one character in a table cell weighs little in a similarity: the symbols are counted
    assert _symbols(real) == _symbols(plain)


def _symbols(project: Path) -> dict[str, int]:
    """How many of each symbol (check marks, boxes, bullets) the project's files hold."""
    from collections import Counter

    return dict(Counter(c for path in _texts(project) for c in path.read_text(encoding="utf-8") if c in "\u2713\u2717\u2610\u2611\u2612\u25cf\u25a0\u25a1\u25aa"))


def _texts(project: Path) -> list[Path]:
    """The project's text files (not its figures' pictures)."""
    return [path for path in (project / "content").rglob("*") if path.suffix in (".md", ".yaml")]


def _links(project: Path) -> list[str]:
    """Every web address the project's files hold, in order of file and place."""
    return [url for path in sorted(_texts(project)) for url in re.findall(r"https?://[^\s)>\]\"']+", path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_variant_recovers_the_model(imports, variant):
    """The report's own items and IDs (as tests/test_import_styles.py counts them), not just the reference's."""
    good, total, wrong = recovered(_projects(imports, variant)[1], style_of(variant["style"]))
    assert good / total >= MIN_RECOVERY, f"{variant['name']}: {good}/{total}\n" + "\n".join(wrong)


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_nothing_that_is_not_the_report_is_imported(imports, variant):
    """Deleted revisions, moved-away text, comments, headers and footers: in no file of the project."""
    project = _projects(imports, variant)[1]
    leaked = [f"{path.relative_to(project)}: {marker}" for path in project.rglob("*") if path.is_file()
              for marker in MARKERS.values() if marker in path.read_text(encoding="utf-8", errors="replace")]
    assert not leaked, leaked


def _figure_variant() -> dict:
    return next(v for v in VARIANTS if v.get("figures"))


FIGURE_VARIANTS = [v for v in VARIANTS if v.get("figures")]


@pytest.mark.parametrize("variant", FIGURE_VARIANTS, ids=[v["name"] for v in FIGURE_VARIANTS])
def test_a_figure_is_imported_with_its_caption(imports, variant):
    """The Word figure is a file of the content folder, shown where it stood with its caption as alt text
    (the plain file's import and the real-Word variant's alike); IMPORT.md counts it, and leaves nothing out."""
    caption = CAPTIONS[style_of(variant["style"])["lang"]][0]
    for project in _projects(imports, variant):
        picture = project / "content" / "figures" / "figure-1.png"
        assert picture.read_bytes() == _png(60, 30)
        shown = [path.name for path in (project / "content").rglob("*.md")
                 if f"![{caption}](../figures/figure-1.png)" in path.read_text(encoding="utf-8")]
        assert len(shown) == 1, shown
        text = (project / "IMPORT.md").read_text(encoding="utf-8")
        assert "| figures (pictures) | 1 |" in text and "an image" not in text


CHART_VARIANTS = [v for v in VARIANTS if v.get("chart")]


@pytest.mark.parametrize("variant", CHART_VARIANTS, ids=[v["name"] for v in CHART_VARIANTS])
def test_a_chart_object_is_a_chart_over_its_data(imports, variant):
    """Word's chart (a chart part, its embedded workbook) is read as the plain file's printed data is:
    a `charts` item over a `tables` item with the categories' column named from the workbook."""
    import yaml

    for project in _projects(imports, variant):
        content = yaml.safe_load((project / "content" / "tables.yaml").read_text(encoding="utf-8"))
        chart = content["charts"][0]
        table = next(t for t in content["tables"] if t["id"] == chart["table"])
        assert (chart["label_column"], chart["value_columns"]) == ("year", ["men", "women"])
        assert chart["title"] == {style_of(variant["style"])["lang"]: CHART_TITLE}
        assert [c["id"] for c in table["columns"]] == ["year", "men", "women"] and len(table["rows"]) == 3


@pytest.fixture(scope="module")
def figure_site(imports) -> Path:
    """The figure variant's imported project, built once with its downloads (the PDF)."""
    project = _projects(imports, _figure_variant())[1]
    result = run_cli("build", "--project", project)
    assert result.returncode == 0, result.stderr[-2000:]
    # every page finds the picture where the build put it (MkDocs warns of a link to no file)
    assert "not found among documentation files" not in result.stdout + result.stderr, result.stderr[-2000:]
    return project / "site"


LOADED = """() => [...document.querySelectorAll("img")].filter(i => !i.src.includes("/assets/"))
                   .map(i => [i.alt, i.complete && i.naturalWidth])"""


def test_the_figure_shows_on_the_built_pages(figure_site, browser):
    from conftest import serve_folder

    server = serve_folder(figure_site)
    page = browser.new_page()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        shown = {}
        for address in ("findings/S9.1.1/", "print/"):
            assert page.goto(base + address).ok
            page.wait_for_load_state("load")
            shown[address] = page.evaluate(LOADED)
    finally:
        page.close()
        server.shutdown()
    assert shown == {address: [[FIGURE, 60]] for address in shown}, shown


def test_the_figure_is_in_the_pdf(figure_site):
    from pypdf import PdfReader

    pdfs = sorted(figure_site.rglob("*.pdf"))
    assert pdfs, "the build made no PDF"
    images = [image for pdf in pdfs for page in PdfReader(pdf).pages for image in page.images]
    assert any(image.image.size == (60, 30) for image in images), [(i.name, i.image.size) for i in images]


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_variant_project_checks(imports, variant):
    result = run_cli("check", "--project", _projects(imports, variant)[1])
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]


def test_markers_are_in_the_word_files(tmp_path):
    """The marker test can fail: the words it looks for are really in the Word files it reads."""
    import zipfile

    found = set()
    for variant in VARIANTS:
        with zipfile.ZipFile(build(variant, tmp_path)) as archive:
            data = b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))
        found |= {m for m in MARKERS.values() if m.encode() in data}
    assert found == set(MARKERS.values())
