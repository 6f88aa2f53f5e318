"""The project's languages, ordered; the first is the report's original language.

TEMPORARY (issue 12): the lead is adding `reportgen.config`, which reads `reportgen.yml`.
Until it lands, this private helper reads only its `languages:` list. Swap `project_languages`
for the config's languages when merging; nothing else in reportgen.translate reads the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ContentError

DEFAULT_LANGUAGES = ("es", "en")
CONFIG_FILE = "reportgen.yml"


def project_languages(project_root: Path) -> tuple[str, ...]:
    path = project_root / CONFIG_FILE
    if not path.is_file():
        return DEFAULT_LANGUAGES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError.single(CONFIG_FILE, mark.line + 1 if mark else None,
                                  f"cannot read the project configuration: {exc}") from None
    languages = data.get("languages") if isinstance(data, dict) else None
    if languages is None:
        return DEFAULT_LANGUAGES
    if not (isinstance(languages, list) and languages and all(isinstance(x, str) and x for x in languages)):
        raise ContentError.single(CONFIG_FILE, None, "'languages' must be a list of language codes",
                                  "for example: languages: [es, en, fr] (the first is the original)")
    return tuple(languages)
