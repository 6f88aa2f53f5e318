"""`reportgen portal build`: artifacts (cached, rebuilt in parallel processes) → pages, exports, search.

Each evaluation is built into its own artifact folder by a worker process
(`python -m reportgen.portal.artifacts`); an artifact whose fingerprint
(content, templates, configuration, reportgen version) is unchanged is reused.
The portal is assembled in a staging folder and swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import BuildError, ContentError, Report
from .artifacts import Artifact, fingerprint, read_artifact
from .config import Entry, PortalConfig, load_config
from .records import make_library

CACHE_DIR = ".reportgen-portal"
MARKER = ".reportgen-portal-site"  # marks an output folder as a portal this command may replace


@dataclass
class PortalResult:
    out: Path
    evaluations: int = 0
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def build_portal(portal_dir: Path, out: Path | None = None, from_artifacts: Path | None = None,
                 build_date: date | None = None, workers: int | None = None) -> PortalResult:
    """Raises ContentError (every problem, with file and line) or BuildError; nothing is replaced then."""
    from .pages import write_portal
    from .search import write_search_index

    config = load_config(portal_dir, check_folders=from_artifacts is None)
    out = (out or config.root / "site").resolve()
    result = PortalResult(out)
    start = time.perf_counter()
    if from_artifacts is not None:
        artifacts = _given_artifacts(config, from_artifacts.resolve())
    else:
        artifacts = _built_artifacts(config, result, workers or os.cpu_count() or 1)
    _check_codes(config, artifacts)
    result.timings["evaluations"] = time.perf_counter() - start
    library = make_library(artifacts, config.languages, build_date or date.today())
    result.evaluations = len(artifacts)
    staging = _staging_dir(out)
    start = time.perf_counter()
    for record in library.evaluations:
        _link_tree(record.artifact.site, staging / "e" / record.slug)
    result.timings["copy_sites"] = time.perf_counter() - start
    start = time.perf_counter()
    result.pages = write_portal(library, config, staging)
    result.timings["pages"] = time.perf_counter() - start
    start = time.perf_counter()
    write_search_index(library, config, staging)
    result.timings["search"] = time.perf_counter() - start
    (staging / MARKER).write_text("reportgen portal\n", encoding="utf-8")
    _swap(staging, out)
    return result


# --- artifacts ----------------------------------------------------------------------------------

def artifacts_dir(config: PortalConfig) -> Path:
    """The cache: one artifact per evaluation, named like its folder (usable with --from-artifacts)."""
    return config.root / CACHE_DIR / "artifacts"


def _artifact_dir(config: PortalConfig, project: Path) -> Path:
    return artifacts_dir(config) / project.name


def _built_artifacts(config: PortalConfig, result: PortalResult, workers: int) -> list[Artifact]:
    jobs = []
    for entry in config.evaluations:
        folder = _artifact_dir(config, entry.path)
        key = fingerprint(entry.path, config.edition, config.downloads)
        artifact, _ = read_artifact(folder)
        if artifact is not None and artifact.meta.get("fingerprint") == key:
            result.reused.append(entry.path.name)
        else:
            jobs.append((entry, folder, key))
    report = Report()
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
        outcomes = list(pool.map(lambda job: _run_worker(config, *job), jobs))
    for (entry, _, _), (code, stderr) in zip(jobs, outcomes):
        if code != 0:
            _report_failure(config, entry, stderr, report)
        else:
            result.rebuilt.append(entry.path.name)
    report.raise_if_errors()
    artifacts = []
    for entry in config.evaluations:
        artifact, problem = read_artifact(_artifact_dir(config, entry.path))
        if artifact is None:
            raise BuildError(f"{entry.path}: {problem}")
        artifacts.append(artifact)
    return artifacts


def _run_worker(config: PortalConfig, entry, folder: Path, key: str) -> tuple[int, str]:
    """One evaluation's build in its own process (its own SOURCE_DATE_EPOCH, memory and MkDocs runs)."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)  # each evaluation's date comes from its own content
    command = [sys.executable, "-m", "reportgen.portal.artifacts", str(entry.path), str(folder), config.edition,
               "1" if config.downloads else "0", key]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    return done.returncode, done.stderr


def _report_failure(config: PortalConfig, entry, stderr: str, report: Report) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if ": error" in line or line.startswith("build failed")] or lines[-5:]
    for error in errors or ["(no message)"]:
        report.error(config.file, entry.line, f"evaluation {entry.path.name} does not build: {error}",
                     f"run 'reportgen check --project {entry.path}' and fix it")


def _given_artifacts(config: PortalConfig, folder: Path) -> list[Artifact]:
    """--from-artifacts: the artifact of each portal.yml entry is FOLDER/<the entry's folder name>."""
    report = Report()
    artifacts = []
    for entry in config.evaluations:
        artifact, problem = read_artifact(folder / entry.path.name)
        if artifact is None:
            report.error(config.file, entry.line, f"artifact {folder / entry.path.name}: {problem}",
                         "build it with 'reportgen portal build' (or copy a complete artifact folder there)")
        elif artifact.meta.get("edition") != config.edition:
            report.error(config.file, entry.line, f"artifact {entry.path.name} is the {artifact.meta.get('edition')} "
                         f"edition; portal.yml asks for the {config.edition} edition",
                         "rebuild the artifact with the portal's edition")
        else:
            artifacts.append(artifact)
    report.raise_if_errors()
    return artifacts


def _check_codes(config: PortalConfig, artifacts: list[Artifact]) -> None:
    report = Report()
    first: dict[str, Entry] = {}
    for entry, artifact in zip(config.evaluations, artifacts):
        if artifact.code in first:
            report.error(config.file, entry.line, f"evaluation code {artifact.code!r} of {entry.path.name} is "
                         f"already used by {first[artifact.code].path.name} (line {first[artifact.code].line})",
                         "each evaluation needs its own code (evaluation.code in its content)")
        first.setdefault(artifact.code, entry)
    report.raise_if_errors()


# --- output ---------------------------------------------------------------------------------------

def _staging_dir(out: Path) -> Path:
    if out.exists() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise ContentError.single(out, None, "the output folder exists and is not a portal built by reportgen; "
                                  "it is left untouched", "choose another --out folder")
    staging = out.parent / f".{out.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _link_tree(source: Path, target: Path) -> None:
    """Hard links where possible (a library's sites are large), copies otherwise."""
    def link_or_copy(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, copy_function=link_or_copy)


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
