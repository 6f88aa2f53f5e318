"""Memory of `reportgen serve` across many reloads of the bundled evaluation.

Starts the real `reportgen serve` on a copy of the project, edits
content/recommendations.yaml N times (a new word each time, in one language
then the other, so every build renders and converts changed pages), waits
for each rebuild to finish (the build counter of /__reportgen/status, which the
preview's pages poll), and after each reload samples the resident memory
(VmRSS in /proc/PID/status) of the serve process and of each build worker
(its child processes).

    python benchmarks/serve_memory.py [--reloads 100] [--out benchmarks/results/serve-memory-latest.json]

Prints the memory at reloads 1, 10, 25, 50, 75 and 100 per process and the slope
of the last half (least squares, KB per reload).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("reportgen.yml", "mkdocs.yml")
PROJECT_FOLDERS = ("content", "schemas")
EDITED = Path("content") / "recommendations.yaml"
# A sentence of R1 in each language: the edit appends a new word to one of them.
ANCHORS = ("subvierte la lógica habitual del diseño de proyectos",
           "subverts the usual logic of project design")
REPORTED = (1, 10, 25, 50, 75, 100)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(base: str) -> dict:
    with urllib.request.urlopen(base + "__reportgen/status", timeout=10) as response:
        return json.loads(response.read())


def copy_project(target: Path) -> None:
    target.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, target / name)
    for name in PROJECT_FOLDERS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return sorted(found)


def wait_for_build(base: str, after: int, server: subprocess.Popen, timeout: float = 300) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"serve ended with exit code {server.returncode}")
        try:
            state = status(base)
        except OSError:
            state = None
        if state is not None:
            if state["errors"]:
                raise RuntimeError("the edit did not build: " + "; ".join(state["errors"]))
            if state["build"] > after:
                return state
        time.sleep(0.05)
    raise TimeoutError(f"no build after build {after} within {timeout} s")


def edit(path: Path, original: str, reload: int) -> None:
    anchor = ANCHORS[reload % 2]
    edited = original.replace(anchor, f"{anchor} (edit {reload})", 1)
    assert edited != original, f"{anchor!r} not found in {path}"
    path.write_text(edited, encoding="utf-8")


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope (KB per reload)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0


def measure(reloads: int, env: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        copy_project(project)
        port = free_port()
        log = open(Path(tmp) / "serve.log", "w+", encoding="utf-8")
        server = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", "--project", str(project),
                                   "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}/"
        samples: dict[str, list[tuple[int, int]]] = {"main": []}
        seconds = []
        try:
            build = wait_for_build(base, 0, server, timeout=300)["build"]
            target = project / EDITED
            original = target.read_text(encoding="utf-8")
            for reload in range(1, reloads + 1):
                # A new modification time even on file systems with coarse timestamps.
                time.sleep(POLL_GAP)
                start = time.perf_counter()
                edit(target, original, reload)
                build = wait_for_build(base, build, server)["build"]
                seconds.append(time.perf_counter() - start)
                samples["main"].append((reload, rss_kb(server.pid)))
                for index, child in enumerate(children(server.pid)):
                    value = rss_kb(child)
                    if value is not None:
                        samples.setdefault(f"worker{index + 1}", []).append((reload, value))
        except (RuntimeError, TimeoutError) as exc:
            log.seek(0)
            raise RuntimeError(f"{exc}; serve's log ends with:\n{log.read()[-2000:]}") from None
        finally:
            server.terminate()
            server.wait(30)
            log.close()
    if len(samples) == 1:
        raise RuntimeError("no build worker found")
    return {"samples": samples, "seconds": seconds}


POLL_GAP = 0.3  # serve polls modification times every 0.2 s


def summary(samples: dict[str, list[tuple[int, int]]], reloads: int) -> dict:
    result = {}
    for name, points in samples.items():
        by_reload = dict(points)
        last_half = [p for p in points if p[0] > reloads - reloads // 2]
        result[name] = {"rss_kb": {str(r): by_reload[r] for r in REPORTED if r in by_reload},
                        "slope_last_half_kb_per_reload": round(slope(last_half), 1)}
    return result


def print_table(result: dict, reloads: int) -> None:
    shown = [r for r in REPORTED if r <= reloads]
    print("RSS (MB) after reload " + " ".join(f"{r:>7}" for r in shown) + "   slope, last half (KB/reload)")
    for name, figures in result.items():
        row = " ".join(f"{figures['rss_kb'].get(str(r), 0) / 1024:7.1f}" for r in shown)
        print(f"{name:<22} {row}   {figures['slope_last_half_kb_per_reload']:+.1f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reloads", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "serve-memory-latest.json")
    args = parser.parse_args()
    measured = measure(args.reloads, dict(os.environ))
    result = summary(measured["samples"], args.reloads)
    print_table(result, args.reloads)
    seconds = sorted(measured["seconds"])
    report = {"reloads": args.reloads, "python": platform.python_version(), "cpus": os.cpu_count(),
              "processes": result,
              "save_to_build_s": {"median": round(seconds[len(seconds) // 2], 3),
                                  "max": round(seconds[-1], 3)},
              "rss_kb_every_reload": {name: [kb for _, kb in points]
                                      for name, points in measured["samples"].items()}}
    print(f"save to finished build: median {report['save_to_build_s']['median']} s, "
          f"max {report['save_to_build_s']['max']} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
