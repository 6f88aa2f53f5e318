"""The whole report as a PDF: the one-page edition printed by Chromium (Playwright).

Chromium keeps in-page links (#R3, #C16, #section-S7) as PDF links, makes the
bookmarks (outline) from the headings and tags the PDF for screen readers.
Every language is printed in one browser launch.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError

# Where Chromium is looked for, in order: REPORTGEN_CHROMIUM, these names on PATH, then Playwright's own.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
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


def chromium_path() -> str | None:
    """The Chromium to print with, or None when there is none."""
    chosen = os.environ.get("REPORTGEN_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return _playwright_chromium()


def _playwright_chromium() -> str | None:
    """The browser `playwright install chromium` downloaded, if any (never downloads one)."""
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except PlaywrightError:
        return None
    return path if path and Path(path).is_file() else None


MISSING_CHROMIUM = ("no Chromium found for the PDF (looked at REPORTGEN_CHROMIUM, then chromium, chromium-browser "
                    "and google-chrome on PATH, then Playwright's browsers); install it (Debian: apt-get install "
                    "chromium, or run scripts/setup.sh) or build with --no-downloads")


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


def print_pdfs(jobs: list[PdfJob], site: Path) -> None:
    """Print every job's page (a file of the built `site`) to its PDF. BuildError when Chromium cannot be used."""
    if not jobs:
        return
    executable = chromium_path()
    if executable is None:
        raise BuildError(MISSING_CHROMIUM)
    for job in jobs:
        if not job.source.is_file():
            raise BuildError(f"cannot make the PDF: the one-page edition {job.source} was not built")
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as exc:
        raise BuildError(f"cannot make the PDF downloads: Playwright is not installed ({exc}); "
                         "run: pip install playwright") from None
    try:
        with _site_server(site) as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
            try:
                for job in jobs:
                    _print_one(browser, job, origin + job.source.relative_to(site).as_posix())
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BuildError(f"cannot make the PDF downloads with {executable}: {first}") from None


@contextlib.contextmanager
def _site_server(site: Path):
    """Serve the built site on a loopback port for the printer: its only source of files."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Links to pages that are not in the one-page edition would be printed as links to the printer's
# private address: keep their words, drop the target (web addresses and in-page anchors stay).
UNLINK_LOCAL = """() => {
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href.startsWith("#") && !/^(https?:|mailto:)/i.test(href)) { a.removeAttribute("href"); }
  }
}"""


def _print_one(browser, job: PdfJob, url: str) -> None:
    context = browser.new_context(locale=job.lang)
    origin = url.split("/", 3)
    origin = "/".join(origin[:3]) + "/"
    # Only the built site may be read: no remote image, no file of the build machine.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else route.abort())
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate(UNLINK_LOCAL)
        page.evaluate("title => { document.title = title; }", job.title)
        job.target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(job.target), format="A4", print_background=True, display_header_footer=True,
                 header_template=header_template(job.header),
                 footer_template=footer_template(job.page_word, job.of_word),
                 margin=MARGIN, **_pdf_options(page))
    finally:
        context.close()
