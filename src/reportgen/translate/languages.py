"""The project's languages, ordered; the first is the report's original language.

From reportgen.yml (`languages:`), or, without it, from the evaluation's title as
`reportgen check` decides them (reportgen.project.check: the review edition's content,
which is the content as loaded). Beside the build, translate imports nothing of it.
"""

from __future__ import annotations

from pathlib import Path

from ..content.config import load_config
from ..content.loader import load_content
from ..errors import Report
from ..graph import content_languages


def project_languages(project_root: Path, content_dir: Path | None = None) -> tuple[str, ...]:
    report = Report()
    config, _ = load_config(project_root, report)
    report.raise_if_errors()
    if config.languages:
        return tuple(config.languages)
    content_dir = (content_dir or project_root / "content").resolve()
    return tuple(content_languages(load_content(content_dir, Report())))


def normalize_language(code: str | None, languages: tuple[str, ...]) -> str | None:
    """A language code as the project spells it: case-insensitive, `en_GB`/`en-US` -> `en` when the
    project has `en` and not the regional code; None when it is not one of `languages`."""
    if not code:
        return None
    wanted = code.strip().replace("_", "-").lower()
    by_lower = {lang.lower(): lang for lang in languages}
    if wanted in by_lower:
        return by_lower[wanted]
    return by_lower.get(wanted.split("-")[0])
