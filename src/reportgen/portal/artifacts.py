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
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..context import Environment
from ..export import FORMAT as EXPORT_FORMAT, export_problems
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
    meta: dict
    export: dict

    @property
    def site(self) -> Path:
        return self.folder / SITE

    @property
    def code(self) -> str:
        return self.export.get("evaluation", {}).get("code") or self.meta.get("code", "")

    @property
    def languages(self) -> list[str]:
        """The evaluation's languages, first = original: the export's `languages`, else es+en."""
        return list(self.export.get("languages") or self.meta.get("languages") or DEFAULT_LANGUAGES)


def read_artifact(folder: Path) -> tuple[Artifact | None, str | None]:
    """(artifact, None) or (None, what is wrong with the folder)."""
    meta_path, export_path = folder / META, folder / EXPORT
    if not meta_path.is_file():
        return None, f"no {META} (an artifact is written by 'reportgen portal build'; see README, Portal)"
    if not export_path.is_file() or not (folder / SITE).is_dir():
        return None, f"incomplete artifact: needs {EXPORT} and {SITE}/"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        export = json.loads(export_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"unreadable artifact: {exc}"
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or not isinstance(export, dict) \
            or not str(export.get("format", "")).startswith("reportgen/"):
        return None, f"unknown artifact format {_format_of(meta)!r} (expected {FORMAT})"
    problems = export_problems(export)
    if problems:
        return None, (f"{export_path} is not a {EXPORT_FORMAT} export: {'; '.join(problems)} (rebuild the "
                      "artifact with this version of reportgen; schemas/export.schema.json describes the format)")
    return Artifact(folder, meta, export), None


def _format_of(meta) -> object:
    return meta.get("format") if isinstance(meta, dict) else type(meta).__name__


# --- the cache key ------------------------------------------------------------------------------

def _hash_tree(digest, folder: Path, suffixes: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") or part == "__pycache__" for part in parts) or parts[0] in skip:
            continue
        if suffixes and path.suffix not in suffixes:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


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


# --- building one artifact (run in a worker process) --------------------------------------------

def build_artifact(project_dir: Path, folder: Path, edition: str, downloads: bool, key: str,
                   environment: Environment = Environment()) -> None:
    """Build the evaluation at `project_dir` into the artifact `folder`. Raises ContentError/BuildError."""
    from ..project import Project, build, check, export_json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / META).unlink(missing_ok=True)  # incomplete until the end
    # Nothing written into the project folder.
    project = Project(project_dir, work_dir=folder / ".work", environment=environment)
    checked = check(project, edition)  # once: the site and the export are made from the same model
    result = build(project, folder / SITE, edition=edition, downloads=downloads, checked=checked)
    export = export_json(project, checked)
    (folder / EXPORT).write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    meta = {"format": FORMAT, "code": export["evaluation"].get("code"),
            "languages": export.get("languages") or DEFAULT_LANGUAGES, "edition": edition,
            "fingerprint": key, "reportgen": __version__, "downloads": downloads,
            "pages": result.pages, "timings": {k: round(v, 3) for k, v in result.timings.items()}}
    (folder / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """Worker: PROJECT ARTIFACT EDITION DOWNLOADS(0|1) FINGERPRINT. Problems go to stderr, one a line."""
    from ..errors import BuildError, ContentError

    project_dir, folder, edition, downloads, key = argv
    try:
        # A worker reads its environment once, here (the portal left SOURCE_DATE_EPOCH out of it).
        build_artifact(Path(project_dir), Path(folder), edition, downloads == "1", key, Environment.read(os.environ))
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
