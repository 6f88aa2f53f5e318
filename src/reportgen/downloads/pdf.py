"""The whole report as a PDF: the one-page edition printed by Chromium (Playwright).

Chromium keeps in-page links (#R3, #C16, #section-S7) as PDF links, makes the
bookmarks (outline) from the headings and tags the PDF for screen readers.
The running header, the page numbers and the review edition's draft mark are
CSS page-margin boxes of the page itself (main.html, reportgen.css), so a page
printed from the browser carries them too, and the cover carries none.

The contents list gets page numbers in two passes. Chromium has no CSS
`target-counter()`, and WeasyPrint (which has) would lay out the Material page
differently from the browser people read it in. So: print once with a
fixed-width placeholder after every contents entry, read the page of each
heading from the PDF's named destinations (pypdf), write the numbers into the
placeholders and print again. The placeholders keep their width, so the second
print breaks pages where the first did; the numbers are checked against the
second print, and a third pass runs if they moved.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..render.text import short_title  # noqa: F401  (kept importable from here)

# Where Chromium is looked for, in order: REPORTGEN_CHROMIUM, these names on PATH, then Playwright's own.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
MAX_PASSES = 3
TOC_LINKS = "#print-contents + ul a[href^='#']"

# Adds an empty, fixed-width page-number box to every contents entry (see the module text).
ADD_PAGE_BOXES = """selector => {
  for (const link of document.querySelectorAll(selector)) {
    const box = document.createElement("span");
    box.className = "rg-toc-page";
    box.textContent = "";
    link.appendChild(box);
  }
  return Array.from(document.querySelectorAll(selector), a => decodeURIComponent(a.hash.slice(1)));
}"""
SET_PAGE_NUMBERS = """([selector, numbers]) => {
  for (const link of document.querySelectorAll(selector)) {
    const n = numbers[decodeURIComponent(link.hash.slice(1))];
    link.querySelector(".rg-toc-page").textContent = n ? String(n) : "";
  }
}"""


@dataclass
class PdfJob:
    source: Path        # the built one-page edition (print/index.html)
    target: Path        # the PDF to write
    lang: str
    title: str          # the document title (PDF metadata)


def chromium_path(chosen: str | None = None) -> str | None:
    """The Chromium to print with (`chosen` by the caller: REPORTGEN_CHROMIUM), or None when there is none."""
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


def _pdf_options(page) -> dict:
    """outline/tagged where the installed Playwright knows them (1.42+)."""
    import inspect

    known = inspect.signature(page.pdf).parameters
    return {name: True for name in ("outline", "tagged") if name in known}


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """{anchor: 1-based page} of every named destination (Chromium names them after the link targets)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            pages[str(name).lstrip("/")] = number + 1
    return pages


def print_pdfs(jobs: list[PdfJob], site: Path, chromium: str | None = None) -> None:
    """Print every job's page (a file of the built `site`) to its PDF. BuildError when Chromium cannot be used."""
    if not jobs:
        return
    executable = chromium_path(chromium)
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
    origin = "/".join(url.split("/", 3)[:3]) + "/"
    # Only the built site may be read: no remote image, no file of the build machine.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else route.abort())
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate(UNLINK_LOCAL)
        page.evaluate("title => { document.title = title; }", job.title)
        anchors = page.evaluate(ADD_PAGE_BOXES, TOC_LINKS)
        pdf, numbers = _print(page), dict[str, int | None]()
        for _ in range(MAX_PASSES):
            found = anchor_pages(pdf)
            wanted = {anchor: found.get(anchor) for anchor in anchors}
            if wanted == numbers:
                break
            numbers = wanted
            page.evaluate(SET_PAGE_NUMBERS, [TOC_LINKS, numbers])
            pdf = _print(page)
        else:
            raise BuildError(f"the contents' page numbers of {job.target.name} did not settle in "
                             f"{MAX_PASSES} prints (a page break moves when the numbers are written in)")
        job.target.parent.mkdir(parents=True, exist_ok=True)
        job.target.write_bytes(pdf)
    finally:
        context.close()


def _print(page) -> bytes:
    """A4 with the page's own margins and margin boxes (CSS @page), backgrounds kept."""
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, **_pdf_options(page))
