"""Edit-to-preview latency of `reportgen serve` on the bundled evaluation.

Starts the real `reportgen serve` on a copy of the project, edits one key
finding's YAML, and measures the time until the served page shows the edit
(polling the page itself) and checks the search index is still complete.

    python benchmarks/edit_preview.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--project", str(project),
                                   "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    fetch(base + "__reportgen/status")
                    break
                except OSError:
                    time.sleep(0.1)
            full_index = fetch(base + "search/search_index.json").count('"location"')
            target = project / "content" / "findings" / "S07.yaml"
            original = target.read_text(encoding="utf-8")
            latencies = []
            for run in range(args.runs):
                marker = f"EDIT{run}MARKER"
                edited = original.replace("podrían fortalecerse", f"podrían fortalecerse {marker}", 1)
                assert edited != original
                start = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                while marker not in fetch(base + "findings/S7/"):
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - start)
                index = fetch(base + "search/search_index.json")
                assert marker in index and index.count('"location"') == full_index, "search index incomplete"
                time.sleep(0.5)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", str(project), "--out",
                            str(Path(tmp) / "full")], check=True, capture_output=True)
            full_build = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(10)
    result = {"edit_to_preview_s": {"median": round(statistics.median(latencies), 3),
                                    "min": round(min(latencies), 3), "max": round(max(latencies), 3),
                                    "runs": len(latencies)},
              "full_build_cli_s": round(full_build, 3), "search_docs": full_index}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
