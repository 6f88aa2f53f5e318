"""CPU time per stage of a build at 500 / 1,000 / 2,000 recommendations, and per page (issue 26, item 10).

Each build runs in a fresh interpreter, in one process (the languages one after the other, no downloads),
and every figure is `time.process_time` of that process: the CPU it used, which the load of a shared machine
moves far less than the wall time. The stages: load and validation, graph, render (views and templates, per
language), and per language MkDocs' steps: Markdown (`Page.render`), reportgen's page hooks
(`on_page_content`: sanitising, table regions), the search plugin's per-page indexing (`on_page_context`),
the theme's templates (the rest of `_build_page`), `on_post_build` (the search index written) and the
rest (files, navigation, static files); the garbage collector's time is measured apart (`gc.callbacks`).

    python3 benchmarks/scaling_stages.py                        # 500, 1,000, 2,000 with 5,000 findings
    python3 benchmarks/scaling_stages.py --per-recommendation 2.5   # findings grow with the recommendations
    python3 benchmarks/scaling_stages.py --runs 3 --json out.json   # every run, and the slowest pages
    python3 benchmarks/scaling_stages.py --no-freeze                # without site.frozen_heap
    python3 benchmarks/scaling_stages.py --recommendations 1000,2000 --profile DIR   # a cProfile file per build
    python3 benchmarks/scaling_stages.py --recommendations 0,500,1000,2000   # each added recommendation's cost

The table gives, for each stage, ms per recommendation and the marginal ms per added recommendation between
two sizes (the figure that must stay flat in a linear build).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def _measure(content: Path, work: Path, freeze: bool) -> dict[str, Any]:
    """One build in this process; CPU seconds per stage and per page."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.pages import Page

    from reportgen import site
    from reportgen.project import Project, check, prepare

    stages: dict[str, float] = defaultdict(float)
    pages: dict[str, float] = defaultdict(float)
    gc_time = [0.0, 0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_time[1] = time.process_time()
        else:
            gc_time[0] += time.process_time() - gc_time[1]

    gc.callbacks.append(on_gc)
    lang_now = [""]

    def timed(name: str, function: Callable[..., Any], per_page: bool = False) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                stages[f"{lang_now[0]}:{name}"] += spent
                if per_page:
                    page = args[0] if args and isinstance(args[0], Page) else kwargs.get("page")
                    if page is not None:
                        pages[f"{lang_now[0]}:{page.file.src_uri}"] += spent
        return wrapper

    original_run_event = PluginCollection.run_event

    def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original_run_event(self, name, item, **kwargs)
        finally:
            spent = time.process_time() - start
            stages[f"{lang_now[0]}:event {name}"] += spent
            page = kwargs.get("page")
            if page is not None:
                pages[f"{lang_now[0]}:{page.file.src_uri}"] += spent

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    Page.render = timed("markdown", Page.render, per_page=True)  # type: ignore[method-assign]
    mkdocs_build._build_page = timed("build_page", mkdocs_build._build_page, per_page=True)
    mkdocs_build.build = timed("mkdocs", mkdocs_build.build)
    Page.validate_anchor_links = timed("anchors", Page.validate_anchor_links)  # type: ignore[method-assign]

    project = Project(ROOT, content, work_dir=work)
    start = time.process_time()
    wall = time.perf_counter()
    prepared, _ = prepare(project, downloads=False, edition="review")
    stages["check"] = time.process_time() - start
    # As project.build does (site.frozen_heap, where the code has it; --no-freeze: never)
    frozen = getattr(site, "frozen_heap", None) if freeze else None
    heap = frozen() if frozen else contextlib.nullcontext()
    heap.__enter__()
    render_start = time.process_time()
    builds, _ = prepared.render()
    stages["render"] = time.process_time() - render_start
    original_timed = site._timed_mkdocs

    def timed_mkdocs(job: site.MkDocsJob) -> site.MkDocsRun:
        lang_now[0] = job[0]
        return original_timed(job)

    site._timed_mkdocs = timed_mkdocs
    built = site.build_site(builds, project.base_config, work, work / "site", prepared.templates.theme_dir(),
                            parallel=False, epoch=prepared.epoch, search_script=prepared.search_script())
    site.discard(built)
    heap.__exit__(None, None, None)
    total = time.process_time() - start
    stages["gc"] = gc_time[0]
    return {"total": total, "wall": time.perf_counter() - wall, "stages": dict(stages),
            "pages": dict(sorted(pages.items(), key=lambda kv: -kv[1])[:40]),
            "sizes": {f"{b.lang}:{path}": len(text) for b in builds for path, text in b.pages.items()}}


def _stage_table(runs: dict[int, list[dict[str, Any]]]) -> list[tuple[str, dict[int, float]]]:
    """Stage -> {recommendations: min CPU seconds over the runs}, the MkDocs steps summed over languages."""
    names: dict[str, dict[int, float]] = {}

    def merge(stages: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for name, seconds in stages.items():
            key = name.split(":", 1)[1] if ":" in name else name
            out[key] += seconds
        # _build_page includes its page events; the theme's templates are the rest
        out["templates"] = out.get("build_page", 0) - out.get("event page_context", 0) - out.get("event post_page", 0)
        out["mkdocs other"] = out.get("mkdocs", 0) - sum(out.get(k, 0) for k in (
            "build_page", "markdown", "event page_content", "event page_markdown", "event post_build", "anchors"))
        return out

    for count, results in runs.items():
        merged = [merge(r["stages"]) for r in results]
        keys = set().union(*merged) | {"total"}
        for key in keys:
            values = [m.get(key, 0.0) if key != "total" else r["total"] for m, r in zip(merged, results)]
            names.setdefault(key, {})[count] = min(values)
    order = ["total", "check", "render", "mkdocs", "markdown", "event page_content", "event page_context",
             "templates", "event post_build", "anchors", "mkdocs other", "gc"]
    return [(key, names[key]) for key in order if key in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recommendations", default="500,1000,2000")
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--per-recommendation", type=float, default=0.0,
                        help="findings per recommendation (instead of a fixed --findings)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-freeze", action="store_true", help="without site.frozen_heap (the code before it)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="a folder for the generated contents (reused)")
    parser.add_argument("--profile", type=Path, help="a folder for a cProfile file per build (slower)")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        content, work = args.one
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            result = profiler.runcall(_measure, content, work, not args.no_freeze)
            profiler.dump_stats(str(args.profile))
        else:
            result = _measure(content, work, not args.no_freeze)
        print(json.dumps(result))
        return
    from synthetic import make_items

    counts = [int(c) for c in args.recommendations.split(",")]
    runs: dict[int, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        keep = args.keep or Path(tmp)
        for count in counts:
            findings = round(count * args.per_recommendation) if args.per_recommendation else args.findings
            content = keep / f"content-{count}-{findings}"
            if not (content / "recommendations.yaml").is_file():
                make_items(count, findings, content)
            for run in range(args.runs):
                load = os.getloadavg()[0]
                out = subprocess.run([sys.executable, __file__, "--one", str(content), str(Path(tmp) / "work")]
                                     + (["--no-freeze"] if args.no_freeze else [])
                                     + (["--profile", str(args.profile / f"{count}-{findings}-{run + 1}.prof")]
                                        if args.profile else []),
                                     check=True, capture_output=True, text=True, cwd=tmp,
                                     env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
                result = json.loads(out.stdout.strip().splitlines()[-1])
                result.update(findings=findings, load=(load, os.getloadavg()[0]))
                runs.setdefault(count, []).append(result)
                print(f"{count:>6} recommendations {findings:>6} findings run {run + 1}: CPU {result['total']:6.1f} s, "
                      f"wall {result['wall']:6.1f} s, load {load:.1f}-{os.getloadavg()[0]:.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({str(c): r for c, r in runs.items()}, indent=1), encoding="utf-8")
    table = _stage_table(runs)
    # With a first count of 0 (the bundled recommendations alone over the same findings), the per-recommendation
    # columns are the cost of each recommendation added to it: what stays flat in a linear build whatever the
    # findings cost.
    base = counts[0] if counts[0] == 0 else None
    sized = [c for c in counts if c != base]
    print(f"\n{'stage (min CPU s over runs)':<28}" + "".join(f"{c:>9,}" for c in counts)
          + "".join(f"{('added ' if base is not None else '') + 'ms/rec ' + str(c):>20}" for c in sized)
          + "".join(f"{'marg ' + str(a) + '-' + str(b):>16}" for a, b in zip(counts, counts[1:])))
    for key, values in table:
        line = f"{key:<28}" + "".join(f"{values.get(c, 0):9.1f}" for c in counts)
        line += "".join(f"{1000 * (values.get(c, 0) - (values.get(base, 0) if base is not None else 0)) / c:20.1f}"
                        for c in sized)
        line += "".join(f"{1000 * (values.get(b, 0) - values.get(a, 0)) / (b - a):16.1f}"
                        for a, b in zip(counts, counts[1:]))
        print(line)

if __name__ == "__main__":
    main()
