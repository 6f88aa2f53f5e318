"""Benchmark every build stage on the bundled evaluation and synthetic copies at 1×, 5×, 20×.

    python benchmarks/bench.py                      # scales 1,5,20; 3 runs; downloads at 1× and 5×
    python benchmarks/bench.py --scales 1,5 --runs 2 --downloads-scales 1

Stages, each timed separately (median and min–max over the runs):
load+validate, link graph, Markdown rendering (both languages), the MkDocs build per
language (run one after the other here, so each is timed alone), the two PDFs (both
languages, printed at once in one browser; as `reportgen build` does, the browser is started
while MkDocs builds the site, and the PDFs are timed from the site's end: the browser's own
start is shown apart), the same PDFs with the browser started by the PDF step itself (a caller
without a site build), the same PDFs again when nothing changed (taken
from the previous site by their fingerprints), the other downloads (data, Word), and the whole
`reportgen build` as a user runs it (a subprocess: the two languages in parallel), without
downloads: the site build the PDFs are compared with, in the same run. The machine's load
(1-minute average) is recorded before and after every run. Also: peak memory of the whole
build, pages per language, output bytes per page, search-index bytes per language, and whether
each index holds only its language.
Prints one table, then the PDFs' steps (Chromium started, page load, in-page scripts, the whole
print, the headings' pages, the contents pages' print, their splice, the bookmarks and writing),
each language's own clock, and writes benchmarks/results/latest.json (and a timestamped copy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make  # noqa: E402

from reportgen.content.yamlfile import USING_LIBYAML  # noqa: E402
from reportgen.downloads import write_downloads, write_pdfs  # noqa: E402
from reportgen.downloads.common import Output  # noqa: E402
from reportgen.downloads.pdf import Printer, chromium_path  # noqa: E402
from reportgen.project import Project, check, render, review_info  # noqa: E402
from reportgen.render.pages import Templates  # noqa: E402
from reportgen.site import build_site, publish  # noqa: E402

OWN_STAGES = ("load", "graph", "render")
PDF_STEP = "pdf_step:"  # "pdf_step:es:page load": one step of one language's PDF


def summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "runs": len(values)}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def stage_times(project: Project, out: Path, downloads: bool) -> dict[str, float]:
    times: dict[str, float] = {"load_before": load()}
    start = time.perf_counter()
    checked = check(project)
    checked.report.raise_if_errors()
    times.update(checked.timings)
    templates = Templates()
    builds, times["render"] = render(checked, templates, review_info(project, checked, None))
    graph = checked.graph
    printers: list[Printer] = []

    def start_printer() -> None:  # as `reportgen build` does: the PDFs' browser started while MkDocs runs
        printers.append(Printer(chromium_path(graph.ctx.chromium) or "", list(graph.ctx.languages)))
    result = build_site(builds, project.base_config, project.work_dir / "bench", out, templates.theme_dir(),
                        parallel=False, under_way=start_printer if downloads else None)
    publish(result)
    for lang in ("es", "en"):
        times[f"mkdocs_{lang}"] = result.timings[f"mkdocs_{lang}"]
    times["site"] = time.perf_counter() - start
    if downloads:
        t = time.perf_counter()
        with printers[0]:
            printed = write_pdfs(graph, templates, Output(out, graph.ctx.source_epoch), printer=printers[0])
        times["pdf"] = time.perf_counter() - t
        times["pdf_browser_start"] = printers[0].seconds
        for job in printed:  # where the time goes, step by step (the two languages overlap)
            for step, seconds in job.steps.items():
                times[f"{PDF_STEP}{job.lang}:{step}"] = seconds
        # The same PDFs with the browser started by the PDF step itself (as a caller without a site build).
        t = time.perf_counter()
        write_pdfs(graph, templates, Output(out, graph.ctx.source_epoch))
        times["pdf_cold"] = time.perf_counter() - t
        # A rebuild with nothing changed: a new site beside the previous one, whose PDFs are reused.
        again = out.with_name(out.name + "-again")
        shutil.rmtree(again, ignore_errors=True)
        shutil.copytree(out, again, ignore=shutil.ignore_patterns("*.pdf", ".*.fingerprint"))
        t = time.perf_counter()
        printed = write_pdfs(graph, templates, Output(again, graph.ctx.source_epoch), previous=out)
        times["pdf_unchanged"] = time.perf_counter() - t
        assert not printed, f"a rebuild with no change printed {[job.lang for job in printed]}"
        shutil.rmtree(again)
        t = time.perf_counter()
        write_downloads(_data_only(graph), templates, out)
        times["other_downloads"] = time.perf_counter() - t
    times["stages_total"] = time.perf_counter() - start
    times["load_after"] = load()
    return times


def _data_only(graph):
    """The graph with the data downloads only (the PDFs are timed on their own)."""
    import dataclasses

    graph.ctx = dataclasses.replace(graph.ctx, downloads=tuple(k for k in graph.ctx.downloads if k != "pdf"))
    return graph


def whole_build(project_root: Path, content: Path, out: Path, downloads: bool) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of `reportgen build` in a fresh process."""
    command = [sys.executable, "-c", (
        "import resource, sys, time; from reportgen.cli import main; t = time.perf_counter(); "
        f"code = main({['build', '--project', str(project_root), '--content', str(content), '--out', str(out)] + ([] if downloads else ['--no-downloads'])!r}); "
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print('BENCH', time.perf_counter() - t, peak); sys.exit(code)")]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    line = next(li for li in result.stdout.splitlines() if li.startswith("BENCH"))
    _, seconds, peak = line.split()
    return float(seconds), int(peak)


def site_figures(out: Path) -> dict:
    figures = {}
    for lang, root in (("es", out), ("en", out / "en")):
        pages = [p for p in root.rglob("*.html") if lang == "en" or not p.is_relative_to(out / "en")]
        total = sum(p.stat().st_size for p in pages)
        # The one-page edition holds the whole report: it grows with the content by design.
        one_page = (root / "print" / "index.html").stat().st_size
        index = root / "search" / "search_index.json"
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        figures[lang] = {"pages": len(pages), "bytes_per_page": round(total / len(pages)),
                         "bytes_per_page_without_one_page_edition": round((total - one_page) / (len(pages) - 1)),
                         "search_index_bytes": index.stat().st_size, "search_docs": len(docs)}
    # Only-own-language check: a sentence of a Spanish-only narrative must not be in the English index.
    probe = "presupuesto detallado a nivel de actividades"
    figures["es"]["index_has_spanish_probe"] = probe in (out / "search/search_index.json").read_text("utf-8")
    figures["en"]["index_has_spanish_probe"] = probe in (out / "en/search/search_index.json").read_text("utf-8")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,5,20")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--downloads-scales", default="1,5",
                        help="scales at which the downloads (PDF) are built and timed (slow at 20×)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    with_downloads = {int(s) for s in args.downloads_scales.split(",") if s}
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "libyaml": USING_LIBYAML, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
              "scales": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "project").mkdir()
        (tmp / "project" / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        for scale in scales:
            content = make(scale, tmp / f"content-{scale}")
            project = Project(tmp / "project", content)
            downloads = scale in with_downloads
            # Interleaved, so that the PDFs and the site build they are compared with share the
            # machine's load: the stages, then the whole build as a user runs it (per-page figures
            # without the downloads, so that scales with and without them compare).
            runs, whole, loads = [], [], [load()]
            for _ in range(args.runs):
                runs.append(stage_times(project, tmp / f"site-{scale}", downloads))
                whole.append(whole_build(tmp / "project", content, tmp / f"cli-{scale}", False))
                loads.append(load())
            walls, peaks = zip(*whole)
            stages = {name: summary([r[name] for r in runs if name in r]) for name in dict.fromkeys(
                name for r in runs for name in r)}
            figures = site_figures(tmp / f"cli-{scale}")
            own = sum(stages[s]["median"] for s in OWN_STAGES)
            sequential = stages["stages_total"]["median"]
            report["scales"][scale] = {
                "stages": stages, "whole_build": summary(list(walls)), "peak_memory_mb": round(max(peaks) / 1024),
                "downloads": downloads, "site": figures,
                "load": {"min": min([r["load_before"] for r in runs] + [r["load_after"] for r in runs] + loads),
                         "max": max([r["load_before"] for r in runs] + [r["load_after"] for r in runs] + loads)},
                "pdf_over_site_build": (round(stages["pdf"]["median"] / summary(list(walls))["median"], 2)
                                        if "pdf" in stages else None),
                # per run, the PDFs against the site they were printed from (the same run, the same load)
                "pdf_over_site": [round(r["pdf"] / r["site"], 2) for r in runs if "pdf" in r],
                "pdf_cold_over_site": [round(r["pdf_cold"] / r["site"], 2) for r in runs if "pdf_cold" in r],
                "own_share_of_build": round(own / sequential, 4),
                "seconds_per_page": round(summary(list(walls))["median"] / (figures["es"]["pages"]
                                                                          + figures["en"]["pages"]), 5),
            }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    text = json.dumps(report, indent=2)
    (results / "latest.json").write_text(text + "\n")
    (results / time.strftime("%Y%m%d-%H%M%S.json")).write_text(text + "\n")
    print_table(report)
    return 0


def print_table(report: dict) -> None:
    scales = report["scales"]
    rows = [("load + validate", "load"), ("link graph", "graph"), ("Markdown rendering (es+en)", "render"),
            ("MkDocs es", "mkdocs_es"), ("MkDocs en", "mkdocs_en"),
            ("site, es then en (load → MkDocs)", "site"),
            ("the two PDFs (es + en at once), after the site", "pdf"),
            ("… their browser's start, during the site build", "pdf_browser_start"),
            ("the two PDFs, browser started with them", "pdf_cold"),
            ("the two PDFs, nothing changed", "pdf_unchanged"),
            ("other downloads (data, Word)", "other_downloads")]
    header = "| stage | " + " | ".join(f"{s}× median (min–max) s" for s in scales) + " |"
    print(header)
    print("|---|" + "---|" * len(scales))
    for label, key in rows:
        cells = []
        for s in scales:
            st = scales[s]["stages"].get(key)
            cells.append(f"{st['median']:.3f} ({st['min']:.3f}–{st['max']:.3f})" if st else "not run")
        print(f"| {label} | " + " | ".join(cells) + " |")
    lines = [
        ("whole `reportgen build` without downloads", lambda d: "{median:.2f} ({min:.2f}–{max:.2f})".format(
            **d["whole_build"])),
        ("two PDFs ÷ site es then en, each run", lambda d: " ".join(f"{r:.2f}" for r in d["pdf_over_site"])
         or "not run"),
        ("… browser started with the PDFs, each run", lambda d: " ".join(f"{r:.2f}" for r in d["pdf_cold_over_site"])
         or "not run"),
        ("two PDFs ÷ whole build without downloads (medians)", lambda d: f"{d['pdf_over_site_build']:.2f}"
         if d["pdf_over_site_build"] is not None else "not run"),
        ("machine load (1-min average, min–max)", lambda d: f"{d['load']['min']:.1f}–{d['load']['max']:.1f}"),
        ("reportgen's own share of the stages", lambda d: f"{d['own_share_of_build']:.1%}"),
        ("peak memory", lambda d: f"{d['peak_memory_mb']} MB"),
        ("pages per language", lambda d: f"{d['site']['es']['pages']} / {d['site']['en']['pages']}"),
        ("build seconds per page", lambda d: f"{d['seconds_per_page']:.4f}"),
        ("output bytes per page (es / en)",
         lambda d: f"{d['site']['es']['bytes_per_page']:,} / {d['site']['en']['bytes_per_page']:,}"),
        ("… without the one-page edition (es / en)",
         lambda d: f"{d['site']['es']['bytes_per_page_without_one_page_edition']:,} / "
                   f"{d['site']['en']['bytes_per_page_without_one_page_edition']:,}"),
        ("search index bytes (es / en)",
         lambda d: f"{d['site']['es']['search_index_bytes']:,} / {d['site']['en']['search_index_bytes']:,}"),
        ("Spanish-only text in the English index", lambda d: "yes" if d["site"]["en"]["index_has_spanish_probe"]
         else "no"),
    ]
    for label, fmt in lines:
        print(f"| {label} | " + " | ".join(fmt(scales[s]) for s in scales) + " |")
    steps = {name for s in scales for name in scales[s]["stages"] if name.startswith(PDF_STEP)}
    if steps:
        print("\n| PDF step (each language's own clock; the two run at once) | "
              + " | ".join(f"{s}× median (min–max) s" for s in scales) + " |")
        print("|---|" + "---|" * len(scales))
        for name in sorted(steps, key=lambda n: (n.split(":")[1], _step_order(scales, n))):
            cells = []
            for s in scales:
                st = scales[s]["stages"].get(name)
                cells.append(f"{st['median']:.3f} ({st['min']:.3f}–{st['max']:.3f})" if st else "–")
            print(f"| {name[len(PDF_STEP):].replace(':', ': ', 1)} | " + " | ".join(cells) + " |")
    print(f"\nlibyaml C loader: {report['machine']['libyaml']}; CPUs: {report['machine']['cpus']}; "
          f"{report['machine']['date']}")


def _step_order(scales: dict, name: str) -> int:
    """A step's place in the order the PDF code ran the steps (the stages dicts keep it)."""
    for s in scales:
        names = list(scales[s]["stages"])
        if name in names:
            return names.index(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
