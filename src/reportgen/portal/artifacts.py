"""Per-evaluation artifacts: what one evaluation's build leaves for the portal.

The contract (documented in docs/pages/guide/portal.md): an artifact folder holds

    site/            the evaluation's built site (either edition), as `reportgen build` writes it
    evaluation.json  the JSON export of the same edition (`reportgen export json` format)
    artifact.json    {"format": "reportgen-artifact/1", "code", "languages", "edition",
                      "fingerprint", "reportgen", "downloads"}, written last: its presence
                     means the artifact is complete

so a CI matrix can build evaluations on many machines and `reportgen portal build
--from-artifacts DIR` assembles them. `python -m reportgen.portal.artifacts` is the
worker the portal runs, one process per changed evaluation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__
from ..context import Environment
from ..export import FORMAT as EXPORT_FORMAT, ExportJson, export_problems
from ..resources import MKDOCS_CONFIG, TEMPLATES, defaults_dir

FORMAT = "reportgen-artifact/1"
META = "artifact.json"
EXPORT = "evaluation.json"
SITE = "site"
# Exports made before the `languages` key existed were always Spanish and English.
DEFAULT_LANGUAGES = ["es", "en"]
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass
class Artifact:
    folder: Path
    meta: ExportJson
    export: ExportJson
    digest: str = ""  # of artifact.json and evaluation.json as read (the portal's incremental assembly)
    identity: str = ""  # build.artifact_identity when read with the portal's summaries, else ""
    # What only the search index's record pages show (records.split_texts): held here, or None
    # when `texts_loader` reads it again from the portal's cache, one evaluation at a time (read_texts).
    texts: ExportJson | None = None
    texts_loader: Callable[[], tuple[ExportJson, int]] | None = field(default=None, repr=False, compare=False)

    def read_texts(self) -> ExportJson:
        """The evaluation's texts (records.split_texts: its summary, its items' bodies): two thirds of
        what the portal would hold of the library, so they are read when one evaluation's cards, record
        pages or export rows are made. The first read are kept up to TEXTS_HELD characters of summaries
        (a library of a few hundred is read once), the others one at a time (the last one read)."""
        if self.texts is not None:
            return self.texts
        if self.texts_loader is None:
            return {}
        global _LAST_TEXTS, _HELD_SIZE
        held = _HELD_TEXTS.get(id(self))
        if held is not None and held[0] is self:
            return held[1]
        if _LAST_TEXTS is not None and _LAST_TEXTS[0] is self:
            return _LAST_TEXTS[1]
        texts, size = self.texts_loader()
        if _HELD_SIZE + size <= TEXTS_HELD:
            _HELD_TEXTS[id(self)] = (self, texts)
            _HELD_SIZE += size
        else:
            _LAST_TEXTS = (self, texts)
        return texts

    @property
    def site(self) -> Path:
        return self.folder / SITE

    @property
    def code(self) -> str:
        return str(self.export.get("evaluation", {}).get("code") or self.meta.get("code", ""))

    @property
    def languages(self) -> list[str]:
        """The evaluation's languages, first = original: the export's `languages`, else es+en."""
        return list(self.export.get("languages") or self.meta.get("languages") or DEFAULT_LANGUAGES)


# Artifact.read_texts: the texts kept (by the artifact's id, with the artifact), the characters of their
# summaries, the one read last beyond TEXTS_HELD. Emptied by release_texts at the end of an assembly.
TEXTS_HELD = 24_000_000
_HELD_TEXTS: dict[int, tuple[Artifact, ExportJson]] = {}
_HELD_SIZE = 0
_LAST_TEXTS: tuple[Artifact, ExportJson] | None = None


def release_texts() -> None:
    """The texts Artifact.read_texts keeps, dropped (an assembly is done)."""
    global _LAST_TEXTS, _HELD_SIZE
    _HELD_TEXTS.clear()
    _HELD_SIZE = 0
    _LAST_TEXTS = None


class ArtifactMeta(BaseModel):
    """artifact.json, checked before any of it is used (an artifact may come from another machine)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    format: Literal["reportgen-artifact/1"]
    code: str | None = None
    languages: list[str] = Field(min_length=1, max_length=50)
    edition: Literal["review", "public"]
    fingerprint: str = Field(pattern=r"^[0-9A-Za-z]{1,128}$")
    reportgen: str = Field(max_length=100)
    downloads: bool
    pages: int | dict[str, int] | None = None
    timings: dict[str, float] | None = None
    build_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    dated: bool | None = None


# A value the portal uses in a file or folder name (a language, a value-set key, an ID).
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2,4})?")
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_PROBLEMS = 5


def read_artifact(folder: Path) -> tuple[Artifact | None, str | None]:
    """(artifact, None) or (None, what is wrong with the folder).

    An artifact is untrusted input (`--from-artifacts` takes artifacts built on other machines): it
    may hold only regular files and folders (no symbolic link, device, pipe or socket), its
    artifact.json and evaluation.json must match their schemas, and every value the portal puts
    into a file name (languages, value-set keys such as a priority, IDs) must be a plain name."""
    if folder.is_symlink():
        return None, f"{folder} is a symbolic link (an artifact is a plain folder; copy it instead of linking it)"
    meta_path, export_path = folder / META, folder / EXPORT
    if not meta_path.is_file():
        return None, f"no {META} (an artifact is written by 'reportgen portal build'; see README, Portal)"
    if not export_path.is_file() or not (folder / SITE).is_dir():
        return None, f"incomplete artifact: needs {EXPORT} and {SITE}/"
    unsafe = unsafe_entries(folder)
    if unsafe:
        return None, "; ".join(unsafe)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        export = json.loads(export_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"unreadable artifact: {exc}"
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(export, dict) \
            or not str(export.get("format", "")).startswith("reportgen/"):
        return None, f"unknown artifact format {_format_of(meta)!r} (expected {FORMAT})"
    try:
        ArtifactMeta.model_validate(meta)
    except ValidationError as exc:
        found = [f"$.{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}"
                 + (f" (found {repr(e['input'])[:60]})" if e["type"] != "missing" else "")
                 for e in exc.errors()[:MAX_PROBLEMS]]
        return None, (f"{meta_path} is not a {FORMAT} file: {'; '.join(found)} (rebuild the artifact with "
                      "'reportgen portal build')")
    problems = export_problems(export)
    if problems:
        return None, (f"{export_path} is not a {EXPORT_FORMAT} export: {'; '.join(problems)} (rebuild the "
                      "artifact with this version of reportgen; schemas/export.schema.json describes the format)")
    named = name_problems(meta, export, meta_path, export_path)
    if named:
        return None, "; ".join(named) + " (a value the portal writes into a file name must be a plain name)"
    return Artifact(folder, meta, export), None


def unsafe_entries(folder: Path) -> list[str]:
    """Everything in the artifact that is not a regular file or a folder (symbolic links are not
    followed: a link to a folder, or a loop, is reported as the link it is)."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder, followlinks=False, onerror=lambda exc: found.append(
            f"{exc.filename}: cannot be read ({exc.strerror})")):
        for name in sorted(dirs + files):
            path = Path(top) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError as exc:
                found.append(f"{path}: cannot be read ({exc.strerror})")
                continue
            if stat.S_ISLNK(mode):
                found.append(f"{path} is a symbolic link (an artifact may hold only files and folders)")
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(f"{path} is a special file (device, pipe or socket), not a file or a folder")
            if len(found) >= MAX_PROBLEMS:
                return found
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
    return found


def _plain_problem(value: object, pattern: re.Pattern[str]) -> str | None:
    if not isinstance(value, str):
        return None  # the schema says what it should be
    if pattern.fullmatch(value) and ".." not in value:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        what = "a control character"
    elif "/" in value or "\\" in value:
        what = "a slash"
    elif ".." in value:
        what = "'..'"
    else:
        what = f"characters other than {'a language code' if pattern is LANGUAGE else 'letters, digits, . _ -'}"
    return f"{value[:60]!r} holds {what}"


def name_problems(meta: ExportJson, export: ExportJson, meta_path: Path, export_path: Path) -> list[str]:
    """The values the portal puts into paths, each checked as a plain name: `file: $.key: problem`."""
    from ..content import registry

    found: list[str] = []

    def check(path: Path, key: str, value: object, pattern: re.Pattern[str] = SAFE_KEY) -> None:
        problem = _plain_problem(value, pattern)
        if problem and len(found) < MAX_PROBLEMS:
            found.append(f"{path}: {key}: {problem}")

    for index, lang in enumerate(meta.get("languages") or []):
        check(meta_path, f"$.languages[{index}]", lang, LANGUAGE)
    for index, lang in enumerate(export.get("languages") or []):
        check(export_path, f"$.languages[{index}]", lang, LANGUAGE)
    fields = {t.kind: list(registry.value_set_fields(t.model)) for t in registry.item_types()}
    for index, item in enumerate(export.get("items") or []):
        if not isinstance(item, dict):
            continue
        check(export_path, f"$.items[{index}].id", item.get("id"))
        for name in fields.get(str(item.get("type")), ()):
            check(export_path, f"$.items[{index}].{name}", item.get(name))
    for name, entries in (export.get("value_sets") or {}).items():
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            check(export_path, f"$.value_sets.{name}[{index}].id", entry.get("id") if isinstance(entry, dict) else None)
    for index, response in enumerate(export.get("management_responses") or []):
        if isinstance(response, dict):
            check(export_path, f"$.management_responses[{index}].recommendation", response.get("recommendation"))
            for k, action in enumerate(response.get("key_actions") or []):
                if isinstance(action, dict):
                    check(export_path, f"$.management_responses[{index}].key_actions[{k}].id", action.get("id"))
    return found


def _format_of(meta: object) -> object:
    return meta.get("format") if isinstance(meta, dict) else type(meta).__name__


# --- the cache key ------------------------------------------------------------------------------

def _hash_tree(digest: "hashlib._Hash", folder: Path, suffixes: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") or part == "__pycache__" for part in parts) or parts[0] in skip:
            continue
        if suffixes and path.suffix not in suffixes:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        data = path.read_bytes()
        if parts[0] == "i18n" and "portal" in skip:
            data = without_portal_texts(data)
        digest.update(hashlib.sha256(data).digest())


_PORTAL_SECTION = re.compile(rb"^portal:[^\n]*\n(?:(?:[ \t#][^\n]*)?\n)*", re.M)


def without_portal_texts(catalog: bytes) -> bytes:
    """An interface-texts file less its top-level `portal:` section (the portal's own words: an
    evaluation's pages never use them, so changing them rebuilds no evaluation)."""
    return _PORTAL_SECTION.sub(b"", catalog)


@lru_cache(maxsize=1)
def _tool_hash() -> str:
    """reportgen itself: its version, code and built-in templates, less the portal's own (an evaluation's
    build does not use them: a change to the portal's pages rebuilds no evaluation).

    The built-in templates and mkdocs.yml are found where the build finds them (`reportgen.resources`:
    inside the installed package, or the checkout's own), so an upgrade that changes only a template
    rebuilds the artifacts in a regular install too."""
    digest = hashlib.sha256(__version__.encode())
    _hash_tree(digest, PACKAGE_DIR, (".py",), skip=("portal",))
    defaults = defaults_dir()
    _hash_tree(digest, defaults / TEMPLATES, skip=("portal",))
    mkdocs = defaults / MKDOCS_CONFIG
    digest.update(mkdocs.read_bytes() if mkdocs.is_file() else b"")
    return digest.hexdigest()


def fingerprint(project_dir: Path, edition: str, downloads: bool) -> str:
    """What the evaluation's build depends on: content, templates, configuration, reportgen version."""
    digest = hashlib.sha256(f"{_tool_hash()}\0{edition}\0{downloads}\0".encode())
    for name in ("content", "templates", "snapshots"):
        digest.update(name.encode() + b"\0")
        _hash_tree(digest, project_dir / name)
    for name in ("reportgen.yml", "mkdocs.yml"):
        path = project_dir / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()


def is_dated(export: ExportJson) -> bool:
    """Whether the evaluation's pages show the build date: its follow-up ("as of", overdue actions)."""
    return bool(export.get("management_responses"))


def reusable(artifact: "Artifact", key: str, build_date: date) -> bool:
    """The artifact is this build's: same fingerprint and, where its pages show dates, the same date."""
    return artifact.meta.get("fingerprint") == key and (
        not artifact.meta.get("dated", True) or artifact.meta.get("build_date") == build_date.isoformat())


# --- building one artifact (run in a worker process) --------------------------------------------

def build_artifact(project_dir: Path, folder: Path, edition: str, downloads: bool, key: str,
                   environment: Environment = Environment(), build_date: date | None = None) -> None:
    """Build the evaluation at `project_dir` into the artifact `folder`. Raises ContentError/BuildError."""
    from ..project import Project, build, check, export_json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / META).unlink(missing_ok=True)  # incomplete until the end
    # Nothing written into the project folder.
    project = Project(project_dir, work_dir=folder / ".work", environment=environment)
    checked = check(project, edition, build_date=build_date)  # once: the site and the export from one model
    result = build(project, folder / SITE, edition=edition, downloads=downloads, checked=checked)
    export = export_json(project, checked)
    (folder / EXPORT).write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    meta = {"format": FORMAT, "code": export["evaluation"].get("code"),
            "languages": export.get("languages") or DEFAULT_LANGUAGES, "edition": edition,
            "fingerprint": key, "reportgen": __version__, "downloads": downloads,
            # The date the follow-up speaks for, and whether any page shows it ("as of", overdue): such
            # an artifact is rebuilt when the portal's date differs.
            "build_date": checked.ctx.build_date.isoformat(), "dated": is_dated(export),
            "pages": result.pages, "timings": {k: round(v, 3) for k, v in result.timings.items()}}
    (folder / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


PARENT_ENV = "REPORTGEN_PORTAL_PARENT"


def _die_with_parent() -> None:
    """The kernel kills this worker when the portal build that started it dies (even by SIGKILL);
    a worker whose parent died before this ran ends at once. Linux (prctl PR_SET_PDEATHSIG); elsewhere
    a worker left alone finishes its one evaluation and exits."""
    import signal

    parent = os.environ.get(PARENT_ENV)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if parent and parent.isdigit() and os.getppid() != int(parent):
        os._exit(1)


def main(argv: list[str]) -> int:
    """Worker: PROJECT ARTIFACT EDITION DOWNLOADS(0|1) FINGERPRINT BUILD_DATE. Problems go to stderr, one a line."""
    from ..errors import BuildError, ContentError

    project_dir, folder, edition, downloads, key, build_date = argv
    _die_with_parent()
    try:
        # A worker reads its environment once, here (the portal left SOURCE_DATE_EPOCH out of it).
        build_artifact(Path(project_dir), Path(folder), edition, downloads == "1", key, Environment.read(os.environ),
                       date.fromisoformat(build_date))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the portal as a worker process
    sys.exit(main(sys.argv[1:]))
