"""When a page's first frame is made and when it is drawn, in Lighthouse's own runs (its trace).

    python3 benchmarks/first_frame.py --pages print/,en/print/ --runs 5
    python3 benchmarks/first_frame.py --folder SITE --pages print/ --runs 3

Builds the bundled site's public edition (or takes --folder), serves it as benchmarks/lighthouse.py
does, and runs Lighthouse's performance audit with its trace kept and Chromium's compositor events
added. For each run, in ms after the page's navigation start: the renderer's first commit of the
page, the activation of that frame, its first draw, the first contentful paint, and when Viz (the
display compositor) began to hold back the renderer's frames ("ThrottleUndrawnFrames": frames the
renderer sent for the surface it had before the navigation were never drawn); then Lighthouse's
observed and simulated FCP and LCP, TBT and score. A run whose page was committed before the
throttle began draws at once; one committed after it waits for Viz's once-a-second frame (observed
FCP near 1.25 or 2.25 s). Writes benchmarks/results/first-frame-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # noqa: E402  (this folder's script: build, host, Lighthouse's path)

EXTRA_CATEGORIES = "viz,cc,disabled-by-default-viz.surface_id_flow"


def frame_times(trace: list[dict]) -> dict:
    """The page's first commit, activation, draw and contentful paint, and Viz's first throttle (ms)."""
    starts = [e for e in trace if e.get("name") == "navigationStart"
              and e.get("args", {}).get("data", {}).get("isLoadingMainFrame")
              and e["args"]["data"].get("documentLoaderURL", "").startswith("http")]
    start, renderer = starts[-1]["ts"], starts[-1]["pid"]
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in trace
               if e.get("ph") == "M" and e.get("name") == "thread_name"}

    def first(name, thread=None, pid=renderer, after=0.0, where=lambda e: True):
        """ms after the navigation start of the first such event (at or after `after` ms), or None."""
        times = [e["ts"] for e in trace if e.get("name") == name and e["ts"] >= start + after * 1000
                 and (pid is None or e["pid"] == pid) and where(e)
                 and (thread is None or threads.get((e["pid"], e["tid"])) == thread)]
        return round((min(times) - start) / 1000, 1) if times else None

    # the old page's compositor still draws after the navigation start: the page's frame is drawn after its commit
    commit = first("Commit", "CrRendererMain")
    activate = first("ActivateLayerTree", "Compositor", after=commit or 0)
    return {"commit": commit, "activate": activate, "draw": first("DrawFrame", "Compositor", after=activate or 0),
            "fcp": first("firstContentfulPaint"),
            "viz_throttle": first("SendBeginFrameDecision", pid=None,
                                  where=lambda e: e.get("args", {}).get("reason") == "ThrottleUndrawnFrames")}


def run(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([str(lighthouse.LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        "--save-assets", "--only-categories=performance",
                        f"--additional-trace-categories={EXTRA_CATEGORIES}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"], check=True,
                       env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", lighthouse.CHROMIUM)))
        data = json.loads(report.read_text(encoding="utf-8"))
        trace = json.loads((Path(tmp) / "report-0.trace.json").read_text(encoding="utf-8"))["traceEvents"]
    audits, observed = data["audits"], data["audits"]["metrics"]["details"]["items"][0]
    return {**frame_times(trace), "observed_fcp": observed["observedFirstContentfulPaint"],
            "fcp_simulated": round(audits["first-contentful-paint"]["numericValue"]),
            "lcp_simulated": round(audits["largest-contentful-paint"]["numericValue"]),
            "tbt": round(audits["total-blocking-time"]["numericValue"]),
            "server_response": round(audits["server-response-time"]["numericValue"]),
            "performance": data["categories"]["performance"]["score"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="a built site (default: build the public edition)")
    parser.add_argument("--pages", default="print/,en/print/", help="comma-separated page paths")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=lighthouse.ROOT / "benchmarks" / "results" / "first-frame-latest.json")
    args = parser.parse_args(argv)
    if not lighthouse.LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run `npm ci` in {lighthouse.LIGHTHOUSE.parents[2]}")
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or lighthouse.build_site(Path(tmp))
        server = lighthouse.serve(folder)
        try:
            for page in args.pages.split(","):
                for number in range(args.runs):
                    before = lighthouse.load()
                    result = {**run(f"http://127.0.0.1:{server.server_address[1]}/{page}"),
                              "load_1min": [round(before, 2), round(lighthouse.load(), 2)]}
                    results.setdefault(page, []).append(result)
                    print(f"{page:12} run {number + 1}: " + "  ".join(f"{k} {v}" for k, v in result.items()), flush=True)
        finally:
            server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"trace_categories_added": EXTRA_CATEGORIES, "pages": results}, indent=2) + "\n",
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
