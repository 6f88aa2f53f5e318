"""Interface texts per language, and the rules for a content text in a reader's language.

The catalogs (`i18n/xx.yaml`) live in the template folders: a project overrides a page by
copying its template into its own templates folder, and single interface texts with a partial
catalog there (`templates/i18n/fr.yaml` holding only the keys it changes) or with `vocabulary:`
in reportgen.yml, which wins over both. Every layer that prints words (pages, downloads, the
portal, the command line) reads them here; none needs the page renderer for it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .content import registry
from .content.markdown import plain_text
from .content.responses import FollowUp
from .errors import Report
from .inputs import Inputs
from .resources import builtin_templates

BUILTIN_TEMPLATES = builtin_templates()

# One language's interface texts: nested mappings of strings (e.g. s["management"]["follow_up"]).
# Any: they are read from YAML catalogs (the built-in ones, a project's, reportgen.yml's vocabulary).
Strings = dict[str, Any]

# The interface texts only the review edition prints (its menu section, the matrix's gap markers, the
# comments, the draft marks): the public edition never shows them (tests/test_public_edition.py scans
# a public site for every one). A key naming a mapping covers all its texts.
REVIEW_ONLY = ("reviewers", "matrix_gaps_note", "gaps", "gap_kind", "gap_no_section", "gap_no_findings",
               "gap_uncited", "gap_no_conclusions", "gap_no_recommendations", "gap_questions",
               "gap_conclusions", "gap_recommendations", "gap_criteria", "comments_log", "comments_log_intro",
               "comments_count", "comments_filter_none", "comment_unplaced", "comment_in_reply_to", "changes", "changes_intro",
               "changed_items", "no_response", "draft_banner", "draft_banner_no_round", "draft_mark",
               "dl_docx_draft", "dl_docx_draft_note", "dl_review_only", "comment_panel", "caused_by",
               "diff_unchanged", "changes_in_language")


def review_only_texts(strings: Strings) -> list[str]:
    """The review-only texts of one language's catalog, each as the words it always prints: a text with
    placeholders ("DRAFT for review — {round}. Not the published version.") gives its longest fixed
    part when that is a phrase of its own."""
    found: list[str] = []

    def add(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                add(item)
        elif isinstance(value, str):
            parts = [p.strip(" .,:;()") for p in re.split(r"\{[a-z_]+\}", value)]
            longest = max(parts, key=len)
            # Around a placeholder only a long phrase is the edition's own ("Sobre {item}" is any text's).
            if len(longest) >= (20 if len(parts) > 1 else 4):
                found.append(longest)

    for key in REVIEW_ONLY:
        add(strings.get(key))
    return found


class Catalogs:
    """The template folders (the project's first, the built-in ones last) and their interface texts."""

    def __init__(self, extra_dirs: list[Path] | None = None, vocabulary: Strings | None = None,
                 inputs: Inputs | None = None):
        self.dirs = [Path(d) for d in (extra_dirs or [])] + [BUILTIN_TEMPLATES]
        self.vocabulary = vocabulary or {}
        self.inputs = inputs or Inputs()  # every file read or looked for (the live preview watches them)
        self._strings: dict[str, Strings] = {}

    def languages(self) -> list[str]:
        """Languages with a full interface catalog (the built-in ones and any a project adds)."""
        for folder in self.dirs:
            self.inputs.listing("glob", folder / "i18n", "*.yaml")
        found = {p.stem for folder in self.dirs for p in (folder / "i18n").glob("*.yaml")}
        return sorted(found)

    def strings(self, lang: str) -> Strings:
        if lang not in self._strings:
            layers = [_parsed(path.read_text(encoding="utf-8"))
                      for path in (folder / "i18n" / f"{lang}.yaml" for folder in reversed(self.dirs))
                      if self.inputs.file(path) and path.is_file()]
            if not layers:
                raise FileNotFoundError(f"no interface texts for language {lang!r} in {self.dirs}")
            merged: Strings = {}
            for layer in layers + [self.vocabulary.get(lang) or {}]:
                merged = deep_merge(merged, layer)
            self._strings[lang] = merged
        return self._strings[lang]

    def read(self, name: str) -> str:
        """A file of the template folders (first found), e.g. "search-fold.js.tmpl"."""
        for folder in self.dirs:
            if self.inputs.file(folder / name) and (folder / name).is_file():
                return (folder / name).read_text(encoding="utf-8")
        raise FileNotFoundError(f"{name} not found in the template folders")

    def theme_dir(self) -> Path:
        for folder in self.dirs:
            if self.inputs.file(folder / "theme") and (folder / "theme").is_dir():
                self.inputs.listing("tree", folder / "theme")  # MkDocs reads all of it (custom_dir)
                return folder / "theme"
        raise FileNotFoundError("no theme folder in the template search path")


def placeholder_problems(catalogs: Catalogs, lang: str, config_file: Path, report: Report) -> None:
    """An overriding interface text (templates/i18n/LANG.yaml of the project, `vocabulary:`) may use
    only the {placeholders} of the built-in text: pages fill them with `.format()`, which raises on
    any other name ("BORRADOR {ronda}" for "{round}"). Reported with the file and line."""
    from .content.yamlfile import load_yaml
    from .errors import ContentError

    reference = _builtin_strings(lang)
    layers = [(folder / "i18n" / f"{lang}.yaml") for folder in catalogs.dirs if folder != BUILTIN_TEMPLATES]
    for path in [p for p in layers if p.is_file()] + ([config_file] if catalogs.vocabulary.get(lang) else []):
        prefix = ("vocabulary", lang) if path == config_file else ()
        try:
            doc = load_yaml(path, path.name if path == config_file else f"templates/i18n/{lang}.yaml")
        except ContentError:
            continue  # reported where the file is read
        data = _at(doc.data, prefix) if prefix else doc.data
        for keys, text in _strings_in(data if isinstance(data, dict) else {}):
            expected = _placeholders(_at(reference, keys))
            found = _placeholders(text)
            if expected is None or (found is None and not expected):
                continue  # a key the built-in catalog does not have; a text no one formats
            if found is None or not found <= expected:
                wanted = ", ".join("{" + name + "}" for name in sorted(expected)) or "none"
                written = "braces that do not close" if found is None else \
                    ", ".join("{" + name + "}" for name in sorted(found - expected))
                report.error(doc.display, doc.line_of(prefix + keys), f"interface text {'.'.join(keys)!r} ({lang}) "
                             f"has {written}; its placeholders are: {wanted}", "write the placeholders as the "
                             "built-in text does: they are names, not words to translate", code="interface.placeholder")


def _builtin_strings(lang: str) -> Strings:
    path = BUILTIN_TEMPLATES / "i18n" / f"{lang}.yaml"
    return yaml.safe_load((path if path.is_file() else BUILTIN_TEMPLATES / "i18n" / "en.yaml").read_text(
        encoding="utf-8")) or {}


def _strings_in(data: Strings, keys: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _strings_in(value, keys + (key,))
        elif isinstance(value, str):
            yield keys + (key,), value


def _at(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _placeholders(text: Any) -> set[str] | None:
    """The field names of a format string; None when it is not one (unbalanced braces) or not a text."""
    import string

    if not isinstance(text, str):
        return None
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return None


_PARSED: dict[str, Any] = {}  # a catalog's text -> its YAML (the live preview reads them on every build)
# libyaml's loader where PyYAML has it: the same data, in a tenth of the time (the portal's assembly reads
# the catalogs of every language in a fresh process: 0.25 s of a change at 300 evaluations).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parsed(text: str) -> Any:
    """A catalog's YAML, parsed once per text (a copy each time: the callers merge into it)."""
    if text not in _PARSED:
        if len(_PARSED) > 32:
            _PARSED.clear()
        _PARSED[text] = yaml.load(text, Loader=_LOADER) or {}
    return copy.deepcopy(_PARSED[text])


def deep_merge(base: Strings, override: Strings) -> Strings:
    """`override` wins key by key; nested mappings (e.g. `priorities`) are merged, not replaced."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(
            merged.get(key), dict) else value
    return merged


def localized(text: object, lang: str, original: str) -> str:
    """A content text in `lang`, or in the report's original language when not translated."""
    if text is None:
        return ""
    if hasattr(text, "get") and hasattr(text, "languages"):  # a localized Text
        value = text.get(lang)
        return value if value is not None else (text.get(original) or "")
    return str(text)


def fallback_language(text: object, lang: str, original: str) -> str | None:
    """The original's language when a localized text is shown in it on a `lang` page for want of a
    translation (missing, or `lang: null`); None when the text is in `lang` or is not localized."""
    if lang == original or not (hasattr(text, "get") and hasattr(text, "languages")):
        return None
    return original if text.get(lang) is None and text.get(original) else None


def language_name(code: str, in_language: str) -> str:
    """"francés", "Spanish": a language's name as a reader of `in_language` writes it (CLDR, via Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(in_language.replace("-", "_")))
        return name if name is not None else code
    except (ValueError, UnknownLocaleError):
        return code


@dataclass(frozen=True)
class Texts:
    """One language's words for one report: the interface texts (`s`) and content texts in `lang`,
    the report's original language standing in for a missing translation."""

    lang: str
    original: str
    s: Strings

    @classmethod
    def of(cls, catalogs: Catalogs, lang: str, original: str) -> "Texts":
        return cls(lang, original, catalogs.strings(lang))

    def tr(self, text: object) -> str:
        """The text in this language (the original when the translation is missing)."""
        return localized(text, self.lang, self.original)

    def fallback(self, text: object) -> str | None:
        """The original's language when `text` shows in it on this page (not translated), else None."""
        return fallback_language(text, self.lang, self.original)

    def plain(self, text: object) -> str:
        """Words only, on one line (for HTML table cells, labels and filters)."""
        return " ".join(plain_text(self.tr(text)).split())

    def language_name(self, code: str) -> str:
        return language_name(code, self.lang)

    def level_label(self, field_name: str, value: str | None) -> str:
        """A value of a recommendation field in this language ("high" → "Alta")."""
        labels = self.s.get(registry.value_sets()[field_name].labels, {})
        return labels.get(value, value.replace("_", " ")) if value else ""

    def follows_up_text(self, follows_up: FollowUp) -> str:
        """"Follows up on R3 of ILO/2019/07": a reference to an earlier evaluation's recommendation."""
        template: str = self.s["management"]["follows_up_ref"]
        return template.format(code=follows_up.evaluation, id=follows_up.recommendation)

    def field_label(self, name: str) -> str:
        """A changed field's name for readers ("narrative_text" → "Narrativa")."""
        return self.s.get("field_labels", {}).get(name) or self.s.get(name) or name.replace("_", " ")


# The catalog key holding each recommendation field's value labels.
