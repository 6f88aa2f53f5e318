"""Lighthouse on every page type: the bundled site (public edition), a portal and a `reportgen new` project.

    cd benchmarks && npm ci            # once: Lighthouse from package-lock.json into node_modules/
    python3 benchmarks/lighthouse.py                       # builds all three, then measures
    python3 benchmarks/lighthouse.py --only site,starter --runs 3

Builds (without the PDF/XLSX/DOCX downloads, which do not change a page):
- site: the bundled evaluation, public edition (what is published), in es and en;
- portal: the bundled evaluation (with the portal tests' management responses) and a French
  starter, in a portal in es, en and fr (`reportgen portal build`);
- starter: `reportgen new --languages fr,en`, public edition;
- review: the bundled evaluation's review edition one round on (a snapshot, then edits), for the pages
  only reviewers have: what changed and the comments log.
Serves each on a local port with gzip compression (as GitHub Pages, Netlify or nginx do), runs
Lighthouse's default audit (mobile, simulated throttling) with Debian's Chromium (CHROME_PATH) on
every page type in each language, keeps the median of each category over the runs, records the
machine's load average around every page, writes benchmarks/results/lighthouse-latest.json (scores,
the audits that failed, metrics, load) and prints one line per page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Every page type of each target, in its languages: home, a criterion page, the findings index and a
# section, conclusions, recommendations, lessons, good practices, the explorer (filters) and one of its
# facet pages, the matrix, the annexes (wide tables, charts), the glossary, the downloads, the one-page
# edition and the 404 page; the portal's home, evaluations list, an evaluation page, a facet page, the
# recommendations, lessons and good practices lists, follow-up dashboard and search, and an evaluation's
# home and follow-up page inside it (its root page only sends the reader on to a language: not measured,
# Lighthouse finds no contentful paint there).
SITE_PAGES = ["", "criteria/effectiveness/", "findings/", "findings/S8/", "conclusions/", "recommendations/",
              "lessons/", "good-practices/", "explorer/", "explorer/priority/high/", "matrix/", "annexes/",
              "glossary/", "downloads/", "print/", "404.html"]
PORTAL_PAGES = ["index.html", "evaluations/index.html", "evaluations/per-17-51-usa/index.html",
                "evaluations/country/pe/index.html", "recommendations/index.html",
                "recommendations/priority/high/index.html", "lessons/index.html", "good-practices/index.html",
                "follow-up/index.html", "search/index.html"]
PAGES = {
    "site": [p + page for p in ("", "en/") for page in SITE_PAGES],
    "portal": [f"{lang}/{page}" for lang in ("es", "en") for page in PORTAL_PAGES]
              + ["fr/index.html", "404.html", "e/per-17-51-usa/", "e/per-17-51-usa/follow-up/",
                 "e/per-17-51-usa/en/follow-up/"],
    "starter": ["", "criteria/relevance/", "en/", "en/recommendations/", "404.html"],
    # the review edition's own pages: what changed since the last round, and the comments log
    "review": ["changes/", "en/changes/", "comments/", "en/comments/"],
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as the site will have: text files gzip-compressed, cached for a while
    (what GitHub Pages, Netlify or nginx with gzip do; Python's own server does neither)."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or not path.name.endswith(self.COMPRESS)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _cli(*args) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def build_site(work: Path) -> Path:
    _cli("build", "--project", ROOT, "--edition", "public", "--no-downloads", "--out", work / "site")
    return work / "site"


def build_starter(work: Path) -> Path:
    _cli("new", work / "starter", "--languages", "fr,en")
    _cli("build", "--project", work / "starter", "--edition", "public", "--no-downloads",
         "--out", work / "starter-site")
    return work / "starter-site"


def build_portal(work: Path) -> Path:
    """The bundled evaluation (with the portal tests' management responses) and a French starter."""
    portal = work / "portal"
    final = portal / "evaluations" / "final"
    shutil.copytree(ROOT / "content", final / "content")
    shutil.copy(ROOT / "reportgen.yml", final / "reportgen.yml")
    shutil.copy(ROOT / "tests" / "fixtures" / "portal" / "management-responses.yaml", final / "content")
    _cli("new", portal / "evaluations" / "starter", "--languages", "fr,en")
    (portal / "portal.yml").write_text(
        "title: {es: Evaluaciones de prueba, en: Test evaluations, fr: Évaluations de test}\n"
        "languages: [es, en, fr]\nedition: public\ndownloads: false\n"
        "evaluations:\n  - evaluations/final\n  - evaluations/starter\n", encoding="utf-8")
    _cli("portal", "build", portal)
    return portal / "site"


def build_review(work: Path) -> Path:
    """The review edition of the bundled evaluation, one round on: a snapshot, then two conclusions
    edited and one removed, built `--since` the snapshot (the what-changed page has content)."""
    project = work / "review"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "reportgen.yml", project / "reportgen.yml")
    _cli("snapshot", "round-1", "--project", project)
    conclusions = project / "content" / "conclusions.yaml"
    text = conclusions.read_text(encoding="utf-8")
    text = text.replace("alta pertinencia", "muy alta pertinencia", 1).replace("high relevance", "very high relevance", 1)
    text = text.replace("enfoque participativo", "enfoque participativo y abierto", 1)
    conclusions.write_text(text, encoding="utf-8")
    _cli("build", "--project", project, "--since", "round-1", "--no-downloads", "--out", work / "review-site")
    return work / "review-site"


BUILDERS = {"site": build_site, "portal": build_portal, "starter": build_starter, "review": build_review}


def audit(url: str) -> dict | None:
    """One Lighthouse run: {category: score}, the failed audits and the transfer size; None when
    Lighthouse fails (its last error line is printed), so one failed run does not end the others."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                               "--only-categories=" + ",".join(CATEGORIES),
                               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                              capture_output=True, text=True,
                              env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", CHROMIUM)))
        if done.returncode or not report.is_file():
            errors = [line for line in done.stderr.splitlines() if "Error" in line] or done.stderr.splitlines()[-1:]
            print(f"  Lighthouse failed on {url}: {errors[0] if errors else done.returncode}", file=sys.stderr)
            return None
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
    failed = sorted({ref["id"] for c in CATEGORIES for ref in data["categories"][c]["auditRefs"]
                     if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 0.9
                     and data["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")})
    metrics = {k: data["audits"][k]["numericValue"] for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "total-byte-weight")}
    return {"scores": scores, "failed": failed, "metrics": metrics}


def load() -> float:
    return os.getloadavg()[0]


def measure(base: str, path: str, runs: int) -> dict:
    before, started = load(), time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    runs_done = [audit(base + path) for _ in range(runs)]
    results = [r for r in runs_done if r]
    if not results:
        return {"error": "every Lighthouse run failed", "load_1min": [round(before, 2), round(load(), 2)],
                "measured": started}
    return {
        "scores": {c: statistics.median(r["scores"][c] for r in results) for c in CATEGORIES},
        "metrics": {k: statistics.median(r["metrics"][k] for r in results) for k in results[0]["metrics"]},
        "failed_audits": sorted({a for r in results for a in r["failed"]}),
        "runs": [r["scores"] for r in results], "failed_runs": runs - len(results),
        "load_1min": [round(before, 2), round(load(), 2)], "measured": started,
    }


def table(paths: list[Path], latest: bool = False) -> str:
    """The Markdown table of docs/pages/benchmarks.md from result files: one row per page (with `latest`,
    one row per page across the files, from the last file that measured it)."""
    several = len(paths) > 1   # then a first column says which file (run) a row comes from
    rows = {}
    for number, path in enumerate(paths, 1):
        # the UTC time a page was measured (files written before it was recorded: their date)
        fallback = time.strftime("%Y-%m-%d", time.gmtime(path.stat().st_mtime))
        for page, r in json.loads(path.read_text(encoding="utf-8"))["pages"].items():
            if "scores" not in r:
                continue
            sc, perf = r["scores"], [run["performance"] for run in r["runs"]]
            rows[page if latest else (number, page)] = (
                (f"| {number} " if several else "") + f"| `{page}` | {sc['performance']:.2f} "
                f"({min(perf):.2f}–{max(perf):.2f}, {len(perf)}) | "
                f"{sc['accessibility']:.2f} | {sc['best-practices']:.2f} | {sc['seo']:.2f} | "
                f"{r['metrics']['cumulative-layout-shift']:.3f} | {r['metrics']['total-blocking-time']:.0f} | "
                f"{r['load_1min'][0]:.1f}–{r['load_1min'][1]:.1f} | {r.get('measured', fallback)} |")
    head = [("| run " if several else "") + "| page | performance (min–max, runs) | accessibility | best practices "
            "| SEO | CLS | TBT (ms) | load | measured (UTC) |", ("|---" if several else "") + "|---" * 9 + "|"]
    return "\n".join(head + list(rows.values()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="site,portal,starter,review",
                        help="comma-separated: site, portal, starter, review")
    parser.add_argument("--folder", type=Path, help="a built site to measure instead (with --only: its kind)")
    parser.add_argument("--pages", help="comma-separated page paths to measure (default: every page type)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median kept)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lighthouse-latest.json")
    parser.add_argument("--table", type=Path, nargs="+", help="print the Markdown table of result files, and stop")
    parser.add_argument("--latest", action="store_true",
                        help="with --table: one row per page, from the last file that measured it")
    args = parser.parse_args(argv)
    if args.table:
        print(table(args.table, args.latest))
        return 0
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE.parents[2]}")
    kinds = args.only.split(",")
    results: dict[str, dict] = {}
    started = load()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            folder = args.folder or BUILDERS[kind](Path(tmp))
            server = serve(folder)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            try:
                for path in args.pages.split(",") if args.pages else PAGES[kind]:
                    key = f"{kind}:/{path}"
                    results[key] = measure(base, path, args.runs)
                    if "error" in results[key]:
                        print(f"{key:52} {results[key]['error']}  load {results[key]['load_1min']}", flush=True)
                        continue
                    line = "  ".join(f"{c} {results[key]['scores'][c]:.2f}" for c in CATEGORIES)
                    print(f"{key:52} {line}  load {results[key]['load_1min']}  "
                          f"{' '.join(results[key]['failed_audits'])}", flush=True)
            finally:
                server.shutdown()
    missed = {page: [c for c in CATEGORIES if r["scores"][c] < TARGETS[c]] if "scores" in r else ["error"]
              for page, r in results.items()}
    missed = {page: cats for page, cats in missed.items() if cats}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "lighthouse": "default mobile preset (simulated throttling), gzip-compressing server", "runs": args.runs,
        "cores": os.cpu_count(), "load_1min_at_start": round(started, 2), "load_1min_at_end": round(load(), 2),
        "targets": TARGETS, "pages": results, "below_target": missed}, indent=2) + "\n", encoding="utf-8")
    print("below target:", missed or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
