"""The whole report as a PDF: the one-page edition printed by Chromium (Playwright).

Chromium keeps in-page links (#R3, #C16, #section-S7) as PDF links, makes the
bookmarks (outline) from the headings and tags the PDF for screen readers.
The running header, the page numbers and the review edition's draft mark are
CSS page-margin boxes of the page itself (main.html, reportgen.css), so a page
printed from the browser carries them too, and the cover carries none.

Before printing, a script arranges the page as a printed report: each chapter's
footnotes become numbered notes under a heading at the chapter's end (Chromium
has no CSS `float: footnote`), a list of the tables and figures follows the
contents, and links to pages outside the edition keep their words only.

The contents get their page numbers without printing the document twice.
Chromium has no CSS `target-counter()`, and WeasyPrint (which has) would lay out
the Material page differently from the browser people read it in. So: print
once with a fixed-width box after every contents entry (holding a stand-in
digit), read the page of each heading from the PDF's named destinations
(pypdf), write the numbers into the boxes and print again with every chapter
hidden: only the cover and the contents pages, in a fraction of a second. Those
pages replace the first print's (an incremental update, `pdfpatch.py`) after a
check that nothing on them moved (same text at the same places, within half a
point, same tagged structure, same page count); if anything did, the whole
document is printed again as before. The same update writes the bookmarks with the headings' own
words (Chromium runs the words of a wrapped heading together) and the
document's information (author, subject, keywords).

Both languages print at once, each in its own browser context of one browser. `reportgen build`
starts that browser (a `Printer`: Playwright's driver, Chromium, a context and a blank page per
language) while MkDocs builds the site, so the PDF step starts with it ready.
The printed page loads no Material script (NOT_PRINTED): they serve the screen,
and the search worker would index the whole site while the page prints. Each
job's `steps` holds the seconds of each step (benchmarks/bench.py prints them).
A PDF whose inputs (the page and every file it loads, its texts, this code, the
browser) did not change since the last build is taken from the previous site:
a fingerprint file beside each PDF records them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import html.parser
import http.server
import io
import json
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, TypedDict
from urllib.parse import unquote, urlsplit

from ..errors import BuildError
from ..render.text import short_title  # noqa: F401  (kept importable from here)

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page, Route
    from pypdf import PageObject, PdfReader
    from pypdf.generic import DictionaryObject

    from .pdfpatch import Patch

# Where Chromium is looked for, in order: REPORTGEN_CHROMIUM, these names on PATH, then Playwright's own.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
MAX_PASSES = 3
TOC_LINKS = "#print-contents + ul a[href^='#'], #print-figures + ul a[href^='#']"
FINGERPRINT_SUFFIX = ".fingerprint"
# A caption that names a table or figure by its number ("Tabla 3.", "Figure 2:"), in the shipped languages.
CAPTION_WORDS = ("Tabla|Cuadro|Gráfico|Figura|Ilustración|Mapa|Table|Figure|Chart|Graph|Map|Tableau|Graphique|"
                 "Carte|Encadré")

# The page as a printed report (see the module text). Returns the headings' words, in order.
PREPARE = r"""([texts, captionWords]) => {
  // Open, as Material's script (not loaded here: NOT_PRINTED) opens them for print.
  for (const details of document.querySelectorAll(".md-content details")) { details.open = true; }
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href.startsWith("#") && !/^(https?:|mailto:)/i.test(href)) { a.removeAttribute("href"); }
  }
  document.title = texts.title;
  // Footnotes: each chapter's under a heading at its end, with the numbers the text shows.
  const notes = document.querySelector(".footnote");
  if (notes) {
    const items = new Map(Array.from(notes.querySelectorAll("ol > li[id]"), li => [li.id, li]));
    for (const chapter of document.querySelectorAll(".rg-chapter")) {
      const list = document.createElement("ol");
      for (const ref of chapter.querySelectorAll("a.footnote-ref[href^='#']")) {
        const item = items.get(decodeURIComponent(ref.hash.slice(1)));
        if (!item || item.parentNode === list || item.closest(".rg-notes")) { continue; }
        const number = parseInt(ref.textContent, 10);
        if (number > 0) { item.value = number; }
        list.appendChild(item);
      }
      if (!list.children.length) { continue; }
      const block = document.createElement("div");
      block.className = "rg-notes";
      const heading = document.createElement("h3");
      heading.textContent = texts.notes;
      block.append(heading, list);
      chapter.appendChild(block);
    }
    if (!notes.querySelector("li")) { notes.remove(); }
  }
  // The tables and figures, by their captions, listed after the contents.
  const numbered = new RegExp("^(" + captionWords + ")\\s+[0-9IVXLC]+\\b");
  const captions = [];
  for (const el of document.querySelectorAll(".rg-chapter :is(caption, figcaption, p)")) {
    const words = el.textContent.replace(/\s+/g, " ").trim();
    const isCaption = el.tagName !== "P"
      || (numbered.test(words) && el.matches(":has(+ table, + .md-typeset__scrollwrap, + .rg-scroll, + .rg-table-box, + figure)"));
    if (!isCaption || !words || captions.some(c => c.words === words)) { continue; }
    const target = el.closest("figure[id]") || el.closest("table[id]") || el;
    if (!target.id) { target.id = "rg-caption-" + (captions.length + 1); }
    captions.push({id: target.id, words});
  }
  const contents = document.querySelector("#print-contents + ul");
  if (captions.length && contents) {
    const heading = document.createElement("h2");
    heading.id = "print-figures";
    heading.className = "rg-print-toc";
    heading.textContent = texts.figures;
    const list = document.createElement("ul");
    for (const c of captions) {
      const item = document.createElement("li"), link = document.createElement("a");
      link.href = "#" + encodeURIComponent(c.id);
      link.textContent = c.words;
      item.appendChild(link);
      list.appendChild(item);
    }
    contents.after(heading, list);
  }
  const words = [];
  for (const h of document.querySelectorAll(".md-content :is(h1, h2, h3, h4, h5, h6)")) {
    const copy = h.cloneNode(true);
    for (const link of copy.querySelectorAll(".headerlink")) { link.remove(); }
    words.push(copy.textContent.replace(/\s+/g, " ").trim());
  }
  return words;
}"""
# Every table as wide as its column at most: its text smaller step by step (not below 7 px), and
# if that is not enough, its words broken anywhere. Run with the page laid out as on paper (print
# media, the A4 text width): Chromium would otherwise shrink every page to the widest table.
FIT_TABLES = """() => {
  let fitted = 0;
  for (const table of document.querySelectorAll(".md-content table")) {
    const room = table.parentElement.clientWidth;
    if (!room || table.getBoundingClientRect().width <= room + 0.5) { continue; }
    fitted += 1;
    let size = parseFloat(getComputedStyle(table).fontSize);
    while (table.getBoundingClientRect().width > room + 0.5 && size > 7) {
      size -= 0.5;
      table.style.fontSize = size + "px";
    }
    if (table.getBoundingClientRect().width > room + 0.5) { table.classList.add("rg-fit-anywhere"); }
  }
  return fitted;
}"""
TEXT_WIDTH_PX = 673  # A4 less the page's side margins (reportgen.css @page: 210 - 2 × 16 mm), in CSS px
# A fixed-width page-number box after every contents entry, holding a stand-in digit (so the
# tagged structure of the first print is that of the second); returns the entries' anchors.
ADD_PAGE_BOXES = """selector => {
  for (const link of document.querySelectorAll(selector)) {
    const box = document.createElement("span");
    box.className = "rg-toc-page";
    box.textContent = "0";
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
# The second print: the cover and contents only, their margins counting the first print's pages.
ONLY_FRONT_PAGES = """total => {
  for (const el of document.querySelectorAll(".rg-chapter, .footnote")) { el.style.display = "none"; }
  for (const style of document.querySelectorAll("style")) {
    if (style.textContent.includes("counter(pages)")) {
      style.textContent = style.textContent.replaceAll("counter(pages)", JSON.stringify(String(total)));
    }
  }
}"""
SHOW_ALL = """total => {
  for (const el of document.querySelectorAll(".rg-chapter, .footnote")) { el.style.display = ""; }
  for (const style of document.querySelectorAll("style")) {
    style.textContent = style.textContent.replaceAll(JSON.stringify(String(total)), "counter(pages)");
  }
}"""


@dataclass
class PdfJob:
    source: Path        # the built one-page edition (print/index.html)
    target: Path        # the PDF to write
    lang: str
    title: str          # the document title (PDF metadata)
    author: str = ""
    subject: str = ""
    keywords: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # {"notes": heading of a chapter's notes, "figures": …}
    epoch: int = 0      # the content's date: the PDF's creation date
    steps: dict[str, float] = field(default_factory=dict)  # {step: seconds} of its printing (benchmarks/bench.py)

    def described(self) -> dict[str, object]:
        return {"title": self.title, "author": self.author, "subject": self.subject, "keywords": self.keywords,
                "lang": self.lang, "texts": self.texts, "epoch": self.epoch}


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


class _PdfOptions(TypedDict, total=False):
    outline: bool
    tagged: bool


def _pdf_options(page: Page) -> _PdfOptions:
    """outline/tagged where the installed Playwright knows them (1.42+)."""
    import inspect

    known = inspect.signature(page.pdf).parameters
    options: _PdfOptions = {}
    if "outline" in known:
        options["outline"] = True
    if "tagged" in known:
        options["tagged"] = True
    return options


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """{anchor: 1-based page} of every named destination (Chromium names them after the link targets)."""
    from pypdf import PdfReader

    return _anchor_pages(PdfReader(io.BytesIO(pdf)))


def _anchor_pages(reader: PdfReader) -> dict[str, int]:
    pages: dict[str, int] = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            pages[str(name).lstrip("/")] = number + 1
    return pages


# --- skipping a PDF whose inputs did not change ---------------------------------------------------

def fingerprint_path(pdf: Path) -> Path:
    return pdf.with_name("." + pdf.name + FINGERPRINT_SUFFIX)


class _References(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.found.append(value)


def _local_files(page: Path, site: Path) -> list[Path]:
    """The files of the site that the page loads (stylesheets, scripts, images) and theirs (CSS url())."""
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    todo = [(page.parent, ref) for ref in parser.found]
    seen: dict[Path, None] = {}
    while todo:
        base, ref = todo.pop()
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or not parts.path or ref.startswith("#"):
            continue
        path = (site / unquote(parts.path).lstrip("/")) if parts.path.startswith("/") else base / unquote(parts.path)
        try:
            path = path.resolve()
        except OSError:
            continue
        if path in seen or not path.is_file() or not path.is_relative_to(site.resolve()) or path.suffix == ".html":
            continue
        seen[path] = None
        if path.suffix == ".css":
            for found in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8", errors="replace")):
                todo.append((path.parent, found))
    return sorted(seen)


@functools.lru_cache(maxsize=1)
def _code_hash() -> str:
    """This package's printing code: a change to it prints again."""
    from .. import __version__

    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in ("pdf.py", "pdfpatch.py", "reproducible.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def pdf_fingerprint(job: PdfJob, site: Path, executable: str) -> str:
    """What the PDF is made from: its page and every file the page loads, its texts, this code, the browser."""
    digest = hashlib.sha256(_code_hash().encode())
    try:
        browser = os.stat(executable)
        digest.update(f"{executable}\0{browser.st_size}\0{browser.st_mtime_ns}\0".encode())
    except OSError:
        digest.update(executable.encode())
    digest.update(json.dumps(job.described(), sort_keys=True, ensure_ascii=False).encode())
    root = site.resolve()
    for path in [job.source.resolve(), *_local_files(job.source, site)]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def reuse_previous(job: PdfJob, print_: str, previous: Path | None) -> bool:
    """Copy the last build's PDF when it was made from the same inputs (`print_`: their fingerprint)."""
    if previous is None or not previous.is_file():
        return False
    recorded = fingerprint_path(previous)
    try:
        if recorded.read_text(encoding="utf-8").strip() != print_:
            return False
    except OSError:
        return False
    job.target.parent.mkdir(parents=True, exist_ok=True)
    try:  # the same file (never changed in place: a build writes new files); a copy across file systems
        os.link(previous, job.target)
    except OSError:
        shutil.copyfile(previous, job.target)
    fingerprint_path(job.target).write_text(print_ + "\n", encoding="utf-8")
    return True


# --- printing -------------------------------------------------------------------------------------

def print_pdfs(jobs: list[PdfJob], site: Path, chromium: str | None = None,
               previous: dict[str, Path] | None = None, printer: Printer | None = None) -> list[PdfJob]:
    """Print every job's page (a file of the built `site`) to its PDF; return the jobs printed.

    `previous`: {language: the last build's PDF}; a job whose fingerprint equals the one recorded
    beside that PDF copies it instead of printing. `printer`: a browser started earlier (its owner
    closes it); otherwise one is started here. BuildError when Chromium cannot be used.
    """
    if not jobs:
        return []
    executable = chromium_path(chromium)
    if executable is None:
        raise BuildError(MISSING_CHROMIUM)
    for job in jobs:
        if not job.source.is_file():
            raise BuildError(f"cannot make the PDF: the one-page edition {job.source} was not built")
    fingerprints = {job.lang: pdf_fingerprint(job, site, executable) for job in jobs}
    todo = [job for job in jobs if not reuse_previous(job, fingerprints[job.lang], (previous or {}).get(job.lang))]
    if not todo:
        return []
    with contextlib.ExitStack() as stack:
        if printer is None or printer.executable != executable:
            printer = stack.enter_context(Printer(executable, [job.lang for job in todo]))
        with _site_server(site) as origin:
            printer.print(todo, origin, site)
    for job in todo:
        fingerprint_path(job.target).write_text(fingerprints[job.lang] + "\n", encoding="utf-8")
    return todo


@dataclass
class _Tab:
    """A language's browser context and blank page, laid out as paper (print media, the text width)."""
    context: BrowserContext
    page: Page


class Printer:
    """Chromium, started ahead of the pages it will print: `reportgen build` starts it while MkDocs
    builds the site, so that the PDF step begins with the browser, and a context and a blank page per
    language, ready (about a second at 1.3 s of CPU: Playwright's driver, the browser, a renderer per
    language). Its own thread runs the event loop, so it serves any caller (one with an event loop of
    its own too: a test session driving a browser). Closed by `close`, or as a context manager.
    """

    def __init__(self, executable: str, langs: list[str]):
        self.executable = executable
        self.seconds = 0.0  # how long the start took (in the background)
        self._browser: Browser | None = None
        self._tabs: dict[str, asyncio.Future[_Tab]] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="reportgen-printer", daemon=True)
        self._thread.start()
        self._started = asyncio.run_coroutine_threadsafe(self._start(langs), self._loop)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _start(self, langs: list[str]) -> None:
        from playwright.async_api import async_playwright

        start = time.perf_counter()
        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(executable_path=self.executable, args=ARGS)
        self._tabs = {lang: asyncio.ensure_future(self._new_tab(lang)) for lang in langs}
        await asyncio.gather(*self._tabs.values())
        self.seconds = time.perf_counter() - start

    async def _new_tab(self, lang: str) -> _Tab:
        assert self._browser is not None
        context = await self._browser.new_context(locale=lang)
        page = await context.new_page()
        await page.set_viewport_size({"width": TEXT_WIDTH_PX, "height": 1000})
        await page.emulate_media(media="print")
        return _Tab(context, page)

    def print(self, jobs: list[PdfJob], origin: str, site: Path) -> None:
        """Print the jobs (both languages at once), their pages served at `origin` from `site`.
        BuildError when Playwright or Chromium cannot be used."""
        try:
            from playwright.async_api import Error as PlaywrightError
        except ImportError as exc:
            raise BuildError(f"cannot make the PDF downloads: Playwright is not installed ({exc}); "
                             "run: pip install playwright") from None
        try:
            asyncio.run_coroutine_threadsafe(self._print_all(jobs, origin, site), self._loop).result()
        except Exception as exc:
            # Playwright's errors, and any of its start (a driver that ended: "Connection closed …")
            if not isinstance(exc, PlaywrightError) and not (self._started.done() and self._started.exception()):
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BuildError(f"cannot make the PDF downloads with {self.executable}: {first}") from None

    async def _print_all(self, jobs: list[PdfJob], origin: str, site: Path) -> None:
        start = time.perf_counter()
        await asyncio.wrap_future(self._started)
        for job in jobs:  # shared by the jobs: each waited for it (nothing when it started during the site build)
            job.steps["Playwright and Chromium started"] = time.perf_counter() - start
        await asyncio.gather(*(self._print_one(job, origin + job.source.relative_to(site).as_posix())
                               for job in jobs))

    async def _print_one(self, job: PdfJob, url: str) -> None:
        step = _Steps(job)
        ready = await (self._tabs.pop(job.lang, None) or self._new_tab(job.lang))  # a tab prints once
        step("browser context")
        try:
            await _print_page(ready.context, ready.page, job, url, step)
        finally:
            await ready.context.close()

    def close(self) -> None:
        """Close the browser and end the thread (whatever the start came to: its error was the printing's)."""
        if self._loop.is_closed():
            return
        # What is left to fail now (a driver ended by the terminal's Ctrl-C) was the printing's: said already.
        self._loop.set_exception_handler(lambda loop, context: None)
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _stop(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(self._started)
        for tab in self._tabs.values():
            tab.cancel()
        if self._browser is not None:
            with contextlib.suppress(Exception):
                await self._browser.close()
        if getattr(self, "_playwright", None) is not None:
            with contextlib.suppress(Exception):
                await self._playwright.stop()


@contextlib.contextmanager
def _site_server(site: Path) -> Iterator[str]:
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
    def log_message(self, format: str, *args: Any) -> None:
        pass


# Files of the site the printed page has no use for: Material's scripts (the reading aids of a
# screen: its bundle, and the search worker that loads and indexes the whole site's search index
# while the page prints; all it changes in the printed page is to open the <details>, which
# PREPARE does), source maps, the tab icon. Ours (reportgen.js, the review's comments) still run.
NOT_PRINTED = re.compile(r"/assets/javascripts/|\.map$|/favicon\.[a-z]+$")


class _Steps:
    """Seconds of each step of one job's printing, into job.steps (benchmarks/bench.py shows them)."""

    def __init__(self, job: PdfJob) -> None:
        self.job, self.last = job, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.job.steps[name] = self.job.steps.get(name, 0.0) + now - self.last
        self.last = now


async def _print_page(context: BrowserContext, page: Page, job: PdfJob, url: str, step: _Steps) -> None:
    """Print the page at `url` into job.target (see the module text), in the context's blank page."""
    from pypdf import PdfReader

    from .pdfpatch import Patch

    origin = "/".join(url.split("/", 3)[:3]) + "/"

    # Only the built site may be read: no remote image, no file of the build machine.
    async def only_the_site(route: Route) -> None:
        wanted = route.request.url
        await (route.continue_() if wanted.startswith(origin) and not NOT_PRINTED.search(urlsplit(wanted).path)
               else route.abort())
    await context.route("**/*", only_the_site)
    await page.goto(url, wait_until="load")
    step("page load")
    headings = await page.evaluate(PREPARE, [{"title": job.title, **job.texts}, CAPTION_WORDS])
    await page.evaluate(FIT_TABLES)
    anchors = await page.evaluate(ADD_PAGE_BOXES, TOC_LINKS)
    step("in-page scripts")
    first = await _print(page)
    step("print, whole")
    # pypdf's work in a thread: the event loop meanwhile serves the other language's browser.
    reader = await asyncio.to_thread(PdfReader, io.BytesIO(first))
    found = await asyncio.to_thread(_anchor_pages, reader)
    numbers = {anchor: found.get(anchor) for anchor in anchors}
    step("headings' pages (pypdf)")
    await page.evaluate(SET_PAGE_NUMBERS, [TOC_LINKS, numbers])
    front = min([n for n in numbers.values() if n] or [1]) - 1  # the pages before the first chapter
    total = len(reader.pages)
    patch = Patch(first, reader) if not anchors else None  # no contents: the first print is the PDF
    if anchors and front >= 1:
        await page.evaluate(ONLY_FRONT_PAGES, total)
        # The first print's front pages read while Chromium prints them again (pypdf in a thread).
        drawn = asyncio.ensure_future(asyncio.to_thread(_front_pages, reader, front))
        pages = PdfReader(io.BytesIO(await _print(page)))
        step("print, contents pages")
        patch = await asyncio.to_thread(_spliced, first, reader, pages, await drawn)
        step("contents pages compared and spliced")
        if patch is None:
            await page.evaluate(SHOW_ALL, total)
    if patch is None:  # something moved: the whole document again, until the numbers hold
        patch = Patch(await _print_until_settled(page, job, anchors, numbers))
        step("print, whole again (contents moved)")
    data = await asyncio.to_thread(_finished, patch, headings, job)
    job.target.parent.mkdir(parents=True, exist_ok=True)
    job.target.write_bytes(data)
    step("bookmarks, information, written")


async def _print_until_settled(page: Page, job: PdfJob, anchors: list[str], numbers: dict[str, int | None]) -> bytes:
    for _ in range(MAX_PASSES):
        pdf = await _print(page)
        found = anchor_pages(pdf)
        wanted = {anchor: found.get(anchor) for anchor in anchors}
        if wanted == numbers:
            return pdf
        numbers = wanted
        await page.evaluate(SET_PAGE_NUMBERS, [TOC_LINKS, numbers])
    raise BuildError(f"the contents' page numbers of {job.target.name} did not settle in "
                     f"{MAX_PASSES} prints (a page break moves when the numbers are written in)")


async def _print(page: Page) -> bytes:
    """A4 with the page's own margins and margin boxes (CSS @page), backgrounds kept."""
    return await page.pdf(format="A4", print_background=True, prefer_css_page_size=True, **_pdf_options(page))


# --- the second print spliced into the first ------------------------------------------------------

_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)")
# Where a page's texts are drawn and its marked content, in order (_layout).
PageLayout = tuple[list[tuple[float, float, str]], list[tuple[bytes, bytes]]]


def _layout(page: PageObject) -> PageLayout:
    """Where each text (but page numbers) is drawn, and the tagged structure's marked content, in order."""
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        words = " ".join(re.sub(r"[0-9]+", " ", text).split())  # the numbers may change, and be cut apart
        if words:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, words))
    page.extract_text(visitor_text=visit)
    return runs, _MARKED.findall(_drawing(page))


# How far (pt) a text may be from its place in the first print and still count as not moved. Chromium
# scales a print whose content is a hair wider than the page (0.74998 instead of 0.75 pt per CSS px),
# and the short second print is not: the same line then starts 0.01 pt further right. A moved line
# moves by a line (10 pt and more) or a word.
SAME_PLACE_PT = 0.5


def _drawing(page: PageObject) -> bytes:
    """The page's content stream, decoded."""
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


# The first print's front pages: each one's content stream and layout.
FrontPages = list[tuple[bytes, PageLayout]]


def _front_pages(whole: PdfReader, count: int) -> FrontPages:
    return [(_drawing(whole.pages[i]), _layout(whole.pages[i])) for i in range(count)]


def _same_layout(first: FrontPages, front: PdfReader) -> bool:
    """The second print's pages are the first's front pages, with only the page numbers changed (a page
    drawn the same to the byte, the cover, is not read again)."""
    if len(front.pages) != len(first):
        return False
    return all(drawing == _drawing(front.pages[i]) or _same_page(layout, _layout(front.pages[i]))
               for i, (drawing, layout) in enumerate(first))


def _same_page(first: PageLayout, second: PageLayout) -> bool:
    """The same words at the same places (within SAME_PLACE_PT), the same marked content in order."""
    (runs, marked), (other_runs, other_marked) = first, second
    return marked == other_marked and len(runs) == len(other_runs) and all(
        words == other_words and abs(x - other_x) <= SAME_PLACE_PT and abs(y - other_y) <= SAME_PLACE_PT
        for (x, y, words), (other_x, other_y, other_words) in zip(runs, other_runs))


def _spliced(first: bytes, reader: PdfReader, front: PdfReader, drawn: FrontPages) -> Patch | None:
    """The first print with its front pages (`drawn`) drawn by the second's (a Patch), or None when they moved."""
    from .pdfpatch import Patch

    if not _same_layout(drawn, front):
        return None
    patch = Patch(first, reader)
    # A page drawn the same to the byte (the cover) is left as the first print has it.
    _splice(patch, front, [i for i, (drawing, _) in enumerate(drawn) if drawing != _drawing(front.pages[i])])
    return patch


def _finished(patch: Patch, headings: list[str], job: PdfJob) -> bytes:
    """The PDF's bytes: bookmarks titled with the headings' words, the document information."""
    _fix_outline(patch, headings)
    return patch.write(_information(patch, job))


def _splice(patch: Patch, front: PdfReader, pages: list[int]) -> None:
    """These pages draw the second print's contents (their links and tags stay the first's)."""
    from pypdf.generic import DictionaryObject, NameObject

    for i in pages:
        page = patch.reader.pages[i]
        new = front.pages[i]
        spliced = DictionaryObject(page)
        spliced[NameObject("/Contents")] = patch.import_object(front, new.raw_get("/Contents"))
        spliced[NameObject("/Resources")] = patch.import_object(front, new.raw_get("/Resources"))
        assert page.indirect_reference is not None   # (a page read from a file is an indirect object)
        patch.replace(page.indirect_reference, spliced)


def _squeezed(text: str) -> str:
    """The words without spaces, in any case (Chromium's titles are the rendered text: h5 is upper case)."""
    return "".join(text.split()).casefold()


def _fix_outline(patch: Patch, headings: list[str]) -> None:
    """Each bookmark titled with its heading's words (Chromium joins a wrapped heading's lines without a space)."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    root = patch.reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)   # (the catalog: pypdf refuses a file without one)
    if "/Outlines" not in root:
        return
    at = 0
    outlines = root["/Outlines"]
    assert isinstance(outlines, DictionaryObject)
    stack = [outlines.raw_get("/First")] if "/First" in outlines else []
    while stack:
        ref = stack.pop()
        item = ref.get_object()
        if "/Next" in item:
            stack.append(item.raw_get("/Next"))
        if "/First" in item:
            stack.append(item.raw_get("/First"))  # children before the next sibling: document order
        title = str(item.get("/Title", ""))
        key = _squeezed(title)
        for ahead in range(at, min(at + 25, len(headings))):
            if _squeezed(headings[ahead]) == key:
                at = ahead + 1
                if headings[ahead] != title:
                    fixed = DictionaryObject(item)
                    fixed[NameObject("/Title")] = TextStringObject(headings[ahead])
                    patch.replace(ref, fixed)
                break


def _information(patch: Patch, job: PdfJob) -> DictionaryObject:
    """The document information dictionary: the browser's, with the report's title, author, subject, keywords."""
    import time

    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    info = DictionaryObject()
    old = patch.reader.trailer.get("/Info")
    if old is not None:
        for key, value in old.get_object().items():
            info[NameObject(key)] = value
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(job.epoch))
    for key, value in (("/Title", job.title), ("/Author", job.author), ("/Subject", job.subject),
                       ("/Keywords", job.keywords), ("/CreationDate", stamp), ("/ModDate", stamp)):
        if value:
            info[NameObject(key)] = TextStringObject(value)
    return info
