"""Synthetic content at N times the bundled evaluation, with distinct text and valid links.

Copy k (k = 2..N) of every findings section, key finding, conclusion and
recommendation gets its own IDs (S3 -> S3x2, H40 -> H40x2, C4 -> C4x2) and
its own words (a per-copy token is woven into every sentence), and links to
the copies of the same k, so every reference stays valid. Criteria, questions,
lessons, good practices and annexes are shared by all copies.

    python benchmarks/synthetic.py 5 /tmp/content-5x

`make_items` makes a report of a given number of recommendations and key findings instead (the
bundled one's, copied with their own IDs and words); `--scaling` builds it at 500, 1,000 and
2,000 recommendations with 5,000 findings and prints the time per item, which must stay flat
(issue 26: the explorer's facets made 2,000 recommendations 12.9 times slower than 500):

    python benchmarks/synthetic.py --scaling
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _token(k: int) -> str:
    return f"variante{k}"


def _vary(text: str | None, k: int) -> str | None:
    """Distinct words per copy, same length and structure."""
    if not text or k == 1:
        return text
    return re.sub(r"([.;:])( |$)", lambda m: f" {_token(k)}{m.group(1)}{m.group(2)}", text, count=0)


def _vary_text(value, k: int):
    if isinstance(value, dict) and set(value) <= {"es", "en"}:
        return {lang: _vary(text, k) for lang, text in value.items()}
    return value


def _suffix(item_id: str, k: int) -> str:
    return item_id if k == 1 else f"{item_id}x{k}"


def make(scale: int, out: Path, source: Path = ROOT / "content") -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    sections = sorted((out / "findings").glob("S*.yaml"))
    base_sections = len(sections)
    for path in sections:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        section = data["sections"][0]
        narrative = (path.parent / section["narrative"]["es"]).read_text(encoding="utf-8")
        for k in range(2, scale + 1):
            copy = dict(section)
            copy["id"] = _suffix(section["id"], k)
            copy["number"] = section["number"] + base_sections * (k - 1)
            copy["title"] = _vary_text(section["title"], k)
            copy["findings"] = [{"id": _suffix(f["id"], k), "text": _vary_text(f["text"], k)}
                                for f in section["findings"]]
            name = f"{path.stem}x{k}"
            copy["narrative"] = {"es": f"{name}.es.md"}
            (path.parent / f"{name}.es.md").write_text(_vary(narrative, k), encoding="utf-8")
            (path.parent / f"{name}.yaml").write_text(
                yaml.safe_dump({"sections": [copy]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for filename, key, links in (("conclusions.yaml", "conclusions", ()),
                                 ("recommendations.yaml", "recommendations", ("conclusions",))):
        path = out / filename
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        originals = list(data[key])
        for k in range(2, scale + 1):
            for item in originals:
                copy = {name: _vary_text(value, k) for name, value in item.items()}
                copy["id"] = _suffix(item["id"], k)
                for link in links:
                    copy[link] = [_suffix(target, k) for target in item.get(link, [])]
                data[key].append(copy)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Comments and snapshots are about the real evaluation only.
    shutil.rmtree(out / "rounds", ignore_errors=True)
    return out


MAX_FINDINGS_PER_SECTION = 500  # the model's limit (Section.findings)


def make_items(recommendations: int, findings: int, out: Path, source: Path = ROOT / "content") -> Path:
    """The bundled evaluation with `recommendations` recommendations and `findings` key findings in all:
    copies of its own, each with its own ID and words, spread over its sections."""
    make(1, out, source)
    path = out / "recommendations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    originals = list(data["recommendations"])
    for n in range(len(originals), recommendations):
        item, k = originals[n % len(originals)], n // len(originals) + 1
        data["recommendations"].append({**{name: _vary_text(value, k) for name, value in item.items()},
                                        "id": f"{item['id']}x{k}"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sections = sorted((out / "findings").glob("S*.yaml"))
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sections]
    existing = sum(len(d["sections"][0]["findings"]) for d in documents)
    assert findings <= MAX_FINDINGS_PER_SECTION * len(sections), "more findings than the sections may hold"
    for n in range(findings - existing):
        section = documents[n % len(documents)]["sections"][0]
        section["findings"].append({"id": f"HX{n + 1}", "text": {
            "es": f"Hallazgo sintético {n + 1}: {_token(n)} muestra una tendencia.",
            "en": f"Synthetic finding {n + 1}: {_token(n)} shows a trend."}})
    for path, document in zip(sections, documents):
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


SCALES = (500, 1000, 2000)
SCALING_FINDINGS = 5000


def scaling(counts: tuple[int, ...] = SCALES, findings: int = SCALING_FINDINGS,
            keep: Path | None = None) -> list[tuple[int, int, float, float]]:
    """Build at each scale (real CLI, no downloads); print and return (recommendations, findings, wall seconds,
    CPU seconds of the build and its MkDocs workers).

    A recommendation costs far more than a synthetic finding (narrative, fields, its row in the explorer and
    in the filter pages), so the time per item rises with the share of recommendations even when the build is
    linear. Linear means a flat *marginal* time: the seconds each added recommendation costs between two sizes.
    The CPU time (getrusage of the build's processes) is the figure to compare: on a shared machine the load
    moves the wall time by ±30 %; the load average is printed with each line."""
    rows: list[tuple[int, int, float, float]] = []
    print(f"{'recommendations':>15} {'findings':>8} {'wall s':>7} {'CPU s':>7} {'CPU ms/item':>11} "
          f"{'CPU ms/rec':>10} {'marginal CPU ms/rec':>19} {'wall ms/item':>12} {'load':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            content = (keep or Path(tmp)) / f"content-{count}-{findings}"
            if not (content / "recommendations.yaml").is_file():
                make_items(count, findings, content)
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", str(ROOT), "--content",
                            str(content), "--out", str(Path(tmp) / f"site-{count}"), "--no-downloads"],
                           check=True, cwd=tmp, capture_output=True)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            marginal = (f"{1000 * (cpu - rows[-1][3]) / (count - rows[-1][0]):>19.1f}" if rows else f"{'':>19}")
            rows.append((count, findings, seconds, cpu))
            print(f"{count:>15,} {findings:>8,} {seconds:>7.1f} {cpu:>7.1f} {1000 * cpu / (count + findings):>11.2f} "
                  f"{1000 * cpu / count:>10.1f} {marginal} {1000 * seconds / (count + findings):>12.2f} "
                  f"{load:>4.1f}-{os.getloadavg()[0]:<4.1f}", flush=True)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--scaling"]:  # --scaling [COUNTS [FINDINGS [KEEP]]]: e.g. --scaling 2000 5000 /tmp/c
        more = sys.argv[2:]
        scaling(tuple(int(c) for c in more[0].split(",")) if more else SCALES,
                int(more[1]) if len(more) > 1 else SCALING_FINDINGS, Path(more[2]) if len(more) > 2 else None)
    else:
        make(int(sys.argv[1]), Path(sys.argv[2]))
