"""Synthetic content at N times the bundled evaluation, with distinct text and valid links.

Copy k (k = 2..N) of every findings section, key finding, conclusion and
recommendation gets its own IDs (S3 -> S3x2, H40 -> H40x2, C4 -> C4x2) and
its own words (a per-copy token is woven into every sentence), and links to
the copies of the same k, so every reference stays valid. Criteria, questions,
lessons, good practices and annexes are shared by all copies.

    python benchmarks/synthetic.py 5 /tmp/content-5x
"""

from __future__ import annotations

import re
import shutil
import sys
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


if __name__ == "__main__":
    make(int(sys.argv[1]), Path(sys.argv[2]))
