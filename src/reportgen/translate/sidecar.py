"""The original's fingerprint kept with each translation: `content/.translations/LANG.yaml`.

`translate import` records, for every translation it accepts, a fingerprint of the original
text the translator saw. When the original is edited later, its fingerprint no longer matches:
the translation is fuzzy (shown in `translate status`, flagged in the next export) until a
translator confirms or revises it. The folder starts with a dot, so the content loader skips it.
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
        raise ContentError.single(shown, 1, "expected a mapping of context: fingerprint",
                                  "restore the file from version control", code="sidecar.invalid")
    return data


def sidecar_text(entries: dict[str, str]) -> str:
    body = yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False, width=10_000)
    return HEADER + body
