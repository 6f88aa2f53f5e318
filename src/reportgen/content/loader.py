"""Read every content file, validate it against the schema, and gather the items.

Pure data: nothing here knows about pages, templates or MkDocs. Every problem
is recorded in a `Report` with file and line, so one run shows them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, cast

from pydantic import BaseModel

from ..errors import ContentError, Report
from . import registry, schema
from .base import Source, source_of
# suggest is re-exported: followup, graph_tables and the portal import it from here.
from .validation import suggest as suggest, type_name as _type_name, validate_model as _validate
from .yamlfile import Path_, YamlDocument, load_yaml, read_text

YAML_SUFFIXES = (".yaml", ".yml")
# Collections and singletons whose fields name a Markdown file per language instead of holding the text.
MARKDOWN_FILE_FIELDS = {key: tuple(registry.markdown_file_fields(model)) for key, model in
                        [*((k, t.model) for k, t in registry.collections().items()), *schema.SINGLETONS.items()]
                        if registry.markdown_file_fields(model)}
# The longest narrative of a real report is a few tens of KB; Markdown rendering slows down
# steeply on huge texts, so larger files are refused with a clear message instead.
MAX_MARKDOWN_BYTES = 1_000_000
TERM_BASE_KEY = "terms"  # the term base (content/terms.yaml): not a collection of the report


# Where a model was written: carried by the model itself (see base.Source).
Origin = Source


@dataclass
class ContentSet:
    """Everything the content says, validated for shape (not yet for references)."""

    root: Path
    singletons: dict[str, object] = field(default_factory=dict)  # "evaluation", "chapters"
    hidden_ids: set[str] = field(default_factory=set)  # internal items left out of this edition
    # collection -> its models, each collection of its own model type (schema.COLLECTIONS): Any, as the
    # layers above read them by attribute (content.findings, content.items[key]).
    items: dict[str, list[Any]] = field(default_factory=lambda: {key: [] for key in schema.COLLECTIONS})
    markdown_files: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (owner id, field, lang) -> text
    markdown_origins: dict[tuple[str, str, str], str] = field(default_factory=dict)  # same key -> file shown to the user
    # The languages of the evaluation's title as written, kept when the evaluation block itself is
    # invalid, so that one mistake in it does not make every other text "in a language not configured".
    title_languages: list[str] = field(default_factory=list)
    invalid_singletons: set[str] = field(default_factory=set)  # written, but refused (already reported)
    # The IDs written in items refused by validation (and in their rows, findings…): a link or embed to
    # one of them is not reported again as "no such item" (the refusal said what is wrong).
    refused_ids: set[str] = field(default_factory=set)
    # Called with each file just before it is read (or looked for): the live preview watches them.
    on_read: Callable[[Path], object] = field(default=lambda path: None, repr=False)

    @property
    def evaluation(self) -> schema.Evaluation | None:
        return cast("schema.Evaluation | None", self.singletons.get("evaluation"))

    @property
    def chapters(self) -> schema.Chapters:
        return cast(schema.Chapters, self.singletons.get("chapters")) or schema.Chapters()

    @staticmethod
    def origin(model: object) -> Source:
        """Where a model was written (it carries its source: copies and editions keep it)."""
        return source_of(model)

    @staticmethod
    def line_of(model: object, field_name: str) -> int | None:
        """The line of a field of a model (of a language, for a text); else the model's own line."""
        return source_of(model).line_of(field_name)

    def __getattr__(self, name: str) -> list[Any]:
        items: dict[str, list[Any]] = self.__dict__.get("items", {})
        if name in items:
            return items[name]
        raise AttributeError(name)


def content_files(root: Path, report: Report | None = None) -> list[Path]:
    """Every YAML file under `root` (hidden files and folders left out).

    Nothing is skipped silently: a folder that cannot be read, or a folder link that
    leaves the content folder, is an error (a missing chapter must not go unnoticed).
    """
    report = report if report is not None else Report()
    found: list[Path] = []
    visited: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda exc: _unreadable(exc, root, report)):
        real = os.path.realpath(folder)
        if real in visited:  # a link back to a folder already read
            dirs.clear()
            continue
        visited.add(real)
        for name in list(dirs):
            path = Path(folder) / name
            if name.startswith("."):
                dirs.remove(name)
            elif path.is_symlink() and not path.resolve().is_relative_to(root):
                report.error(display_path(path, root), None, "this folder is a link to a folder outside the "
                             "content folder; its files are not read", "move or copy the folder into the content "
                             "folder instead of linking to it", code="path.outside")
                dirs.remove(name)
        found += [Path(folder) / name for name in files
                  if name.endswith(YAML_SUFFIXES) and not name.startswith(".")]
    return sorted(found)


def _unreadable(exc: OSError, root: Path, report: Report) -> None:
    shown = display_path(Path(exc.filename), root) if exc.filename else str(root)
    report.error(shown, None, f"cannot read this folder ({exc.strerror or exc}); its files are left out",
                 "make it readable (for example: chmod -R u+rX) or move it out of the content folder",
                 code="file.unreadable")


def load_content(root: Path, report: Report, on_read: Callable[[Path], object] | None = None) -> ContentSet:
    """`on_read(path)` is called before each file is read, and for each Markdown file looked for."""
    root = root.resolve()
    content = ContentSet(root=root)
    if on_read is not None:
        content.on_read = on_read
    if not root.is_dir():
        raise ContentError.single(str(root), None, "content folder not found",
                                  "give the folder that holds the YAML files with --content", code="content.not_found")
    files = content_files(root, report)
    if not files:
        report.error(display_path(root, root), None, "no YAML files in the content folder", code="content.empty")
    for path in files:
        display = display_path(path, root)
        if not path.resolve().is_relative_to(root):
            report.error(display, None, "this file is a link to a file outside the content folder",
                         "copy the file into the content folder instead of linking to it", code="path.outside")
            continue
        content.on_read(path)
        try:
            doc = load_yaml(path, display)
        except ContentError as exc:
            report.extend(exc.problems)
            continue
        report.extend(doc.problems)
        _read_document(doc, content, report)
    if content.evaluation is None and files and "evaluation" not in content.invalid_singletons:
        report.error(display_path(files[0], root), None, "no 'evaluation' mapping found in any file",
                     "add an 'evaluation:' block with at least title and code (see README, Content schema)",
                     code="content.no_evaluation")
    return content


def display_path(path: Path, root: Path) -> str:
    for candidate in (path, path.resolve()):  # as found under the root (a link keeps its own name)
        try:
            return str(Path(root.name) / candidate.relative_to(root))
        except ValueError:
            continue
    return str(path)


def _read_document(doc: YamlDocument, content: ContentSet, report: Report) -> None:
    if doc.data is None:
        report.warning(doc.display, 1, "file is empty", "delete it or add content", code="file.empty")
        return
    if not isinstance(doc.data, dict):
        report.error(doc.display, doc.line_of(()), "a content file must be a mapping of collections "
                     f"(e.g. 'recommendations:'), not a {_type_name(doc.data)}", code="content.structure")
        return
    known = list(schema.COLLECTIONS) + list(schema.SINGLETONS)
    for key, value in doc.data.items():
        if key == TERM_BASE_KEY:  # content/terms.yaml, read by reportgen translate and check
            continue
        if key in schema.SINGLETONS:
            _read_singleton(doc, key, value, content, report)
        elif key in schema.COLLECTIONS:
            _read_collection(doc, key, value, content, report)
        else:
            report.error(doc.display, doc.line_of((key,)), f"unknown collection {key!r}",
                         suggest(key, known) or f"known collections: {', '.join(known)}",
                         code="content.unknown_collection")


def _read_singleton(doc: YamlDocument, key: str, value: Any, content: ContentSet, report: Report) -> None:
    model_type = schema.SINGLETONS[key]
    if key in content.singletons:
        first = content.origin(content.singletons[key])
        report.error(doc.display, doc.line_of((key,)), f"a second {key!r} block "
                     f"(the first is in {first.file}:{first.line})", "keep only one", code="content.duplicate_block")
        return
    model = _validate(doc, (key,), value, model_type, report)
    title = value.get("title") if key == "evaluation" and isinstance(value, dict) else None
    if isinstance(title, dict):
        content.title_languages = [str(lang) for lang in title]
    if model is None:
        content.invalid_singletons.add(key)
    else:
        content.singletons[key] = model
        _remember(doc, (key,), model)
        if key in MARKDOWN_FILE_FIELDS:
            _read_markdown_fields(doc, (key,), key, model, content, report, MARKDOWN_FILE_FIELDS[key])


def _read_collection(doc: YamlDocument, key: str, value: Any, content: ContentSet, report: Report) -> None:
    model_type, _ = schema.COLLECTIONS[key]
    if value is None:
        return
    if not isinstance(value, list):
        report.error(doc.display, doc.line_of((key,)), f"{key!r} must be a list of items "
                     f"(each starting with '- '), not a {_type_name(value)}", code="content.structure")
        return
    for index, raw in enumerate(value):
        location = (key, index)
        model = _validate(doc, location, raw, model_type, report)
        if model is None:
            content.refused_ids |= _ids_in(raw)
            continue
        content.items[key].append(model)
        _remember(doc, location, model)
        if key in MARKDOWN_FILE_FIELDS:
            # Only collections whose model names Markdown files get here: items, each with an ID.
            _read_markdown_fields(doc, location, cast(schema.Item, model).id, model, content, report, MARKDOWN_FILE_FIELDS[key])


def _ids_in(raw: object, depth: int = 0) -> set[str]:
    """Every `id:` written in a raw item and in what it holds."""
    found: set[str] = set()
    if depth > 8:
        return found
    if isinstance(raw, dict):
        if isinstance(raw.get("id"), str):
            found.add(raw["id"])
        for value in raw.values():
            if isinstance(value, (dict, list)):
                found |= _ids_in(value, depth + 1)
    elif isinstance(raw, list):
        for value in raw:
            found |= _ids_in(value, depth + 1)
    return found


def _remember(doc: YamlDocument, location: Path_, model: BaseModel) -> None:
    """Give the model (and every model and text inside it) its source: file, line, field lines."""
    lines: dict[str, int] = {}
    for name in type(model).model_fields:
        if (*location, name) in doc.key_lines:
            lines[name] = doc.key_lines[(*location, name)]
        value = getattr(model, name)
        if isinstance(value, list):  # nested items (findings, sub-questions, evaluators)
            for i, child in enumerate(value):
                if isinstance(child, schema.Model):
                    _remember(doc, (*location, name, i), child)
        elif isinstance(value, schema.Text):  # where each language's text starts, for errors inside it
            value._source = Source(doc.display, None, {lang: doc.lines[(*location, name, lang)]
                                                        for lang in value.languages
                                                        if (*location, name, lang) in doc.lines})
        elif isinstance(value, schema.Model):
            _remember(doc, (*location, name), value)
        elif isinstance(value, dict):  # a table row's cells: the line of each cell, as "cells.NAME"
            lines.update({f"{name}.{key}": doc.key_lines[(*location, name, key)]
                          for key in value if (*location, name, key) in doc.key_lines})
    # Every content model derives from schema.Model (the registry, below base, types them as BaseModel).
    cast(schema.Model, model)._source = Source(doc.display, doc.line_of(location), lines)


def _read_markdown_fields(doc: YamlDocument, location: Path_, owner: str, model: BaseModel, content: ContentSet,
                         report: Report, names: tuple[str, ...]) -> None:
    """Fields that name a Markdown file per language: read the file now."""
    base = doc.path.parent
    for name in names:
        paths = getattr(model, name)
        if paths is None:
            continue
        for lang in paths.languages:
            relative = paths.get(lang)
            if not relative:
                continue
            line = doc.line_of((*location, name, lang))
            target = _safe_content_path(base, relative, content.root)
            if target is not None:
                content.on_read(target)
            if target is None:
                report.error(doc.display, line, f"{name}.{lang}: {relative!r} points outside the content folder",
                             "use a relative path to a Markdown file inside the content folder", item=str(owner),
                             code="path.outside")
                continue
            if target.suffix != ".md":
                report.error(doc.display, line, f"{name}.{lang}: {relative!r} is not a Markdown (.md) file",
                             item=str(owner), code="markdown.wrong_type")
                continue
            if target.is_dir():
                report.error(doc.display, line, f"{name}.{lang}: {relative!r} is a folder, not a Markdown file",
                             item=str(owner), code="markdown.wrong_type")
                continue
            if not target.is_file():
                report.error(doc.display, line, f"{name}.{lang}: file {relative!r} not found "
                             f"(looked in {display_path(base, content.root)})", item=str(owner),
                             code="markdown.missing")
                continue
            if target.stat().st_size > MAX_MARKDOWN_BYTES:
                report.error(doc.display, line, f"{name}.{lang}: {relative!r} is "
                             f"{target.stat().st_size / 1e6:.1f} MB; a Markdown file may be at most "
                             f"{MAX_MARKDOWN_BYTES // 1_000_000} MB", "split the text into several sections",
                             item=str(owner), code="file.too_large")
                continue
            shown = display_path(target, content.root)
            try:
                content.markdown_files[(owner, name, lang)] = read_text(target, shown)
                content.markdown_origins[(owner, name, lang)] = shown
            except ContentError as exc:
                report.extend(exc.problems)


def _safe_content_path(base: Path, relative: str, root: Path) -> Path | None:
    if Path(relative).is_absolute() or "\\" in relative or "\0" in relative:
        return None
    target = (base / relative).resolve()
    return target if target.is_relative_to(root) else None
