"""Reproducible builds: the same content gives the same site, byte for byte.

The sample is built twice into two different folders, 1.1 s apart, with the real CLI
(downloads included): once with SOURCE_DATE_EPOCH unset in both runs, once with the
same SOURCE_DATE_EPOCH set in both. Every file's sha256 is compared.

Today the pages, the search indexes and the sitemaps (sitemap.xml and its .gz) are
identical - reportgen stamps them with a content-derived SOURCE_DATE_EPOCH - but the
downloads are not (see REASON).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES

SAMPLE = FIXTURES / "sample"
FIXED_EPOCH = "1700000000"  # 2023-11-14

REASON = (
    "downloads are stamped with the build time, not SOURCE_DATE_EPOCH: "
    "downloads/report-es.pdf and en/downloads/report-en.pdf (Chromium/Skia writes /CreationDate and "
    "/ModDate = now); downloads/recommendations-es.xlsx and en/downloads/recommendations-en.xlsx "
    "(openpyxl writes docProps/core.xml dcterms:created/modified = now, and every ZIP entry gets the "
    "current time); downloads/templates/{LA1,BP1}-es.docx and en/downloads/templates/{LA1,BP1}-en.docx "
    "(same XML inside, but ZIP entry timestamps = now). 8 files; everything else is identical.")


def build(out: Path, project: Path, epoch: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--project", str(project),
                             "--content", str(SAMPLE), "--out", str(out)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    """{scenario: (tree of the first build, tree of the second)}; both scenarios run side by side."""
    root = tmp_path_factory.mktemp("reproducible")
    scenarios = {"SOURCE_DATE_EPOCH unset": None, f"SOURCE_DATE_EPOCH={FIXED_EPOCH}": FIXED_EPOCH}
    outs = {}
    with concurrent.futures.ThreadPoolExecutor(len(scenarios)) as pool:
        for run in ("first", "second"):
            jobs = []
            for index, (name, epoch) in enumerate(scenarios.items()):
                project = root / f"project-{index}"
                project.mkdir(exist_ok=True)
                out = root / f"site-{index}-{run}"
                outs[(name, run)] = out
                jobs.append(pool.submit(build, out, project, epoch))
            for job in jobs:
                job.result()
            if run == "first":
                time.sleep(1.1)  # a build-time stamp now differs by at least one second
    return {name: (tree(outs[(name, "first")]), tree(outs[(name, "second")])) for name in scenarios}


def differing(first: dict, second: dict) -> list[str]:
    return sorted(k for k in set(first) | set(second) if first.get(k) != second.get(k))


SCENARIOS = ["SOURCE_DATE_EPOCH unset", f"SOURCE_DATE_EPOCH={FIXED_EPOCH}"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pages_search_and_sitemaps_are_reproducible(builds, scenario):
    first, second = builds[scenario]
    assert set(first) == set(second)
    assert any(p.endswith("sitemap.xml.gz") for p in first) and any(p.endswith("search_index.json") for p in first)
    pages = differing({k: v for k, v in first.items() if "downloads/" not in k},
                      {k: v for k, v in second.items() if "downloads/" not in k})
    assert pages == [], f"{scenario}: these files differ between two builds: {pages}"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_whole_site_is_reproducible(builds, scenario):
    first, second = builds[scenario]
    files = differing(first, second)
    assert files == [], f"{scenario}: {len(files)} files differ between two builds: {files}"
