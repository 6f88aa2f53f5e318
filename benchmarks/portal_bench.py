"""Portal benchmark: synthetic libraries of N evaluations (benchmarks/portal_library.py).

For each size: the first `reportgen portal build` (every evaluation built for real, in
parallel worker processes, without the PDF/XLSX/DOCX downloads), its time and the peak
memory of the largest process; the rebuild after one evaluation changes; the portal-only
assembly (`--from-artifacts`); the Pagefind index size and the bytes a query downloads
(Chromium, every request logged); pages per second of the whole against MkDocs alone on
the same pages (the sum of the per-language MkDocs build times the artifacts recorded).

Sizes above --real-max use a SEEDED cache, said plainly in the results: the real artifacts
of the largest real size are reused (site copied, codes rewritten in their JSON) for the
extra evaluations, whose project folders exist and whose fingerprints match, so one edit
then rebuilds exactly one evaluation for real and assembles all of them.

    python3 benchmarks/portal_bench.py --sizes 20,100,300 --real-max 100 --work /tmp/portal-bench

`--assembly` measures the assembly alone at any size without building the evaluations: N artifacts
are cloned from the artifacts of a portal built for real (`--seed-portal`, e.g. the 20 of a
`--sizes 20` run; portal_library.clone_artifacts: own code, title and country, site hard-linked),
then, each in a child process of its own (its peak memory is its own, by getrusage): the first
assembly, the same again with nothing changed, the assembly after one evaluation's recommendation
changed (incremental: what it re-rendered and reused), and a clean assembly of the changed artifacts
compared with it byte for byte.

    python3 benchmarks/portal_bench.py --assembly --sizes 20,100,300,1000 --seed-portal /tmp/pbench/portal-20
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from portal_library import make_evaluation, write_portal_yml  # noqa: E402

SEED_PORTAL: Path | None = None
RESULTS = HERE / "results" / "portal-latest.json"
# (language, query, filters in the search page's address); the last one chooses a filter, whose file
# the search page then loads (a query without filters loads none).
QUERIES = [("es", "evaluacion", ""), ("es", "sostenibilidad", ""), ("es", "R4 SYN/24/009/ILO", ""),
           ("en", "trafficking", ""), ("en", "R4", ""), ("es", "evaluacion", "kind=recommendation")]


def reportgen(*args, cwd=None) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB of the largest process of the run, output)."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"reportgen {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, round(max(peak, before) / 1024), done.stdout.strip()


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def query_bytes(site: Path, port: int = 8790) -> dict:
    """Bytes the browser downloads from Pagefind's folder for each query (the page, its style sheet and
    script, loaded before, apart)."""
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "-d", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_port(port)
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for lang, query, filters in QUERIES:
                page = browser.new_page()
                sizes: dict[str, int] = {}
                page.on("response", lambda r, s=sizes: s.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None)
                # The address carries the query (as the home page's search box sends it): the page
                # searches on load, so everything from Pagefind's folder is what this query cost.
                address = urlencode({"q": query}) + (f"&{filters}" if filters else "")
                page.goto(f"http://127.0.0.1:{port}/{lang}/search/index.html?{address}")
                page.wait_for_selector("#search-results .card", timeout=60000)
                page.wait_for_load_state("networkidle")
                loaded = dict(sizes)
                results[f"{lang}: {query}" + (f" [{filters}]" if filters else "")] = {
                    "query_bytes": sum(loaded.values()),
                    "requests": len(loaded),
                    # what grows with the library: the metadata file (a line per record), index chunks,
                    # result fragments and the filter files a chosen filter needs; the rest is Pagefind's
                    # fixed code (pagefind.js and its WebAssembly)
                    "meta_bytes": sum(n for u, n in loaded.items() if u.endswith(".pf_meta")),
                    "index_and_fragment_bytes": sum(n for u, n in loaded.items()
                                                    if "/pagefind/index/" in u or "/pagefind/fragment/" in u),
                    "filter_bytes": sum(n for u, n in loaded.items() if "/pagefind/filter/" in u),
                    "results_status": page.locator("#search-status").inner_text(),
                    "results_shown": page.locator("#search-results .card").count(),
                }
                page.close()
            browser.close()
    finally:
        server.terminate()
    return results


def _wait_for_port(port: int, seconds: float = 60) -> None:
    """The HTTP server may take a while to start on a loaded machine."""
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"the HTTP server on port {port} did not start")


def mkdocs_alone(artifacts: Path) -> dict:
    pages = seconds = 0.0
    for meta_path in artifacts.glob("*/artifact.json"):
        meta = json.loads(meta_path.read_text())
        pages += sum((meta.get("pages") or {}).values())
        seconds += sum(v for k, v in (meta.get("timings") or {}).items() if k.startswith("mkdocs_"))
    return {"pages": int(pages), "seconds": round(seconds, 1), "pages_per_s": round(pages / seconds, 1) if seconds else None}


def edit_one(project: Path) -> None:
    path = project / "content" / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("variante", "cambio variante", 1), encoding="utf-8")


def seed(work: Path, real: Path, n: int, real_n: int) -> None:
    """Projects 0..n-1 exist; their cache artifacts are the real artifacts of `real` (a portal of real_n
    evaluations built for real), copied, with codes rewritten for i >= real_n, and fingerprinted
    for the projects of `work` with the running reportgen."""
    from reportgen.portal.artifacts import fingerprint

    cache = work / f"portal-{n}" / ".reportgen-portal" / "artifacts"
    cache.mkdir(parents=True, exist_ok=True)
    source_cache = real / ".reportgen-portal" / "artifacts"
    available = len(list(source_cache.glob("e*/artifact.json")))  # e000 … the real ones
    for i in range(n):
        folder = work / "evaluations" / f"e{i:03d}"
        if not folder.exists():
            make_evaluation(i, folder)
        target = cache / folder.name
        if target.exists():
            continue
        source = source_cache / f"e{i % available:03d}"
        shutil.copytree(source, target, copy_function=os.link, ignore=shutil.ignore_patterns("*.json"))
        export = json.loads((source / "evaluation.json").read_text())
        code = re.search(r'code: "([^"]+)"', (folder / "content/evaluation.yaml").read_text()).group(1)
        export["evaluation"]["code"] = code
        (target / "evaluation.json").write_text(json.dumps(export, ensure_ascii=False))
        meta = json.loads((source / "artifact.json").read_text())
        meta.update(code=code, fingerprint=fingerprint(folder, "public", False), seeded_from=source.name)
        (target / "artifact.json").write_text(json.dumps(meta))


def run_size(work: Path, n: int, real_max: int, results: dict) -> None:
    portal = work / f"portal-{n}"
    folders = [work / "evaluations" / f"e{i:03d}" for i in range(n)]
    real = n <= real_max
    entry = {"evaluations": n, "real_builds": real}
    start = time.perf_counter()
    for i, folder in enumerate(folders):
        if not folder.exists():
            make_evaluation(i, folder)
    entry["generate_s"] = round(time.perf_counter() - start, 1)
    write_portal_yml(portal, folders)
    if not real:
        seed(work, SEED_PORTAL or work / f"portal-{real_max}", n, real_max)
        seed_portal = SEED_PORTAL or work / f"portal-{real_max}"
        available = len(list((seed_portal / ".reportgen-portal" / "artifacts").glob("e*/artifact.json")))
        entry["note"] = (f"seeded cache: the {n} artifacts are copies of the {available} artifacts built for real "
                         f"by {seed_portal} (codes rewritten beyond {available}), fingerprinted for these projects; "
                         "no first build here; the rebuild after one edit builds that evaluation for real")
    else:
        seconds, peak, out = reportgen("portal", "build", portal)
        entry.update(first_build_s=round(seconds, 1), first_build_peak_mb=peak, first_build_output=out,
                     per_evaluation_s=round(seconds / n, 2))
        save(work, results)
    edit_one(folders[n // 2])
    seconds, peak, out = reportgen("portal", "build", portal)
    entry.update(rebuild_one_s=round(seconds, 1), rebuild_one_peak_mb=peak, rebuild_output=out)
    seconds, peak, out = reportgen("portal", "build", portal, "--out", work / f"assembled-{n}", "--from-artifacts",
                                   portal / ".reportgen-portal" / "artifacts")
    entry.update(assembly_s=round(seconds, 1), assembly_peak_mb=peak, assembly_per_evaluation_s=round(seconds / n, 3))
    site = portal / "site"
    files, size = tree_size(site)
    index_files, index_size = tree_size(site / "pagefind")
    html = sum(1 for _ in site.rglob("*.html"))
    entry.update(site_files=files, site_bytes=size, html_pages=html, pagefind_files=index_files,
                 pagefind_bytes=index_size, mkdocs_alone=mkdocs_alone(portal / ".reportgen-portal" / "artifacts"))
    if real:
        entry["pages_per_s_whole"] = round(html / entry["first_build_s"], 1)
    entry["queries"] = query_bytes(site)
    results[str(n)] = entry
    save(work, results)


def save(work: Path, results: dict) -> None:
    target = RESULTS
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1, ensure_ascii=False)[-3000:], flush=True)


def table(paths: list[Path]) -> str:
    """The figures of docs/pages/benchmarks.md (Markdown) from result files."""
    sizes = {}
    for path in paths:
        sizes.update({k: v for k, v in json.loads(path.read_text()).items() if k.isdigit()})
    order = sorted(sizes, key=int)
    rows = [("evaluations", lambda e: e["evaluations"]),
            ("evaluations built for real in the first build", lambda e: e["evaluations"] if e["real_builds"] else "seeded"),
            ("first build (s)", lambda e: e.get("first_build_s", "—")),
            ("… per evaluation (s)", lambda e: e.get("per_evaluation_s", "—")),
            ("peak memory, largest process (MB)", lambda e: e.get("first_build_peak_mb", e.get("rebuild_one_peak_mb"))),
            ("rebuild after one evaluation changes (s)", lambda e: e["rebuild_one_s"]),
            ("portal-only assembly, --from-artifacts (s)", lambda e: e["assembly_s"]),
            ("… per evaluation (s)", lambda e: e["assembly_per_evaluation_s"]),
            ("HTML pages (portal + evaluation sites)", lambda e: e["html_pages"]),
            ("output (MB)", lambda e: round(e["site_bytes"] / 1e6)),
            ("Pagefind index: files / MB", lambda e: f"{e['pagefind_files']} / {e['pagefind_bytes'] / 1e6:.1f}"),
            ("pages/s, whole first build", lambda e: e.get("pages_per_s_whole", "—")),
            ("pages/s, MkDocs alone on the evaluation pages", lambda e: e["mkdocs_alone"]["pages_per_s"])]
    queries = sorted({q for e in sizes.values() for q in e["queries"]})
    lines = ["| | " + " | ".join(order) + " |", "|---|" + "---|" * len(order)]
    lines += [f"| {label} | " + " | ".join(str(get(sizes[n])) for n in order) + " |" for label, get in rows]
    for q in queries:
        cell = lambda e: (_query_cell(e["queries"][q]) if q in e["queries"] else "—")  # noqa: E731
        lines.append(f"| query `{q}`: bytes loaded by the query | " + " | ".join(cell(sizes[n]) for n in order) + " |")
    return "\n".join(lines)


def _query_cell(q: dict) -> str:
    parts = [f"meta {q['meta_bytes'] / 1000:.0f}", f"index+fragments {q['index_and_fragment_bytes'] / 1000:.0f}"]
    if q.get("filter_bytes"):
        parts.append(f"filters {q['filter_bytes'] / 1000:.0f}")
    return f"**{q['query_bytes'] / 1000:.0f} KB** ({', '.join(parts)})"


CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from reportgen.portal.build import build_portal
portal, out, artifacts, day = sys.argv[1:5]
start = time.perf_counter()
result = build_portal(Path(portal), Path(out), from_artifacts=Path(artifacts), build_date=date.fromisoformat(day))
seconds = round(time.perf_counter() - start, 2)
waited = time.perf_counter()
for process in result.removals + result.splitting:  # detached (old trees removed, the search index's parts split): not timed
    process.wait()
print(json.dumps({"seconds": seconds, "detached_s": round(time.perf_counter() - waited, 2), "pages": result.pages,
                  "reused_pages": result.reused_pages, "index_reused": result.index_reused,
                  "kept_sites": getattr(result, "kept_sites", 0),
                  "cards_rendered": getattr(result, "cards_rendered", None),
                  "timings": {k: round(v, 2) for k, v in result.timings.items()},
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  # the largest process it waited for (Pagefind's indexer), counted from its fork: at least
                  # the assembling process's size at that moment, so an upper bound for Pagefind
                  "children_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))
"""


def assemble_in_child(portal: Path, out: Path, artifacts: Path, day: str) -> dict:
    """One assembly in a fresh process: its time, what it reused, the peak RSS of the assembling process
    and of the largest process it waited for (Pagefind's indexer), and the load when it ended."""
    before = [round(x, 1) for x in os.getloadavg()]
    done = subprocess.run([sys.executable, "-c", CHILD, str(portal), str(out), str(artifacts), day],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"assembly of {portal} failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load_before": before,
            "load": [round(x, 1) for x in os.getloadavg()]}


def same_files(a: Path, b: Path) -> list[str]:
    """The files that differ between two outputs (either missing, or other bytes)."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    left, right = files(a), files(b)
    differ = sorted(set(left) ^ set(right))
    differ += [name for name in sorted(set(left) & set(right)) if left[name].read_bytes() != right[name].read_bytes()]
    return differ


# What change_one changes: "text" appends to a recommendation's text, past the 45 words its card shows
# (the lists come out the same); "title" renames it (every list and facet page holding its card changes).
CHANGES = {"text": " (changed)", "title": " (renamed)"}
CHANGE = "text"


def change_one(artifact: Path) -> None:
    """A recommendation's text or title (CHANGE) changes in one artifact's export (as after its evaluation
    is rebuilt)."""
    path = artifact / "evaluation.json"
    export = json.loads(path.read_text(encoding="utf-8"))
    rec = next(i for i in export["items"] if i.get("type") == "recommendation")
    rec[CHANGE] = {lang: f"{text}{CHANGES[CHANGE]}" for lang, text in rec[CHANGE].items() if text}
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")


def run_assembly_size(work: Path, n: int, seed_portal: Path, results: dict, verify: bool) -> None:
    from portal_library import clone_artifacts, write_portal_entries

    seeds = sorted(p.parent for p in (seed_portal / ".reportgen-portal" / "artifacts").glob("*/artifact.json"))
    day = json.loads((seeds[0] / "artifact.json").read_text())["build_date"]
    portal, artifacts = work / f"assembly-{n}", work / f"assembly-{n}" / "artifacts"
    start = time.perf_counter()
    folders = clone_artifacts(seeds, n, artifacts)
    # portal.yml for an assembly from artifacts: the evaluation folders need not exist
    write_portal_entries(portal, [f"evaluations/{f.name}" for f in folders])
    entry = {"evaluations": n, "seeds": len(seeds), "seed_portal": str(seed_portal), "change": CHANGE, "clone_s":
             round(time.perf_counter() - start, 1), "build_date": day}
    out = portal / "site"
    # the spare and the caches too (summaries of checked artifacts, cards, exports rows): the first assembly starts from nothing
    for folder in (out, portal / ".site.spare", *(portal / ".reportgen-portal" / c for c in ("summaries", "cards", "rows"))):
        shutil.rmtree(folder, ignore_errors=True)
    entry["first"] = assemble_in_child(portal, out, artifacts, day)
    entry["unchanged"] = assemble_in_child(portal, out, artifacts, day)
    # One evaluation changes, three times (another evaluation each time): the median run is reported,
    # every run's time and load beside it.
    runs = []
    for which in (n // 2, n // 3, (2 * n) // 3):
        change_one(folders[which])
        runs.append(assemble_in_child(portal, out, artifacts, day))
    entry["one_changed_runs"] = [{"seconds": r["seconds"], "load_before": r["load_before"], "load": r["load"],
                                  "timings": r["timings"]} for r in runs]
    entry["one_changed"] = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    files, size = tree_size(out)
    entry.update(site_files=files, site_mb=round(size / 1e6), html_pages=sum(1 for _ in out.rglob("*.html")))
    if verify:
        clean = portal / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        for cache in ("summaries", "cards", "search", "rows"):  # a clean assembly from nothing (Pagefind on every record)
            shutil.rmtree(portal / ".reportgen-portal" / cache, ignore_errors=True)
        entry["clean_after_change"] = assemble_in_child(portal, clean, artifacts, day)
        entry["files_differing_from_clean"] = same_files(out, clean)[:20]
        shutil.rmtree(clean, ignore_errors=True)
    results[str(n)] = entry
    save(work, results)


def one_build(project: Path, folder: Path) -> dict:
    """One evaluation's artifact built for real, as `portal build` builds a changed one (its worker process,
    public edition, no downloads): what a change costs before the assembly."""
    shutil.rmtree(folder, ignore_errors=True)
    before = [round(x, 1) for x in os.getloadavg()]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen.portal.artifacts", str(project), str(folder), "public", "0",
                    "bench", time.strftime("%Y-%m-%d")], check=True, capture_output=True)
    return {"seconds": round(time.perf_counter() - start, 1), "load_before": before,
            "load": [round(x, 1) for x in os.getloadavg()]}


def assembly_table(paths: list[Path]) -> str:
    """The assembly figures of docs/pages/benchmarks.md (Markdown) from --assembly result files."""
    sizes = {}
    for path in paths:
        sizes.update({k: v for k, v in json.loads(path.read_text()).items() if k.isdigit()})
    order = sorted(sizes, key=int)
    rows = [("first assembly (s)", lambda e: e["first"]["seconds"]),
            ("… per evaluation (s)", lambda e: round(e["first"]["seconds"] / e["evaluations"], 3)),
            ("… of which portal pages and downloads (s)", lambda e: e["first"]["timings"]["pages"]),
            ("… of which Pagefind (s)", lambda e: e["first"]["timings"]["search"]),
            ("assembly, nothing changed (s)", lambda e: e["unchanged"]["seconds"]),
            ("assembly after one evaluation changed, median of 3 (s)", lambda e: e["one_changed"]["seconds"]),
            ("… the 3 runs (s) at load (1 min, before)", lambda e: ", ".join(
                f"{r['seconds']} @ {r['load_before'][0]}" for r in e.get("one_changed_runs", [e["one_changed"]]))),
            ("… portal pages re-rendered / reused", lambda e: f"{e['one_changed']['pages'] - e['one_changed']['reused_pages']}"
             f" / {e['one_changed']['reused_pages']}"),
            ("… of which portal pages and downloads (s)", lambda e: e["one_changed"]["timings"]["pages"]),
            ("… list cards rendered (the others from the cache of cards)",
             lambda e: e["one_changed"].get("cards_rendered", "—")),
            ("… of which Pagefind (s)", lambda e: e["one_changed"]["timings"]["search"]),
            ("… … record pages / waiting for Pagefind after the pages / ordering its bundle (s)",
             lambda e: " / ".join(str(e["one_changed"]["timings"].get(k, "—"))
                                  for k in ("search_records", "search_wait", "search_order"))),
            ("… of which linking the evaluation sites (s)", lambda e: e["one_changed"]["timings"]["copy_sites"]),
            ("… evaluation sites kept from the spare", lambda e: e["one_changed"].get("kept_sites", "—")),
            ("… of which reading the artifacts (s)", lambda e: e["one_changed"]["timings"]["evaluations"]),
            ("… of which replacing the output (s)", lambda e: e["one_changed"]["timings"].get("swap", "—")),
            ("peak memory, assembling process (MB)", lambda e: max(e[k]["peak_mb"] for k in ("first", "one_changed"))),
            ("… per evaluation (MB)", lambda e: round(max(e[k]["peak_mb"] for k in ("first", "one_changed"))
                                                    / e["evaluations"], 2)),
            ("incremental output = clean assembly", lambda e: ("yes" if not e["files_differing_from_clean"]
                                                                else f"no: {len(e['files_differing_from_clean'])} files")
             if "files_differing_from_clean" in e else "not checked"),
            ("HTML pages (portal + evaluation sites)", lambda e: e["html_pages"]),
            ("one evaluation's build, for real, alone (s)", lambda e: e.get("one_build", {}).get("seconds", "—")),
            ("changed assembly within one evaluation's build + 5 s", lambda e: (
                ("yes" if e["one_changed"]["seconds"] <= e["one_build"]["seconds"] + 5 else "no")
                + f" ({e['one_changed']['seconds']} against {round(e['one_build']['seconds'] + 5, 1)})")
             if "one_build" in e else "—"),
            ("peak memory, the search index's merge or Pagefind (MB, largest child of the changed assembly)",
             lambda e: e["one_changed"].get("children_peak_mb", "—")),
            ("load average (1 min) before → after one evaluation's build",
             lambda e: (f"{e['one_build']['load_before'][0]} → {e['one_build']['load'][0]}" if "one_build" in e else "—")),
            ("load average (1 min) before → after the first assembly",
             lambda e: f"{e['first'].get('load_before', ['—'])[0]} → {e['first']['load'][0]}"),
            ("load average (1 min) before → after the changed assembly",
             lambda e: f"{e['one_changed'].get('load_before', ['—'])[0]} → {e['one_changed']['load'][0]}")]
    lines = ["| | " + " | ".join(order) + " |", "|---|" + "---|" * len(order)]
    lines += [f"| {label} | " + " | ".join(str(get(sizes[n])) for n in order) + " |" for label, get in rows]
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--table"]:
        print(table([Path(p) for p in sys.argv[2:]]))
        return
    if sys.argv[1:2] == ["--assembly-table"]:
        print(assembly_table([Path(p) for p in sys.argv[2:]]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,100,300")
    parser.add_argument("--real-max", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-bench"))
    parser.add_argument("--seed-portal", type=Path, default=None,
                        help="for sizes above --real-max: the portal built for real whose artifacts seed the cache "
                        "(default: WORK/portal-REAL_MAX)")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--assembly", action="store_true",
                        help="assembly only, from artifacts cloned from those of --seed-portal (see above)")
    parser.add_argument("--one-build", type=Path, default=None,
                        help="--assembly: also time one evaluation's artifact build, for real (this project folder, "
                        "without downloads), beside each size's assembly figures")
    parser.add_argument("--no-verify", action="store_true", help="--assembly: skip the clean assembly compared "
                        "byte for byte with the incremental one")
    parser.add_argument("--change", choices=sorted(CHANGES), default="text", help="--assembly: what the one change "
                        "changes in a recommendation: its text past its card's excerpt, or its title (its cards change)")
    args = parser.parse_args()
    global SEED_PORTAL, RESULTS, CHANGE
    SEED_PORTAL, CHANGE = args.seed_portal, args.change
    RESULTS = args.results or HERE / "results" / ("portal-assembly-latest.json" if args.assembly else "portal-latest.json")
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"machine": {"cores": os.cpu_count(), "load_at_start": os.getloadavg()}, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if args.assembly and args.seed_portal is None:
        parser.error("--assembly needs --seed-portal (a portal built for real, e.g. by --sizes 20)")
    for n in [int(x) for x in args.sizes.split(",")]:
        if args.assembly:
            run_assembly_size(args.work, n, args.seed_portal, results, verify=not args.no_verify)
            if args.one_build is not None:
                results[str(n)]["one_build"] = one_build(args.one_build, args.work / "one-build")
                save(args.work, results)
        else:
            run_size(args.work, n, args.real_max, results)
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    save(args.work, results)


if __name__ == "__main__":
    main()
