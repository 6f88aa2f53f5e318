"""The project's languages, ordered; the first is the report's original language.

From reportgen.yml (`languages:`), or, without it, from the evaluation's title as
`reportgen check` decides them (reportgen.project.check builds the same context).
"""

from __future__ import annotations

from pathlib import Path

from ..content.config import load_config
from ..errors import Report


def project_languages(project_root: Path, content_dir: Path | None = None) -> tuple[str, ...]:
    report = Report()
    config, _ = load_config(project_root, report)
    report.raise_if_errors()
    if config.languages:
        return tuple(config.languages)
    from ..project import Project, check  # the languages a project without configuration has

    return check(Project(project_root, content_dir)).ctx.languages
