"""The whole report as a PDF: the one-page edition printed by Chromium (Playwright).

Chromium keeps in-page links (#R3, #C16, #section-S7) as PDF links, makes the
bookmarks (outline) from the headings and tags the PDF for screen readers.
Every language is printed in one browser launch.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError

# Debian's Chromium; REPORTGEN_CHROMIUM points elsewhere (another build, or a test of the error).
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
MARGIN = {"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}
SHORT_TITLE = 70  # characters of the title in the page header


@dataclass
class PdfJob:
    source: Path        # the built one-page edition (print/index.html)
    target: Path        # the PDF to write
    lang: str
    title: str          # the document title (PDF metadata)
    header: str         # evaluation code + short title
    page_word: str      # "Page" / "Página"
    of_word: str        # "of" / "de"


def chromium_path() -> str:
    return os.environ.get("REPORTGEN_CHROMIUM") or CHROMIUM


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:·-–")
    return cut + " …"


def header_template(text: str) -> str:
    return ('<div style="font-size:7.5pt;color:#555;width:100%;margin:0 16mm;padding-top:6mm;'
            'font-family:sans-serif;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">'
            f'{html.escape(text)}</div>')


def footer_template(page_word: str, of_word: str) -> str:
    return ('<div style="font-size:7.5pt;color:#555;width:100%;margin:0 16mm;text-align:center;'
            f'font-family:sans-serif">{html.escape(page_word)} <span class="pageNumber"></span> '
            f'{html.escape(of_word)} <span class="totalPages"></span></div>')


def _pdf_options(page) -> dict:
    """outline/tagged where the installed Playwright knows them (1.42+)."""
    import inspect

    known = inspect.signature(page.pdf).parameters
    return {name: True for name in ("outline", "tagged") if name in known}


def print_pdfs(jobs: list[PdfJob]) -> None:
    """Print every job's page to its PDF. Raises BuildError when Chromium cannot be used."""
    if not jobs:
        return
    executable = chromium_path()
    if not Path(executable).is_file():
        raise BuildError(f"cannot make the PDF downloads: Chromium not found at {executable} "
                         "(install Debian's chromium: run scripts/setup.sh, or set REPORTGEN_CHROMIUM)")
    for job in jobs:
        if not job.source.is_file():
            raise BuildError(f"cannot make the PDF: the one-page edition {job.source} was not built")
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as exc:
        raise BuildError(f"cannot make the PDF downloads: Playwright is not installed ({exc}); "
                         "run: pip install playwright") from None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
            try:
                for job in jobs:
                    _print_one(browser, job)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BuildError(f"cannot make the PDF downloads with {executable}: {first}") from None


def _print_one(browser, job: PdfJob) -> None:
    context = browser.new_context(locale=job.lang)
    try:
        page = context.new_page()
        page.goto(job.source.resolve().as_uri(), wait_until="load")
        page.evaluate("title => { document.title = title; }", job.title)
        job.target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(job.target), format="A4", print_background=True, display_header_footer=True,
                 header_template=header_template(job.header),
                 footer_template=footer_template(job.page_word, job.of_word),
                 margin=MARGIN, **_pdf_options(page))
    finally:
        context.close()
