"""Live preview: build, serve on localhost, rebuild on every edit, reload the browser.

The watcher polls modification times (no extra dependency, works on every
file system). A build that fails keeps the last good preview on screen and
shows the problems in a banner on the page and in the terminal.
"""

from __future__ import annotations

import ctypes
import gc
import http.server
import json
import sys
import threading
import time
from pathlib import Path

from .errors import BuildError, ContentError

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
        self.lock = threading.Lock()

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "errors": self.errors}).encode()


def watched_files(project) -> dict[Path, float]:
    roots = [project.content_dir, *project.template_dirs, project.base_config]
    from .i18n import BUILTIN_TEMPLATES
    roots.append(BUILTIN_TEMPLATES)
    stamps: dict[Path, float] = {}
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in paths:
            try:
                stamps[path] = path.stat().st_mtime_ns
            except FileNotFoundError:
                pass
    return stamps


def rebuild(project, out: Path, state: PreviewState) -> None:
    try:
        _build_once(project, out, state)
    finally:
        release_free_memory()


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


def _build_once(project, out: Path, state: PreviewState) -> None:
    from .project import build

    start = time.perf_counter()
    try:
        # The preview skips the downloads (the PDF takes longest) and reuses unchanged MkDocs work.
        result = build(project, out, downloads=False, preview=True)
    except ContentError as exc:
        _failed(state, [p.format() for p in exc.problems if p.severity == "error"])
        return
    except BuildError as exc:  # a broken template override, MkDocs refusing the configuration, ...
        _failed(state, [str(exc)])
        return
    with state.lock:
        state.errors = []
        state.build += 1
    print(f"reportgen serve: rebuilt in {time.perf_counter() - start:.2f} s "
          f"({', '.join(f'{k}: {v} pages' for k, v in result.pages.items())})", flush=True)


def _failed(state: PreviewState, errors: list[str]) -> None:
    """Show the problems in the banner and the terminal; the last good preview stays."""
    with state.lock:
        state.errors = errors
    print("\n".join(errors), file=sys.stderr)
    print("reportgen serve: build failed; the preview shows the last good site", file=sys.stderr)


def make_handler(out: Path, state: PreviewState):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
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


def serve(project, out: Path, host: str, port: int, ready: threading.Event | None = None,
          stop: threading.Event | None = None) -> int:
    state = PreviewState()
    out.parent.mkdir(parents=True, exist_ok=True)
    stamps = watched_files(project)  # before the build: what is saved from now on is a change
    rebuild(project, out, state)
    if not out.exists():
        return 1
    server = http.server.ThreadingHTTPServer((host, port), make_handler(out, state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"reportgen serve: http://{host}:{server.server_address[1]}/ (English: /en/); Ctrl+C to stop", flush=True)
    if ready is not None:
        ready.port = server.server_address[1]  # type: ignore[attr-defined]  # read by the caller
        ready.set()
    stop = stop or threading.Event()
    try:
        while not stop.wait(POLL_SECONDS):
            current = watched_files(project)
            if current != stamps:
                changed = sorted(str(p) for p in set(current) ^ set(stamps) | {
                    p for p in current if p in stamps and current[p] != stamps[p]})
                print(f"reportgen serve: changed: {', '.join(changed[:5])}", flush=True)
                # The stamps read before the build: an edit saved while it runs starts the next build
                # (re-reading them after the build swallowed such an edit; the preview then stayed stale).
                stamps = current
                rebuild(project, out, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


