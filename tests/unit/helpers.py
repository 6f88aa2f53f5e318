"""Small projects written into a temporary folder and checked in-process (no MkDocs, no browser)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from reportgen.project import Project, check

TITLES = {"en": "An evaluation", "fr": "Une évaluation", "es": "Una evaluación"}


def evaluation(languages) -> str:
    title = ", ".join(f'{lang}: "{TITLES[lang]}"' for lang in languages)
    return f'evaluation:\n  title: {{{title}}}\n  code: "T/1"\n'


def write_project(root: Path, files: dict[str, str], config: str | None = None) -> Project:
    """Write `files` (path under content/ -> YAML text) and an optional reportgen.yml."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    languages = (yaml.safe_load(config) or {}).get("languages") if config else None
    for name, text in {"evaluation.yaml": evaluation(languages or ["en", "fr"]), **files}.items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    if config is not None:
        (root / "reportgen.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    return Project(root)


def checked(root: Path, files: dict[str, str], config: str | None = None, edition: str = "review"):
    return check(write_project(root, files, config), edition)


def messages(result, severity: str | None = None) -> list[str]:
    return [p.format() for p in result.report.problems if severity is None or p.severity == severity]
