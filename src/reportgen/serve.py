"""Live preview: build, serve on localhost, rebuild on every edit, reload the browser.

The watcher polls the stamps of exactly what the last build read (`inputs.Inputs`:
content, reportgen.yml, mkdocs.yml, templates, interface texts, the theme folder,
and the places where a new file would be read), taken before each was read: no
extra dependency, works on every file system, and an edit saved during a build
starts the next one. A build that fails keeps the last good preview on screen and
shows the problems in a banner on the page and in the terminal; warnings new since
the previous build are printed in the terminal.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import http.server
import ipaddress
import socket
import json
import sys
import threading
import time
from urllib.parse import urlsplit
from pathlib import Path

from .errors import BuildError, ContentError
from .inputs import Inputs
from .problem_codes import UNTRANSLATED

POLL_SECONDS = 0.2
RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  function poll() {
    fetch("/__reportgen/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); return; }
      seen = s.build;
      var box = document.getElementById("rg-live-errors");
      if (s.errors.length) {
        if (!box) { box = document.createElement("pre"); box.id = "rg-live-errors";
          box.style.cssText = "position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;margin:0;"
            + "padding:1em;background:#8a1c1c;color:#fff;z-index:1000;font-size:12px;white-space:pre-wrap";
          document.body.appendChild(box); }
        box.textContent = "reportgen: the last edit does not build\\n\\n" + s.errors.join("\\n");
      } else if (box) { box.remove(); }
    }).catch(function () {}).finally(function () { setTimeout(poll, 300); });
  }
  poll();
})();
</script>"""


class PreviewState:
    def __init__(self):
        self.build = 0
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.lock = threading.Lock()

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "errors": self.errors, "warnings": self.warnings}).encode()


def rebuild(project, out: Path, state: PreviewState) -> Inputs:
    """Build the preview once; returns what the build read (to watch), also when it failed."""
    inputs = Inputs()
    try:
        _build_once(project, out, state, inputs)
    finally:
        release_free_memory()
    return inputs


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


def preview_build(project, out: Path, inputs: Inputs | None = None):
    """The preview's build: the project as its folder is now, no downloads (the PDF takes longest),
    MkDocs work that no input changed reused (render_cache). Raises as `project.build` does."""
    from .project import build

    return build(project.as_now(), out, downloads=False, preview=True, inputs=inputs)


def _build_once(project, out: Path, state: PreviewState, inputs: Inputs) -> None:
    start = time.perf_counter()
    try:
        result = preview_build(project, out, inputs)
    except ContentError as exc:
        _failed(state, [p.format() for p in exc.problems if p.severity == "error"])
        return
    except BuildError as exc:  # a broken template override, MkDocs refusing the configuration, ...
        _failed(state, [str(exc)])
        return
    with state.lock:
        # The content's warnings, then the build's own (MkDocs). As `reportgen build` does, untranslated
        # texts are counted, not listed in the terminal (a draft has many).
        content = [p for p in result.problems if p.severity == "warning"]
        warnings = [p.format() for p in content] + result.warnings
        counted = {p.format() for p in content if p.code in UNTRANSLATED}
        new = [w for w in warnings if w not in state.warnings and w not in counted]
        state.errors, state.warnings = [], warnings
        state.build += 1
    for warning in new:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"reportgen serve: rebuilt in {time.perf_counter() - start:.2f} s "
          f"({', '.join(f'{k}: {v} pages' for k, v in result.pages.items())}"
          f"{f', {sum(result.reused.values())} reused' if result.reused else ''}"
          f"{f'; {len(warnings)} warning(s), {len(new)} new' if warnings else ''})", flush=True)


def _failed(state: PreviewState, errors: list[str]) -> None:
    """Show the problems in the banner and the terminal; the last good preview stays."""
    with state.lock:
        state.errors = errors
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
        parts = urlsplit("//" + header.strip())
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


def make_handler(out: Path, state: PreviewState, host: str = "127.0.0.1"):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, *args):
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

        def do_HEAD(self):
            if not self._misdirected():
                super().do_HEAD()

        def do_GET(self):
            if self._misdirected():
                return
            if self.path.startswith("/__reportgen/status"):
                body = state.as_json()
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


def serve(project, out: Path, host: str, port: int, ready: threading.Event | None = None,
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
                inputs = rebuild(project, out, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


