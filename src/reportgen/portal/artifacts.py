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

FORMAT = "reportgen-artifact/1"
META = "artifact.json"
EXPORT = "evaluation.json"
SITE = "site"
# Exports made before the `languages` key existed were always Spanish and English.
DEFAULT_LANGUAGES = ["es", "en"]
PACKAGE_DIR = Path(__file__).resolve().parents[1]
BUILTIN_DIR = PACKAGE_DIR.parents[1]  # the checkout: built-in templates/ and mkdocs.yml


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
    if meta.get("format") != FORMAT or not str(export.get("format", "")).startswith("reportgen/"):
        return None, f"unknown artifact format {meta.get('format')!r} (expected {FORMAT})"
    return Artifact(folder, meta, export), None


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
    build does not use them: a change to the portal's pages rebuilds no evaluation)."""
    digest = hashlib.sha256(__version__.encode())
    _hash_tree(digest, PACKAGE_DIR, (".py",), skip=("portal",))
    _hash_tree(digest, BUILTIN_DIR / "templates", skip=("portal",))
    mkdocs = BUILTIN_DIR / "mkdocs.yml"
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
    from ..export import model_to_json
    from ..project import Project, build, check

    folder.mkdir(parents=True, exist_ok=True)
    (folder / META).unlink(missing_ok=True)  # incomplete until the end
    # Nothing written into the project folder.
    project = Project(project_dir, work_dir=folder / ".work", environment=environment)
    result = build(project, folder / SITE, edition=edition, downloads=downloads)
    checked = check(project, edition)
    export = model_to_json(checked.graph)
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
