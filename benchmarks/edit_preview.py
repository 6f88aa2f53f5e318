"""Edit-to-preview latency of `reportgen serve` on the bundled evaluation, per kind of edit.

Starts the real `reportgen serve` on a copy of the project with one page open: a client that does what
the pages' reload script does (asks `/__reportgen/status?page=PAGE` every 150 ms, which also tells the
server which page is open, and reloads when the page's token changes). Then, for each kind of edit,
saves the edit `--runs` times and measures from the save:

- **reloaded**: until the open page's token changed and the page served shows the edit (what the
  author sees; a browser then takes its own time to load the page);
- **complete**: until the whole preview is built (the status's build counter moved: search index,
  every other page, the other language).

Kinds: a sentence in a finding (its section's page open), a recommendation's priority (the
recommendation explorer open; the edit also changes its filter pages and counts), a narrative
paragraph (the section's page open). After all edits the search index is checked (complete, with the
last sentence), and one clean `reportgen build --no-downloads` of the same project gives one
language's MkDocs build time, the goal for "complete". The machine's load (os.getloadavg) is reported
beside each kind: the figures mean little on a busy machine.

    python benchmarks/edit_preview.py [--runs 20] [--kinds sentence,priority,narrative]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLL = 0.15  # the reload script's interval (serve.RELOAD_SCRIPT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def status(base: str, page: str) -> dict:
    return json.loads(fetch(base + "__reportgen/status?page=" + urllib.parse.quote(page)))


class Kind:
    """An edit that can be made again and again, each time different (`run` numbers it)."""

    def __init__(self, name: str, path: str, page: str, old: str, new, shows):
        self.name, self.path, self.page, self.old, self.new, self.shows = name, path, page, old, new, shows


KINDS = {
    "sentence": Kind("a sentence in a finding", "content/findings/S07.yaml", "/findings/S7/",
                     "podrían fortalecerse", lambda run: f"podrían fortalecerse EDIT{run}MARKER",
                     lambda run: f"EDIT{run}MARKER"),
    # R1 between medium and high: its label on the page, and the counts of the explorer's filter pages.
    "priority": Kind("a recommendation's priority", "content/recommendations.yaml", "/explorer/",
                     "  priority: medium\n", lambda run: "  priority: high\n" if run % 2 == 0 else "  priority: medium\n",
                     None),
    "narrative": Kind("a narrative paragraph", "content/findings/S01.es.md", "/findings/S1/",
                      "\n", lambda run: f"\n\nUn párrafo nuevo NARR{run}MARKER en la vista previa.\n",
                      lambda run: f"NARR{run}MARKER"),
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def measure(base: str, project: Path, kind: Kind, runs: int, timeout: float) -> dict:
    target = project / kind.path
    original = target.read_text(encoding="utf-8")
    reloaded, complete = [], []
    load_before = os.getloadavg()
    for run in range(runs):
        if kind.shows is None:  # the priority: flip it from what the file says now
            text = target.read_text(encoding="utf-8")
            edited = text.replace("  priority: medium\n", "  priority: high\n", 1) if run % 2 == 0 else \
                text.replace("  priority: high\n", "  priority: medium\n", 1)
        else:
            edited = original.replace(kind.old, kind.new(run), 1)
        assert edited != target.read_text(encoding="utf-8"), kind.name
        first = status(base, kind.page)
        page_before = fetch(base + kind.page.lstrip("/"))
        start = time.perf_counter()
        target.write_text(edited, encoding="utf-8")
        seen_reload = seen_complete = None
        deadline = start + timeout
        while (seen_reload is None or seen_complete is None) and time.perf_counter() < deadline:
            time.sleep(POLL)
            now = status(base, kind.page)
            elapsed = time.perf_counter() - start
            if seen_reload is None and now["page"] != first["page"]:
                page = fetch(base + kind.page.lstrip("/"))
                shown = kind.shows(run) in page if kind.shows else page != page_before
                if shown:
                    seen_reload = time.perf_counter() - start
            if seen_complete is None and now["build"] > first["build"]:
                seen_complete = elapsed
        assert seen_reload is not None and seen_complete is not None, f"{kind.name}: run {run} timed out"
        reloaded.append(seen_reload)
        complete.append(seen_complete)
        time.sleep(0.3)
    load_after = os.getloadavg()
    if target.read_text(encoding="utf-8") != original:  # the project as it was, built, before the next kind
        build = status(base, kind.page)["build"]
        target.write_text(original, encoding="utf-8")
        deadline = time.perf_counter() + timeout
        while status(base, kind.page)["build"] == build and time.perf_counter() < deadline:
            time.sleep(POLL)

    def figures(values):
        return {"median": round(statistics.median(values), 3), "p90": round(percentile(values, 0.9), 3),
                "min": round(min(values), 3), "max": round(max(values), 3)}

    return {"edit": kind.name, "open_page": kind.page, "runs": runs, "reloaded_s": figures(reloaded),
            "complete_s": figures(complete), "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after]}


def wait_until_quiet(base: str, page: str, seconds: float = 1.0) -> None:
    """Until no build has started for `seconds` (the edits restored at the end of a kind are built)."""
    last = status(base, page)["build"]
    quiet_since = time.perf_counter()
    while time.perf_counter() - quiet_since < seconds:
        time.sleep(POLL)
        now = status(base, page)["build"]
        if now != last:
            last, quiet_since = now, time.perf_counter()


def clean_mkdocs_times(project: Path, out: Path) -> dict:
    """One clean build's MkDocs time per language (the languages run side by side, as `reportgen build`)."""
    code = ("import json,sys; from pathlib import Path; from reportgen.project import Project, build; "
            "r = build(Project(Path(sys.argv[1])), Path(sys.argv[2]), downloads=False); "
            "print(json.dumps({k: round(v, 3) for k, v in r.timings.items()}))")
    done = subprocess.run([sys.executable, "-c", code, str(project), str(out)], check=True, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copy(ROOT / "reportgen.yml", project / "reportgen.yml")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--project", str(project),
                                   "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.time() + 300
            while time.time() < deadline:
                try:
                    fetch(base + "__reportgen/status")
                    break
                except OSError:
                    time.sleep(0.1)
            full_index = fetch(base + "search/search_index.json").count('"location"')
            for name in args.kinds.split(","):
                kind = KINDS[name]
                wait_until_quiet(base, kind.page)
                for _ in range(int(3 / POLL)):  # the page is open, and the server knows it, before the first save
                    status(base, kind.page)
                    time.sleep(POLL / 3)
                results.append(measure(base, project, kind, args.runs, args.timeout))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
            wait_until_quiet(base, "/")
            index = fetch(base + "search/search_index.json")
            assert index.count('"location"') == full_index, "search index incomplete"
        finally:
            server.terminate()
            server.wait(10)
        clean = clean_mkdocs_times(project, Path(tmp) / "clean")
    print(json.dumps({"edits": results, "clean_build_s": clean,
                      "one_language_mkdocs_s": max(v for k, v in clean.items() if k.startswith("mkdocs_")),
                      "search_docs": full_index, "cpus": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
