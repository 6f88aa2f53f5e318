"""Lighthouse on the built site: home, a criterion page and the recommendations, in both languages.

    cd benchmarks && npm ci            # once: Lighthouse from package-lock.json into node_modules/
    python3 benchmarks/lighthouse.py                    # builds the bundled site, then measures
    python3 benchmarks/lighthouse.py --site site --runs 3

Builds the bundled evaluation (`reportgen build --no-downloads`; the downloads do not change a
page), serves it on a local port, runs Lighthouse's default (mobile, simulated throttling)
audit with Debian's Chromium (CHROME_PATH) on every page, keeps the median score of each
category over the runs, writes benchmarks/results/lighthouse-latest.json (scores, the audits
that failed, page weight) and prints one line per page with the four scores.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ["", "en/", "criteria/effectiveness/", "en/criteria/effectiveness/", "recommendations/",
         "en/recommendations/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}


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


def build(out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", str(ROOT), "--no-downloads",
                    "--out", str(out)], check=True, env=env)


def audit(url: str) -> dict:
    """One Lighthouse run: {category: score}, the failed audits and the transfer size."""
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE.parents[2]}")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        "--only-categories=" + ",".join(CATEGORIES),
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       check=True, env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", CHROMIUM)))
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
    failed = sorted({ref["id"] for c in CATEGORIES for ref in data["categories"][c]["auditRefs"]
                     if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 0.9
                     and data["audits"][ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")})
    metrics = {k: data["audits"][k]["numericValue"] for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "total-byte-weight")}
    return {"scores": scores, "failed": failed, "metrics": metrics}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median kept)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lighthouse-latest.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results = {}
        try:
            for path in PAGES:
                runs = [audit(base + path) for _ in range(args.runs)]
                results[path or "/"] = {
                    "scores": {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES},
                    "metrics": {k: statistics.median(r["metrics"][k] for r in runs) for k in runs[0]["metrics"]},
                    "failed_audits": sorted({a for r in runs for a in r["failed"]}),
                    "runs": [r["scores"] for r in runs],
                }
                line = "  ".join(f"{c} {results[path or '/']['scores'][c]:.2f}" for c in CATEGORIES)
                print(f"{path or '/':32} {line}", flush=True)
        finally:
            server.shutdown()
    missed = {page: [c for c in CATEGORIES if r["scores"][c] < TARGETS[c]] for page, r in results.items()}
    missed = {page: cats for page, cats in missed.items() if cats}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"lighthouse": "default mobile preset", "runs": args.runs, "targets": TARGETS,
                                    "pages": results, "below_target": missed}, indent=2) + "\n", encoding="utf-8")
    print("below target:", missed or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
