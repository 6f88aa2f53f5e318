"""The original's fingerprint kept with each translation: `content/.translations/LANG.yaml`.

`translate import` records, for every translation it accepts, a fingerprint of the original
text the translator saw. When the original is edited later, its fingerprint no longer matches:
the translation is fuzzy (shown in `translate status`, flagged in the next export) until a
translator confirms or revises it. The folder starts with a dot, so the content loader skips it.

A value is the fingerprint (`72f94449c869bd22`), or `~` and the fingerprint for a translation
imported still marked fuzzy (`--accept-fuzzy` keeps the mark), or `-` for a paragraph of a new
file that holds the original's text until its translation arrives (a partial delivery).
`sources.yaml` beside them keeps the original text of every recorded fingerprint, so that a
fuzzy entry can show the translator the original it was made from (`#| msgid`, `<alt-trans>`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import yaml

from ..content.yamlfile import read_text
from ..errors import ContentError

FOLDER = ".translations"
HEADER = ("# Written by 'reportgen translate import'; do not edit by hand.\n"
          "# For each translated text (by its context), a fingerprint of the original text the\n"
          "# translation was made from. A translation whose original has changed since is fuzzy.\n")


def fingerprint(text: str) -> str:
    normal = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


FUZZY_MARK = "~"
UNTRANSLATED = "-"
NO_TARGET_FP = "-"   # what an export records for a text without a translation
SOURCES = "sources"
SOURCES_HEADER = ("# Written by 'reportgen translate import'; do not edit by hand.\n"
                  "# The original texts the recorded translations were made from, by fingerprint: shown\n"
                  "# to translators as the previous original of a fuzzy entry.\n")


def recorded_fingerprint(value: str | None) -> str | None:
    """The fingerprint of a sidecar value (without the fuzzy mark); None for none or untranslated."""
    if not value or value == UNTRANSLATED:
        return None
    return value[len(FUZZY_MARK):] if value.startswith(FUZZY_MARK) else value


def read_sources(content_dir: Path) -> dict[str, str]:
    return read_sidecar(content_dir, SOURCES)


def sources_text(entries: dict[str, str]) -> str:
    body: str = yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False, width=10_000)
    return SOURCES_HEADER + body


def sidecar_path(content_dir: Path, lang: str) -> Path:
    return content_dir / FOLDER / f"{lang}.yaml"


def read_sidecar(content_dir: Path, lang: str) -> dict[str, str]:
    path = sidecar_path(content_dir, lang)
    if not path.is_file():
        return {}
    shown = f"{content_dir.name}/{FOLDER}/{path.name}"
    try:
        data = yaml.safe_load(read_text(path, shown))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError.single(shown, mark.line + 1 if mark else None, f"YAML syntax error: {exc}",
                                  "restore the file from version control", code="yaml.syntax") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ContentError.single(shown, 1, "expected a mapping of context: fingerprint (or fingerprint: text)",
                                  "restore the file from version control", code="sidecar.invalid")
    return data


def sidecar_text(entries: dict[str, str]) -> str:
    body: str = yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False, width=10_000)
    return HEADER + body
