"""Live preview: build, serve on localhost, rebuild on every edit, reload the browser.

The watcher polls the stamps of exactly what the last build read (`inputs.Inputs`:
content, reportgen.yml, mkdocs.yml, templates, interface texts, the theme folder,
and the places where a new file would be read), taken before each was read: no
extra dependency, works on every file system, and an edit saved during a build
starts the next one. After an edit of the content, the open page is shown first and
then only the pages that changed are rendered again, in place (with the search
index and the sitemap); anything else is a full build. A build that fails keeps
the last good preview on screen and shows the problems in a banner on the page and
in the terminal; warnings new since the previous build are printed in the terminal.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import http.server
import ipaddress
import socket
import json
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .errors import BuildError, ContentError
from .inputs import Inputs
from .problem_codes import UNTRANSLATED
from .site import BuildResult, PreviewLanguage, render_page_now, same_frame

if TYPE_CHECKING:
    from .errors import Problem
    from .project import Prepared, Project

POLL_SECONDS = 0.1
OPEN_SECONDS = 5.0  # a page whose reload script asked within this time is open in a browser
# Files whose change needs no reload of the pages (read when searched for, or by search engines).
NO_RELOAD = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")
# The script every preview page carries: it tells the server which page is open (the page in view is
# rendered first after a save) and reloads the page when that page, or what every page uses, changed.
RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  function poll() {
    fetch("/__reportgen/status?page=" + encodeURIComponent(location.pathname), {cache: "no-store"})
    .then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.page !== seen) { location.reload(); return; }
      seen = s.page;
      var box = document.getElementById("rg-live-errors");
      if (s.errors.length) {
        if (!box) { box = document.createElement("pre"); box.id = "rg-live-errors";
          box.style.cssText = "position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;margin:0;"
            + "padding:1em;background:#8a1c1c;color:#fff;z-index:1000;font-size:12px;white-space:pre-wrap";
          document.body.appendChild(box); }
        box.textContent = "reportgen: the last edit does not build\\n\\n" + s.errors.join("\\n");
      } else if (box) { box.remove(); }
    }).catch(function () {}).finally(function () { setTimeout(poll, 150); });
  }
  poll();
})();
</script>"""


class PreviewState:
    def __init__(self) -> None:
        self.build = 0
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.reused: dict[str, int] = {}
        self.lock = threading.Lock()
        # The last good build's languages, to render a page again alone (empty after a failed build).
        self.languages: dict[str, PreviewLanguage] = {}
        self.open: dict[str, float] = {}      # served page ("/en/findings/S7/") -> when its script last asked
        self.hashes: dict[str, str] = {}      # every file of the served site -> its sha256
        self.versions: dict[str, int] = {}    # HTML file -> times it changed (a page reloads when its own does)
        self.everything = 0                   # times a file every page uses changed (every page reloads)
        self.shown: dict[str, str] = {}       # the last save: HTML file -> sha256, of pages rendered first
        # The last save, updated in place: the pages rendered again per language (None: a full build).
        self.updated: dict[str, int] | None = None

    def as_json(self, page: str | None = None) -> bytes:
        with self.lock:
            status = {"build": self.build, "errors": self.errors, "warnings": self.warnings}
            if page is not None:
                self.open[page] = time.monotonic()
                status["page"] = f"{self.everything}.{self.versions.get(html_file(page), 0)}"
            return json.dumps(status).encode()

    def open_pages(self) -> list[str]:
        """The pages open in a browser now, the most recently asking first."""
        now = time.monotonic()
        with self.lock:
            return [page for page, seen in sorted(self.open.items(), key=lambda item: -item[1])
                    if now - seen < OPEN_SECONDS]


def html_file(page: str) -> str:
    """The served site's HTML file of a page's address ("/en/findings/S7/" -> "en/findings/S7/index.html")."""
    path = urllib.parse.unquote(page).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def rebuild(project: Project, out: Path, state: PreviewState, changed: list[str] | None = None) -> Inputs:
    """Build the preview once; returns what the build read (to watch), also when it failed.

    `changed`: what changed since the last build (`Inputs.changed()`). When only the content changed, the
    pages open in a browser are rendered and shown first (`show_open_pages`), then the rest of the preview
    renders only the pages that changed, and the search index and sitemap (`update_in_place`); anything
    else, or what that cannot do, is a full build, as the first."""
    inputs = Inputs()
    try:
        state.shown = {}
        if changed and content_only(project, state, changed):
            if update_in_place(project, out, state, inputs):
                return inputs
            inputs = Inputs()  # the full build records what it reads afresh
        _build_once(project, out, state, inputs)
    finally:
        release_free_memory()
    return inputs


def content_only(project: Project, state: PreviewState, changed: list[str]) -> bool:
    """Whether a save changed the content alone, with a good build on screen: a change to the configuration
    (reportgen.yml, mkdocs.yml), the templates or the interface texts changes what every page is made of,
    and the full build shows it."""
    return bool(state.languages) and all(Path(path).is_relative_to(project.content_dir) for path in changed)


def update_in_place(project: Project, out: Path, state: PreviewState, inputs: Inputs) -> bool:
    """After an edit of the content: the open pages first, then only the pages that changed, in every
    language, and what is made of every page (search index, sitemap), written into the served site with the
    MkDocs objects the languages' workers kept. False when a full build is needed (the content has an
    error, the navigation, a title, the set of pages or the texts every page shows changed)."""
    from .project import preview_prepare, update_preview

    start = time.perf_counter()
    prepared = preview_prepare(project, inputs)
    if prepared is None:  # the content has an error: the full build shows it
        return False
    show_open_pages(prepared, out, state)
    try:
        update = update_preview(prepared, state.languages, out)
    except Exception as exc:  # noqa: BLE001 - the full build that follows shows any problem
        print(f"reportgen serve: not updated in place ({type(exc).__name__}: {exc})", file=sys.stderr)
        update = None
    if update is None:
        with state.lock:
            state.languages = {}  # a worker may have refused midway: its kept objects are not the site's
        return False
    for name in update.written:
        _note_written(out, state, name, shown=False)
    checked = prepared.checked
    with state.lock:
        state.updated = update.pages
    _done(state, checked.report.warnings + checked.report.notes, update.warnings, update.languages)
    print(f"reportgen serve: updated in {time.perf_counter() - start:.2f} s "
          f"({', '.join(f'{k}: {v} pages' for k, v in update.pages.items())} rendered again"
          f"{f'; {len(state.warnings)} warning(s)' if state.warnings else ''})", flush=True)
    return True


def show_open_pages(prepared: Prepared, out: Path, state: PreviewState) -> list[str]:
    """Render the pages open in a browser first, each alone, and write them into the served site; the
    browser reloads them at once. Returns the HTML files written.

    A page is rendered alone only when the rest of its language is as the last build made it (the same
    pages, navigation, names and texts): its Markdown, as a build now renders it, is compared with the
    last build's, and only a page whose Markdown changed is rendered (by its language's worker, with the
    MkDocs configuration, files, navigation and theme the last build left there)."""
    start = time.perf_counter()
    wanted: dict[str, list[str]] = {}
    for page in state.open_pages():
        found = _page_of(state.languages, page)
        if found is not None and found[1] not in wanted.get(found[0], []):
            wanted.setdefault(found[0], []).append(found[1])
    if not wanted:
        return []
    try:
        builds, _ = prepared.render(only=wanted)
    except BuildError:  # a template error: the full build shows it
        return []
    written = []
    for build in builds:
        last = state.languages[build.lang]
        if not same_frame(last.build, build) or sorted(prepared.paths(build.lang)) != sorted(last.build.pages):
            continue
        for path in wanted[build.lang]:
            markdown = build.pages.get(path)
            if markdown is None or markdown == last.build.pages[path]:
                continue
            try:
                html = render_page_now(last, path, markdown, out, prepared.epoch)
            except Exception as exc:  # noqa: BLE001 - the full build that follows shows any problem
                print(f"reportgen serve: {path} not rendered alone ({type(exc).__name__}: {exc})", file=sys.stderr)
                html = None
            if html is not None:
                _note_written(out, state, html)
                written.append(html)
    if written:
        print(f"reportgen serve: shown in {time.perf_counter() - start:.2f} s: {', '.join(written)}", flush=True)
    return written


def _page_of(languages: dict[str, PreviewLanguage], page: str) -> tuple[str, str] | None:
    """(language, Markdown path) of a served page's address, by the languages' roots (longest first)."""
    path = urllib.parse.unquote(page).lstrip("/")
    for lang, language in sorted(languages.items(), key=lambda item: -len(item[1].build.prefix)):
        prefix = language.build.prefix
        if path.startswith(prefix):
            address = path[len(prefix):]
            address = address.removesuffix("index.html") if address.endswith("/index.html") or \
                address == "index.html" else address
            source = language.urls.get(address)
            return None if source is None else (lang, source)
    return None


def _note_written(out: Path, state: PreviewState, name: str, shown: bool = True) -> None:
    """A file written into the served site outside a full build: a page whose bytes changed reloads (a file
    every page uses never changes so); `shown`: a page rendered first, alone."""
    digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
    with state.lock:
        if state.hashes.get(name) != digest:
            state.hashes[name] = digest
            if name.endswith(".html"):
                state.versions[name] = state.versions.get(name, 0) + 1
        if shown:
            state.shown[name] = digest


def _note_site(out: Path, state: PreviewState) -> None:
    """After a build: which pages changed (each reloads), or whether a file every page uses did."""
    hashes = {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in out.rglob("*") if p.is_file()}
    with state.lock:
        if state.hashes:
            for name in set(hashes) | set(state.hashes):
                if hashes.get(name) == state.hashes.get(name) or name.endswith(NO_RELOAD):
                    continue
                if name.endswith(".html"):
                    state.versions[name] = state.versions.get(name, 0) + 1
                else:
                    state.everything += 1
        state.hashes = hashes


def release_free_memory() -> None:
    """Give the memory a build freed back to the system (glibc's malloc_trim).

    Python frees a build's objects, but glibc keeps the freed pages in its arenas, fragmented:
    without this the preview's main process crept up by ~40 KB per reload (62 → 69 MB over 100
    reloads); with it, flat (benchmarks/serve_memory.py). A no-op where there is no glibc.
    """
    gc.collect()  # a build's reference cycles first, so that their pages are free to return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def preview_build(project: Project, out: Path, inputs: Inputs | None = None) -> BuildResult:
    """The preview's build: the project as its folder is now, no downloads (the PDF takes longest),
    MkDocs work that no input changed reused (render_cache). Raises as `project.build` does."""
    from .project import build

    return build(project.as_now(), out, downloads=False, preview=True, inputs=inputs)


def _build_once(project: Project, out: Path, state: PreviewState, inputs: Inputs) -> None:
    start = time.perf_counter()
    try:
        result = preview_build(project, out, inputs)
    except ContentError as exc:
        _failed(state, [p.format() for p in exc.problems if p.severity == "error"])
        return
    except BuildError as exc:  # a broken template override, MkDocs refusing the configuration, ...
        _failed(state, [str(exc)])
        return
    _note_site(out, state)
    with state.lock:
        state.reused, state.updated = result.reused, None
    warnings, new = _done(state, result.problems, result.warnings, result.languages)
    print(f"reportgen serve: rebuilt in {time.perf_counter() - start:.2f} s "
          f"({', '.join(f'{k}: {v} pages' for k, v in result.pages.items())}"
          f"{f', {sum(result.reused.values())} reused' if result.reused else ''}"
          f"{f'; {len(warnings)} warning(s), {len(new)} new' if warnings else ''})", flush=True)


def _done(state: PreviewState, problems: Sequence[Problem], mkdocs_warnings: list[str],
          languages: dict[str, PreviewLanguage]) -> tuple[list[str], list[str]]:
    """A good build (full or in place) is on screen: its languages, its warnings (the new ones printed).
    Returns (the warnings, the new ones)."""
    with state.lock:
        state.languages = languages
        # The content's warnings, then the build's own (MkDocs). As `reportgen build` does, untranslated
        # texts are counted, not listed in the terminal (a draft has many).
        content = [p for p in problems if p.severity == "warning"]
        warnings = [p.format() for p in content] + mkdocs_warnings
        counted = {p.format() for p in content if p.code in UNTRANSLATED}
        new = [w for w in warnings if w not in state.warnings and w not in counted]
        state.errors, state.warnings = [], warnings
        state.build += 1
    for warning in new:
        print(f"warning: {warning}", file=sys.stderr)
    return warnings, new


def _failed(state: PreviewState, errors: list[str]) -> None:
    """Show the problems in the banner and the terminal; the last good preview stays."""
    with state.lock:
        state.errors = errors
        state.languages = {}  # the workers' MkDocs objects may be this failed build's: the next build is full
    print("\n".join(errors), file=sys.stderr)
    print("reportgen serve: build failed; the preview shows the last good site", file=sys.stderr)


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")


def host_allowed(header: str | None, bound_host: str, port: int) -> bool:
    """The preview answers only requests addressed to where it listens: a web page on another
    name that resolves to this machine (DNS rebinding) must not read the preview. An IP address
    is allowed when the preview listens on every address; a name only when it is the machine's or
    the one given with --host."""
    if not header or any(ch in header for ch in "@/\\?#"):
        return False
    try:
        parts = urllib.parse.urlsplit("//" + header.strip())
        given_port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 address
        return False
    if given_port is not None and given_port != port:
        return False
    name = (parts.hostname or "").rstrip(".")
    if name in LOCAL_NAMES or name == bound_host.strip("[]").lower():
        return True
    if bound_host in ANY_ADDRESS:
        return _is_ip_address(name) or name == socket.gethostname().lower()
    return False


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def make_handler(out: Path, state: PreviewState,
                 host: str = "127.0.0.1") -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _misdirected(self) -> bool:
            """Answer 421 to a request for another host (see host_allowed)."""
            port = int(getattr(self.server, "server_port"))  # set by HTTPServer.server_bind (port 0: the chosen one)
            if host_allowed(self.headers.get("Host"), host, port):
                return False
            body = b"reportgen serve answers requests for the address it listens on only\n"
            self.send_response(421)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True

        def do_HEAD(self) -> None:
            if not self._misdirected():
                super().do_HEAD()

        def do_GET(self) -> None:
            if self._misdirected():
                return
            if self.path.startswith("/__reportgen/status"):
                page = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("page")
                body = state.as_json(page[0] if page else None)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    return Handler


class PortInUse(Exception):
    """The preview's port is taken (said before anything is built)."""


def listen(host: str, port: int, out: Path, state: PreviewState) -> http.server.ThreadingHTTPServer:
    """The preview's server, bound (not serving yet): a port in use is known before the first build."""
    try:
        server = http.server.ThreadingHTTPServer((host, port), make_handler(out, state, host))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is in use (another preview, or another program); "
                            f"stop it or give another port: reportgen serve --port {port + 1}") from None
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise PortInUse(f"cannot listen on {host}: not an address of this machine; give --host 127.0.0.1") \
                from None
        raise
    return server


def serve(project: Project, out: Path, host: str, port: int, ready: threading.Event | None = None,
          stop: threading.Event | None = None) -> int:
    state = PreviewState()
    server = listen(host, port, out, state)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Stamped as each file is read: what is saved from then on is a change.
    try:
        inputs = rebuild(project, out, state)
    except BaseException:
        server.server_close()
        raise
    if not out.exists():
        server.server_close()
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"reportgen serve: http://{host}:{server.server_address[1]}/ (English: /en/); Ctrl+C to stop; "
          f"watching the {len(inputs.paths())} files and folders the build read", flush=True)
    if ready is not None:
        ready.port = server.server_address[1]  # type: ignore[attr-defined]  # read by the caller
        ready.set()
    stop = stop or threading.Event()
    try:
        while not stop.wait(POLL_SECONDS):
            changed = inputs.changed()
            if changed:
                print(f"reportgen serve: changed: {', '.join(changed[:5])}", flush=True)
                # Each input's stamp was taken before it was read: an edit saved while the build runs
                # differs from it and starts the next build.
                inputs = rebuild(project, out, state, changed)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


