"""`reportgen export docx` and the site's Word download, end to end.

The bundled evaluation in both languages and both editions, and a `reportgen new` project, are
exported once per module with the real CLI; LibreOffice (headless) converts them to PDF: a file
Word or LibreOffice would have to repair does not convert, or loses its headings. Skipped, with
the reason, only where `soffice` is not installed (scripts/setup.sh installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from docx import Document

from conftest import ROOT, run_cli
from reportgen.review.incoming import bookmark_name
from reportgen.review.wordmap import draft_map_of

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NEEDS_SOFFICE = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                   "apt-get install libreoffice-writer-nogui (scripts/setup.sh does)")


def to_pdf(files, out):
    """Convert with headless LibreOffice, in a profile of its own (other runs may be using theirs)."""
    profile = out / "lo-profile"
    result = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), *map(str, files)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {f.stem: out / f"{f.stem}.pdf" for f in files}


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx")
    files, timings, outputs = {}, {}, {}
    for name, args in (("draft-es", []), ("draft-en", ["--language", "en"]), ("report-es", ["--edition", "public"])):
        start = time.perf_counter()
        result = run_cli("export", "docx", "--project", ROOT, "-o", out / f"{name}.docx", *args)
        timings[name] = time.perf_counter() - start
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        files[name], outputs[name] = out / f"{name}.docx", result.stdout
    starter = out / "starter"
    assert run_cli("new", starter, "--languages", "fr,en").returncode == 0
    result = run_cli("export", "docx", "-o", out / "starter-fr.docx", cwd=starter)
    assert result.returncode == 0, result.stderr
    files["starter-fr"] = out / "starter-fr.docx"
    return {"out": out, "files": files, "timings": timings, "stdout": outputs}


def test_export_says_what_it_wrote(exported):
    line = exported["stdout"]["draft-es"]
    assert "draft for comments (es, review edition)" in line and "footnotes" in line and "paragraph" in line
    assert "report (es, public edition)" in exported["stdout"]["report-es"]


def test_documents_read_back_with_their_identity_and_headings(exported):
    for name, path in exported["files"].items():
        document = Document(str(path))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert len(headings) >= 5, name
        draft = draft_map_of(path)
        assert draft is not None and draft.identity.identifier() == document.core_properties.identifier
    es = draft_map_of(exported["files"]["draft-es"])
    assert es.identity.evaluation == "PER/17/51/USA" and es.identity.round == "final-draft"
    assert {bookmark_name(i) for i in ("H1", "H74", "C21", "R9", "LA2", "BP4", "S22")} <= set(es.bookmarks.entries)
    public = draft_map_of(exported["files"]["report-es"])
    assert public.identity.edition == "public" and public.identity.round is None
    assert len(public.bookmarks.entries) < len(es.bookmarks.entries)  # the internal annex is left out


def test_bundled_export_takes_seconds(exported):
    # One language of the bundled evaluation (load, check, write): 3-4 s here.
    assert max(exported["timings"].values()) < 60, exported["timings"]


@NEEDS_SOFFICE
def test_libreoffice_opens_every_document(exported, tmp_path):
    pdfs = to_pdf(list(exported["files"].values()), tmp_path)
    for name, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice did not convert {name}"
    assert pdf_pages(pdfs["draft-es"]) > 100 and pdf_pages(pdfs["draft-en"]) > 100
    assert pdf_pages(pdfs["starter-fr"]) >= 2
    spanish = pdf_text(pdfs["draft-es"])
    for heading in ("Resumen ejecutivo", "Hallazgos clave", "Conclusiones", "Recomendaciones", "Lecciones aprendidas"):
        assert heading in spanish, heading
    english = pdf_text(pdfs["draft-en"])
    assert "Executive summary" in english and "Key findings" in english
    assert "Conclusions" in pdf_text(pdfs["starter-fr"]) or "Conclusions" in pdf_text(pdfs["starter-fr"]).title()


def test_the_site_offers_the_draft_in_each_language(built_site):
    for prefix, lang in (("", "es"), ("en/", "en")):
        path = built_site / prefix / "downloads" / f"draft-{lang}.docx"
        assert path.is_file() and path.stat().st_size > 50_000
        assert draft_map_of(path).identity.language == lang
        page = (built_site / prefix / "downloads" / "index.html").read_text(encoding="utf-8")
        assert f"downloads/draft-{lang}.docx" in page or f"draft-{lang}.docx" in page
