"""`reportgen portal build`: artifacts (cached, rebuilt in parallel processes) → pages, exports, search.

Each evaluation is built into its own artifact folder by a worker process
(`python -m reportgen.portal.artifacts`); an artifact whose fingerprint
(content, templates, configuration, reportgen version) is unchanged is reused.
The portal is assembled in a staging folder and swapped in whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import BuildError, ContentError, Report
from ..export import ExportJson
from ..output import discard, new_staging, output_lock, swap_into_place
from .artifacts import EXPORT, META, PARENT_ENV, Artifact, fingerprint, release_texts, reusable
from .artifacts import read_artifact as read_full_artifact
from .config import Entry, PortalConfig, load_config
from .records import drop_library_inputs, make_library, slim_export, split_texts

if TYPE_CHECKING:
    from .incremental import Manifest

CACHE_DIR = ".reportgen-portal"
MARKER = ".reportgen-portal-site"  # marks an output folder as a portal this command may replace


@dataclass
class PortalResult:
    out: Path
    evaluations: int = 0
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pages: int = 0
    reused_pages: int = 0      # portal pages taken from the previous output (incremental.Reuse)
    index_reused: bool = False  # the previous output's search index taken whole
    timings: dict[str, float] = field(default_factory=dict)
    build_date: date | None = None
    removals: list[subprocess.Popen[bytes]] = field(default_factory=list)  # detached processes removing old trees
    splitting: list[subprocess.Popen[bytes]] = field(default_factory=list)  # detached: the search index's parts
    kept_sites: int = 0  # evaluation sites kept in the spare the staging folder started from
    cards_rendered: int = 0  # list cards rendered (not taken from the cache of cards)
    warnings: list[str] = field(default_factory=list)  # e.g. a cached part that could not be read, made again


def build_portal(portal_dir: Path, out: Path | None = None, from_artifacts: Path | None = None,
                 build_date: date | None = None, workers: int | None = None) -> PortalResult:
    """Raises ContentError (every problem, with file and line) or BuildError; nothing is replaced then.

    One portal build at a time per output folder (the lock `reportgen build` takes); the staging
    folder is removed on every way out, and by the next build if this one was killed. The previous
    output, once swapped out, is removed by a detached process (output.remove_in_background): a
    library's tree of tens of thousands of files is not deleted while the user waits."""
    config = load_config(portal_dir, check_folders=from_artifacts is None)
    out = check_portal_output(out or config.root / "site", config)
    with output_lock(out, background=True):
        return _build(config, out, from_artifacts, build_date, workers)


def check_portal_output(out: Path, config: PortalConfig) -> Path:
    """The resolved output folder, or ContentError (portal.output) saying in one line why not."""
    try:
        out = Path(os.path.abspath(out))
        for parent in (out, *out.parents):
            if parent.exists() and not parent.is_dir():
                where = "is a file" if parent == out else f"is under {parent}, which is a file"
                raise ContentError.single(str(out), None, f"--out {where}, not a folder",
                                          "give a new or empty folder (or one a previous portal build wrote)",
                                          code="portal.output")
        out = out.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a symbolic-link loop on the way
        raise ContentError.single(str(out), None, f"--out cannot be resolved ({exc})",
                                  "give a folder path without a symbolic-link loop", code="portal.output") from None
    cache = config.root / CACHE_DIR
    if out == config.root or out in config.root.parents or out == cache or cache in out.parents:
        raise ContentError.single(str(out), None, f"--out is the portal folder {config.root}, holds it or is inside "
                                  "its cache; the build would replace it", "choose another folder (the default is "
                                  "PORTAL_DIR/site)", code="portal.output")
    projects = [entry.path for entry in config.evaluations]
    projects += [folder for folder in out.parents if (folder / "content").is_dir()
                 and (folder / "reportgen.yml").is_file()]
    for project in projects:
        if out == project or out in project.parents:
            raise ContentError.single(str(out), None, f"--out holds the evaluation project {project}; the build "
                                      "would replace it", "choose a folder outside every evaluation's project",
                                      code="portal.output")
        for name in ("content", "templates", "snapshots"):
            if out == project / name or project / name in out.parents:
                raise ContentError.single(str(out), None, f"--out is inside the {name}/ folder of the project "
                                          f"{project}; the build would write into its sources",
                                          "choose a folder outside every project's sources", code="portal.output")
    return out


def _build(config: PortalConfig, out: Path, from_artifacts: Path | None, build_date: date | None,
           workers: int | None) -> PortalResult:
    from .incremental import Reuse
    from .pages import write_portal
    from .search import start_search_index

    result = PortalResult(out)
    start = time.perf_counter()
    if from_artifacts is not None:
        artifacts, build_date = _given_artifacts(config, from_artifacts.resolve(), build_date,
                                                      summaries_dir(config))
    else:
        build_date = build_date or date.today()  # decided once: every evaluation's pages and the portal's
        artifacts = _built_artifacts(config, result, workers or os.cpu_count() or 1, build_date)
        _prune(config)
    _check_codes(config, artifacts)
    result.timings["evaluations"] = time.perf_counter() - start
    result.build_date = build_date
    library = make_library(artifacts, config.languages, build_date)
    drop_library_inputs(library)
    result.evaluations = len(artifacts)
    _check_replaceable(out)
    start = time.perf_counter()
    reuse = Reuse.start(out, config, build_date, cards=config.root / CACHE_DIR / "cards",
                        search_cache=config.root / CACHE_DIR / "search", rows_cache=config.root / CACHE_DIR / "rows")
    result.timings["reuse_start"] = time.perf_counter() - start
    start = time.perf_counter()
    staging, spare = _staging(out)
    try:
        for record in library.evaluations:
            reuse.sites[record.slug] = record.artifact.identity or site_identity(record.artifact.folder)
        kept = _keep_from_spare(staging, spare, reuse.sites, out, result.removals)
        for record in library.evaluations:
            if record.slug not in kept:
                _link_tree(record.artifact.site, staging / "e" / record.slug)
        result.kept_sites = len(kept)
        result.timings["copy_sites"] = time.perf_counter() - start
        # Pagefind indexes the records (its own process) while the pages are rendered (this one).
        start = time.perf_counter()
        indexing = start_search_index(library, config, staging, reuse)
        result.timings["search_records"] = time.perf_counter() - start
        try:
            start = time.perf_counter()
            result.pages = write_portal(library, config, staging, reuse)
            result.timings["pages"] = time.perf_counter() - start
        finally:
            start = time.perf_counter()
            indexing.join()  # before the staging folder may be removed
            result.timings["search_wait"] = time.perf_counter() - start
        start = time.perf_counter()
        result.warnings += indexing.warnings
        indexing.finish()
        if indexing.splitting is not None:
            result.splitting.append(indexing.splitting)
        result.timings["search_order"] = time.perf_counter() - start
        result.timings["search"] = sum(result.timings[k] for k in ("search_records", "search_wait", "search_order"))
        result.reused_pages, result.index_reused = reuse.reused, reuse.search_reused
        result.cards_rendered = reuse.cards_rendered
        reuse.write(staging, library)  # swapped in with the pages it describes
        reuse.write_cards(library, config.languages)
        reuse.prune_rows(library)
        (staging / MARKER).write_text("reportgen portal\n", encoding="utf-8")
        start = time.perf_counter()
        removal = swap_into_place(staging, out, background=True, keep_as=spare_path(out))
        if removal is not None:
            result.removals.append(removal)
        result.timings["swap"] = time.perf_counter() - start
    finally:
        discard(staging, out)  # gone already when the swap succeeded; else removed by a detached process
        release_texts()
    return result


# --- the spare: the output before the current one, the next staging folder ----------------------------

def spare_path(out: Path) -> Path:
    """`.NAME.spare` beside the output: the output the last swap replaced, kept (not removed) so that the
    next assembly starts from it: its evaluation sites whose artifact is unchanged are kept in place
    instead of being linked again file by file. Never served; removable at any time."""
    return out.parent / f".{out.name}.spare"


def _staging(out: Path) -> tuple[Path, Manifest | None]:
    """A new staging folder: the spare, claimed by a rename (a build killed from here on leaves a
    staging folder, removed by the next build; the live output is never touched), with its manifest;
    or an empty folder."""
    from .incremental import read_manifest

    staging = new_staging(out)
    spare = spare_path(out)
    if not spare.is_dir() or spare.is_symlink() or not (spare / MARKER).is_file():
        return staging, None
    try:
        spare.rename(staging)  # onto the empty staging folder: one rename
    except OSError:
        return staging, None
    return staging, read_manifest(staging)


def _keep_from_spare(staging: Path, manifest: Manifest | None, sites: dict[str, str], out: Path,
                     removals: list[subprocess.Popen[bytes]]) -> set[str]:
    """Everything of a claimed spare except the evaluation sites whose artifact's site is the one it
    was linked from (site_identity) is moved aside and removed by a detached process; the slugs kept."""
    if not any(staging.iterdir()):
        return set()
    previous = manifest.get("sites") if manifest is not None else None
    previous = previous if isinstance(previous, dict) else {}
    aside = new_staging(out)
    kept: set[str] = set()
    for child in list(staging.iterdir()):
        if child.name != "e" or not child.is_dir() or child.is_symlink():
            child.rename(aside / child.name)
    for child in list((staging / "e").iterdir()) if (staging / "e").is_dir() else []:
        if child.is_dir() and not child.is_symlink() and sites.get(child.name) == previous.get(child.name) \
                and child.name in sites:
            kept.add(child.name)
        else:
            (aside / "e").mkdir(exist_ok=True)
            child.rename(aside / "e" / child.name)
    removal = discard(aside, out)
    if removal is not None:
        removals.append(removal)
    return kept


def site_identity(site: Path) -> str:
    """What an evaluation's linked site is made of: every file's path, inode, size, time and mode, every
    folder's path. The same identity later means the same files (hard links share their inode;
    a file changed in place gets another time), so a spare's copy of the site can be kept.

    The digest of a walk of `site` (os.walk's order: a folder, then its subfolders by name; symbolic
    links listed, never followed), made with os.scandir (an artifact of hundreds of files is walked on
    every assembly: os.walk's path arithmetic was most of the time)."""
    digest = hashlib.sha256()

    def walk(folder: str, here: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        dirs.sort(key=lambda entry: entry.name)
        digest.update(f"{here}/\0{len(dirs)}\0{len(files)}\n".encode())
        for entry in sorted(files, key=lambda entry: entry.name):
            info = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.name}\0{info.st_dev}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}"
                          f"\0{info.st_mode}\n".encode())
        for entry in dirs:
            if not entry.is_symlink():
                walk(entry.path, entry.name if here == "." else f"{here}/{entry.name}")

    walk(os.fspath(site), ".")
    return digest.hexdigest()


# --- artifacts ----------------------------------------------------------------------------------

def read_artifact(folder: Path, summaries: Path | None = None) -> tuple[Artifact | None, str | None]:
    """An artifact, checked, with only what the portal uses of its export kept (records.slim_export):
    one evaluation's whole export is held at a time, not the library's.

    With `summaries` (the portal's cache of checked artifacts, summaries_dir), an artifact whose
    files are those it was checked with (artifact_identity) is taken from its summary, written when
    it was checked: its export is not read, parsed, checked and slimmed again. Any change to any of
    its files (another size, time, inode or mode; a file added or removed; a file replaced by a
    link) changes its identity, and the artifact is checked again as untrusted input."""
    identity = artifact_identity(folder) if summaries is not None else None
    if summaries is not None and identity is not None:
        cached = _read_summary(summaries, folder, identity)
        if cached is not None:
            return cached, None
    artifact, problem = read_full_artifact(folder)
    if artifact is not None:
        artifact.export = slim_export(artifact.export)
        digest = hashlib.sha256()
        for name in (META, EXPORT):
            digest.update((folder / name).read_bytes())
        artifact.digest = digest.hexdigest()
        artifact.identity = identity or ""
        if summaries is not None and identity is not None and not _racy(folder):
            if _write_summary(summaries, artifact):
                return artifact, problem
        _hold_compact(artifact, None)
    return artifact, problem


def _hold_compact(artifact: Artifact, loader: Callable[[], tuple[ExportJson, int]] | None) -> None:
    """The library holds the compact part of an export (records.split_texts); the texts only the
    search index shows are held too when there is no summary to read them from again (`loader` None)."""
    artifact.export, texts = split_texts(artifact.export)
    if loader is None:
        artifact.texts = texts
    else:
        artifact.texts_loader = loader


def _texts_reader(path: Path, identity: str) -> Callable[[], tuple[ExportJson, int]]:
    """Artifact.texts_loader: the texts of the summary's texts file at `path` (written for `identity`),
    and its size."""
    def load() -> tuple[ExportJson, int]:
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError):
            text, data = "", None
        if not isinstance(data, dict) or data.get("identity") != identity or not isinstance(data.get("texts"), dict):
            raise BuildError(f"{path}: the portal's cache changed during the build; build again")
        return data["texts"], len(text)
    return load


# /2: the texts (records.split_texts, nine tenths of a summary) in a file of their own, read only when an
# evaluation's cards, record pages or export rows are made: an assembly reads 4 MB of summaries at 300
# evaluations, not 38 MB.
SUMMARY_FORMAT = "reportgen-portal-summary/2"
# A file changed again less than this long after it was last written may keep its time (the file
# system's clock ticks in milliseconds) and size: such an artifact is checked but not summarised yet.
RACY_SECONDS = 2.0


def summaries_dir(config: PortalConfig) -> Path:
    """The portal's cache of checked artifacts: one summary per evaluation folder name."""
    return config.root / CACHE_DIR / "summaries"


def artifact_identity(folder: Path) -> str | None:
    """What an artifact folder is made of (site_identity of the whole folder) and artifact.json's bytes;
    None when it is no plain folder with an artifact.json (read_full_artifact then says why)."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None
        meta = (folder / META).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(f"{site_identity(folder)}\0{hashlib.sha256(meta).hexdigest()}".encode()).hexdigest()


def _racy(folder: Path) -> bool:
    now = time.time()
    try:
        return any(now - os.lstat(folder / name).st_mtime < RACY_SECONDS for name in (META, EXPORT))
    except OSError:
        return True


def _summary_path(summaries: Path, folder: Path) -> Path:
    return summaries / f"{folder.name}.json"


TEXTS_SUFFIX = ".texts"  # not .json: no evaluation folder's summary can have its name


def _texts_path(summaries: Path, folder: Path) -> Path:
    return summaries / f"{folder.name}{TEXTS_SUFFIX}"


def _read_summary(summaries: Path, folder: Path, identity: str) -> Artifact | None:
    try:
        data = json.loads(_summary_path(summaries, folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT or data.get("identity") != identity \
            or data.get("folder") != str(folder.resolve()):
        return None
    artifact = Artifact(folder, data["meta"], data["export"], digest=data["digest"], identity=identity)
    artifact.texts_loader = _texts_reader(_texts_path(summaries, folder), identity)  # the export is compact
    return artifact


def _write_summary(summaries: Path, artifact: Artifact) -> bool:
    """The compact part of the artifact's slimmed export in its summary, its texts in a file beside it
    (records.split_texts), each written whole or not at all (a temporary file renamed), the texts first
    (the summary names the identity they are checked against); the artifact then holds the compact part
    and reads its texts from that file. A cache that cannot be written is skipped (False: the artifact
    is left whole)."""
    from .incremental import write_whole

    compact, texts = split_texts(artifact.export)
    data = {"format": SUMMARY_FORMAT, "identity": artifact.identity, "folder": str(artifact.folder.resolve()),
            "digest": artifact.digest, "meta": artifact.meta, "export": compact}
    try:
        write_whole(_texts_path(summaries, artifact.folder),
                    json.dumps({"identity": artifact.identity, "texts": texts}, ensure_ascii=False))
        write_whole(_summary_path(summaries, artifact.folder), json.dumps(data, ensure_ascii=False))
    except OSError:
        return False
    artifact.export = compact
    artifact.texts_loader = _texts_reader(_texts_path(summaries, artifact.folder), artifact.identity)
    return True


def build_one_artifact(portal_dir: Path, name: str, out: Path, build_date: date | None = None) -> Path:
    """`reportgen portal artifact`: the artifact of the evaluation `name` of portal.yml, built as
    `portal build` builds it (its edition and downloads), into OUT/NAME; one CI job per evaluation."""
    config = load_config(portal_dir)
    entry = next((e for e in config.evaluations if e.path.name == name), None)
    if entry is None:
        known = ", ".join(e.path.name for e in config.evaluations)
        raise ContentError.single(config.file, None, f"no evaluation folder named {name!r} in {config.file}",
                                  f"give one of: {known}", code="portal.config")
    out = check_portal_output(out, config)
    folder = out / name
    build_date = build_date or date.today()
    with output_lock(folder):
        key = fingerprint(entry.path, config.edition, config.downloads)
        code, stderr = _run_worker(config, entry, folder, key, build_date, set())
        if code != 0:
            report = Report()
            _report_failure(config, entry, stderr, report)
            report.raise_if_errors()
        artifact, problem = read_artifact(folder)
        if artifact is None:
            raise BuildError(f"{folder}: {problem}")
    return folder


def artifacts_dir(config: PortalConfig) -> Path:
    """The cache: one artifact per evaluation, named like its folder (usable with --from-artifacts)."""
    return config.root / CACHE_DIR / "artifacts"


def _artifact_dir(config: PortalConfig, project: Path) -> Path:
    return artifacts_dir(config) / project.name


def _prune(config: PortalConfig) -> None:
    """Artifacts (and summaries) of evaluations no longer in portal.yml are removed from the cache."""
    keep = {entry.path.name for entry in config.evaluations}
    cache = artifacts_dir(config)
    for child in sorted(cache.iterdir()) if cache.is_dir() else []:
        if child.name not in keep and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
    summaries = summaries_dir(config)
    for suffix in (".json", TEXTS_SUFFIX):
        for child in sorted(summaries.glob(f"*{suffix}")) if summaries.is_dir() else []:
            if child.name[:-len(suffix)] not in keep:
                child.unlink(missing_ok=True)


def _built_artifacts(config: PortalConfig, result: PortalResult, workers: int, build_date: date) -> list[Artifact]:
    jobs: list[tuple[Entry, Path, str, date]] = []
    summaries = summaries_dir(config)
    found: dict[str, Artifact] = {}
    for entry in config.evaluations:
        folder = _artifact_dir(config, entry.path)
        key = fingerprint(entry.path, config.edition, config.downloads)
        artifact, _ = read_artifact(folder, summaries)
        if artifact is not None and reusable(artifact, key, build_date):
            result.reused.append(entry.path.name)
            found[entry.path.name] = artifact
        else:
            jobs.append((entry, folder, key, build_date))
    report = Report()
    running: set[subprocess.Popen[str]] = set()
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
            outcomes = list(pool.map(lambda job: _run_worker(config, job[0], job[1], job[2], job[3], running), jobs))
    except BaseException:  # Ctrl-C, SIGTERM: the workers stop too (SIGKILL: the kernel stops them)
        for process in list(running):
            process.kill()
        raise
    for (entry, *_), (code, stderr) in zip(jobs, outcomes):
        if code != 0:
            _report_failure(config, entry, stderr, report)
        else:
            result.rebuilt.append(entry.path.name)
    report.raise_if_errors()
    artifacts = []
    for entry in config.evaluations:
        artifact = found.get(entry.path.name)
        if artifact is None:
            artifact, problem = read_artifact(_artifact_dir(config, entry.path), summaries)
        if artifact is None:
            raise BuildError(f"{entry.path}: {problem}")
        artifacts.append(artifact)
    return artifacts


def _run_worker(config: PortalConfig, entry: Entry, folder: Path, key: str, build_date: date,
                running: set[subprocess.Popen[str]]) -> tuple[int, str]:
    """One evaluation's build in its own process (its own SOURCE_DATE_EPOCH, memory and MkDocs runs),
    killed by the kernel if the portal build dies (artifacts._die_with_parent)."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)  # each evaluation's date comes from its own content
    env[PARENT_ENV] = str(os.getpid())
    command = [sys.executable, "-m", "reportgen.portal.artifacts", str(entry.path), str(folder), config.edition,
               "1" if config.downloads else "0", key, build_date.isoformat()]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env) as process:
        running.add(process)
        try:
            _, stderr = process.communicate()
        finally:
            running.discard(process)
    return process.returncode, stderr


def _report_failure(config: PortalConfig, entry: Entry, stderr: str, report: Report) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if ": error" in line or line.startswith("build failed")] or lines[-5:]
    for error in errors or ["(no message)"]:
        report.error(config.file, entry.line, f"evaluation {entry.path.name} does not build: {error}",
                     f"run 'reportgen check --project {entry.path}' and fix it", code="portal.evaluation")


def _given_artifacts(config: PortalConfig, folder: Path, build_date: date | None,
                      summaries: Path | None = None) -> tuple[list[Artifact], date]:
    """--from-artifacts: the artifact of each portal.yml entry is FOLDER/<the entry's folder name>.

    Their edition and downloads must be the portal's; the artifacts whose pages show a date (their
    follow-up) must all have been built for one date, which is then the portal's (or for the date
    given), so that an evaluation's pages and the portal's dashboard agree."""
    report = Report()
    artifacts = []
    dates: dict[str, list[str]] = {}
    for entry in config.evaluations:
        artifact, problem = read_artifact(folder / entry.path.name, summaries)
        if artifact is None:
            report.error(config.file, entry.line, f"artifact {folder / entry.path.name}: {problem}",
                         "build it with 'reportgen portal build' (or copy a complete artifact folder there)",
                         code="portal.artifact")
        elif artifact.meta.get("edition") != config.edition:
            report.error(config.file, entry.line, f"artifact {entry.path.name} is the {artifact.meta.get('edition')} "
                         f"edition; portal.yml asks for the {config.edition} edition",
                         "rebuild the artifact with the portal's edition", code="portal.artifact")
        elif bool(artifact.meta.get("downloads", True)) != config.downloads:
            report.error(config.file, entry.line, f"artifact {entry.path.name} was built "
                         f"{'with' if artifact.meta.get('downloads', True) else 'without'} downloads; portal.yml says "
                         f"downloads: {str(config.downloads).lower()}",
                         "rebuild the artifact with the portal's downloads setting", code="portal.artifact")
        else:
            artifacts.append(artifact)
            if artifact.meta.get("dated"):
                dates.setdefault(str(artifact.meta.get("build_date")), []).append(entry.path.name)
    if build_date is None and len(dates) == 1:
        build_date = date.fromisoformat(next(iter(dates)))
    build_date = build_date or date.today()
    wrong = {day: names for day, names in dates.items() if day != build_date.isoformat()}
    for day, names in sorted(wrong.items()):
        report.error(config.file, None, f"artifact(s) {', '.join(names)} show their follow-up as of {day}, "
                     f"the portal as of {build_date.isoformat()}: their pages and the portal's would disagree",
                     "build every artifact for one date ('reportgen portal artifact --date', or rebuild them the "
                     "same day)", code="portal.artifact")
    report.raise_if_errors()
    return artifacts, build_date


def _check_codes(config: PortalConfig, artifacts: list[Artifact]) -> None:
    report = Report()
    first: dict[str, Entry] = {}
    for entry, artifact in zip(config.evaluations, artifacts):
        if artifact.code in first:
            report.error(config.file, entry.line, f"evaluation code {artifact.code!r} of {entry.path.name} is "
                         f"already used by {first[artifact.code].path.name} (line {first[artifact.code].line})",
                         "each evaluation needs its own code (evaluation.code in its content)",
                         code="portal.duplicate_code")
        first.setdefault(artifact.code, entry)
    report.raise_if_errors()


# --- output ---------------------------------------------------------------------------------------

def _check_replaceable(out: Path) -> None:
    if out.exists() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise ContentError.single(out, None, "the output folder exists and is not a portal built by reportgen; "
                                  "it is left untouched", "choose another --out folder", code="portal.output")


def _link_tree(source: Path, target: Path) -> None:
    """Hard links where possible (a library's sites are large), copies otherwise. Only regular files
    and folders are taken (read_artifact refused anything else; checked again here, never followed)."""
    target.mkdir(parents=True)
    for top, dirs, files in os.walk(source, followlinks=False):
        here = target / Path(top).relative_to(source)
        for name in sorted(dirs):
            if stat.S_ISDIR(os.lstat(os.path.join(top, name)).st_mode):
                (here / name).mkdir()
        dirs[:] = [d for d in dirs if stat.S_ISDIR(os.lstat(os.path.join(top, d)).st_mode)]
        for name in files:
            src, dst = os.path.join(top, name), here / name
            if not stat.S_ISREG(os.lstat(src).st_mode):
                raise BuildError(f"{src} is not a regular file (an artifact may hold only files and folders)")
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copyfile(src, dst, follow_symlinks=False)
