"""`translate import`: check a whole catalog against the content, then write the translations.

Every entry is checked first; any problem (unknown context, broken file, an original that
changed since the export, a paragraph translation that would break the file's structure) is
reported with the catalog's file:line and nothing at all is written. Then only changed texts
are written: YAML through line-precise edits, Markdown block by block, each file replaced
atomically; the fingerprints of the accepted originals go to the sidecar.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.loader import display_path
from ..errors import ContentError, Report
from . import paragraphs
from .catalog import Catalog, Entry, read_catalog
from .sidecar import fingerprint, read_sidecar, sidecar_path, sidecar_text
from .units import MarkdownBlock, MarkdownField, Unit, YamlText, collect_units, same_text
from .yamledit import EditError, TextEdit, apply_edits


@dataclass
class ImportResult:
    lang: str
    changed: list[str] = field(default_factory=list)     # contexts whose translation changed
    files: list[str] = field(default_factory=list)       # files written (shown paths)
    skipped_fuzzy: list[str] = field(default_factory=list)
    empty: int = 0
    unchanged: int = 0


@dataclass
class _RawFile:
    """A file's text with LF line ends, and how to write it back the way it was."""

    text: str
    bom: bool
    crlf: bool

    @classmethod
    def read(cls, path: Path) -> "_RawFile":
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        return cls(text.replace("\r\n", "\n"), data.startswith(b"\xef\xbb\xbf"), "\r\n" in text)

    def encode(self, text: str) -> bytes:
        out = text.replace("\n", "\r\n") if self.crlf else text
        return (b"\xef\xbb\xbf" if self.bom else b"") + out.encode("utf-8")


class Importer:
    def __init__(self, content_dir: Path, languages: tuple[str, ...], accept_fuzzy: bool = False):
        self.content_dir = content_dir.resolve()
        self.languages = languages
        self.accept_fuzzy = accept_fuzzy
        self.report = Report()
        self.writes: dict[Path, bytes] = {}

    def run(self, catalog_path: Path, display: str, lang: str | None = None) -> ImportResult:
        catalog = read_catalog(catalog_path, display)
        lang = self._language(catalog, lang)
        units = {unit.context: unit for unit in collect_units(self.content_dir, self.languages, lang)}
        result = ImportResult(lang)
        accepted = self._check_entries(catalog, units, result)
        pending = self._yaml_edits([(e, u) for e, u in accepted if isinstance(u.target, YamlText)], lang, result)
        self._plan_markdown(catalog, [(e, u) for e, u in accepted if isinstance(u.target, MarkdownBlock)],
                            lang, result, pending)
        self._plan_yaml_files(catalog, pending)
        self._plan_sidecar(accepted, units, lang)
        self.report.raise_if_errors()
        for path, data in self.writes.items():
            _write_atomically(path, data)
        result.files = sorted(display_path(p, self.content_dir) for p in self.writes)
        return result

    def _language(self, catalog: Catalog, lang: str | None) -> str:
        lang = lang or catalog.language
        original, targets = self.languages[0], self.languages[1:]
        if not lang:
            raise ContentError.single(catalog.display, 1, "the file does not say which language it holds "
                                      "(PO header 'Language:', XLIFF target-language)", "give --language LANG",
                                      code="catalog.language")
        base = lang.replace("-", "_").split("_")[0]
        if lang not in targets and base in targets:  # Poedit writes en_GB when the translator picks a region
            lang = base
        if lang not in targets:
            what = "is the original language" if lang == original else "is not a language of this project"
            raise ContentError.single(catalog.display, 1, f"language {lang!r} {what}",
                                      f"translations can be imported for: {', '.join(targets) or 'none'}",
                                      code="catalog.language")
        return lang

    def _check_entries(self, catalog: Catalog, units: dict[str, Unit], result: ImportResult):
        accepted: list[tuple[Entry, Unit]] = []
        first_line: dict[str, int] = {}
        for entry in catalog.entries:
            where = (catalog.display, entry.line)
            if entry.context in first_line:
                self.report.error(*where, f"a second entry for {entry.context!r} (the first is at line "
                                  f"{first_line[entry.context]})", "keep only one", item=entry.context,
                                  code="catalog.duplicate_entry")
                continue
            first_line[entry.context] = entry.line
            unit = units.get(entry.context)
            if unit is None:
                self.report.error(*where, f"unknown context {entry.context!r}: no such text in the content",
                                  _unknown_hint(entry.context, units), item=entry.context or None,
                                  code="catalog.unknown_context")
                continue
            if not entry.target.strip():
                result.empty += 1
                continue
            if not same_text(entry.source, unit.source) and not self.accept_fuzzy:
                self.report.error(*where, f"the original of {entry.context} has changed since this file was "
                                  f"exported (now at {unit.reference})", "export again and translate the new "
                                  "text, or import with --accept-fuzzy to keep this translation marked fuzzy",
                                  item=entry.context, code="catalog.outdated")
                continue
            if entry.fuzzy and not self.accept_fuzzy:
                result.skipped_fuzzy.append(entry.context)
                continue
            accepted.append((entry, unit))
        return accepted

    @staticmethod
    def _yaml_edits(pairs, lang: str, result: ImportResult) -> dict[Path, list[tuple[TextEdit, Entry | None]]]:
        edits: dict[Path, list[tuple[TextEdit, Entry | None]]] = {}
        for entry, unit in pairs:
            if same_text(unit.translation, entry.target):
                result.unchanged += 1
                continue
            result.changed.append(unit.context)
            edits.setdefault(unit.target.file, []).append((TextEdit(unit.target.location, lang, entry.target), entry))
        return edits

    def _plan_markdown(self, catalog: Catalog, pairs, lang: str, result: ImportResult, pending: dict) -> None:
        by_field: dict[int, tuple[MarkdownField, dict]] = {}
        for entry, unit in pairs:
            md_field = unit.target.field
            by_field.setdefault(id(md_field), (md_field, {}))[1][unit.target.index] = (entry, unit)
        for md_field, translations in by_field.values():
            self._plan_markdown_file(catalog, md_field, translations, lang, result, pending)

    def _plan_markdown_file(self, catalog, md_field: MarkdownField, translations: dict, lang: str,
                            result: ImportResult, pending: dict) -> None:
        shown = display_path(md_field.translation, self.content_dir)
        first = min(entry.line for entry, _ in translations.values())
        if not md_field.referenced and md_field.translation.exists():
            self.report.error(catalog.display, first, f"{shown} exists but the YAML does not name it as the {lang} "
                              f"file of {md_field.owner}", f"add '{lang}: {md_field.translation.name}' to "
                              f"{display_path(md_field.yaml_file, self.content_dir)} or move the file away",
                              code="catalog.markdown_file")
            return
        if md_field.translated is None:
            missing = [i for i, block in enumerate(md_field.layout.blocks)
                       if paragraphs.translatable(block) and i not in translations]
            if missing:
                self.report.error(catalog.display, first, f"{shown} does not exist yet and {len(missing)} of its "
                                  "paragraphs have no translation in this file (the first is paragraph "
                                  f"{missing[0] + 1})", "translate every paragraph of a new file, or create "
                                  "the file by hand", item=md_field.owner, code="catalog.markdown_file")
                return
            raw, layout = None, md_field.layout
        else:
            raw = _RawFile.read(md_field.translation)
            layout = paragraphs.split(raw.text)
        new_text = self._new_markdown(catalog, md_field, layout, translations, result)
        if new_text is None:
            return
        if raw is None:
            self.writes[md_field.translation] = new_text.encode("utf-8")
            if not md_field.referenced:
                pending.setdefault(md_field.yaml_file, []).append(
                    (TextEdit(md_field.location, lang, md_field.translation.name), None))
        elif new_text != raw.text:
            self.writes[md_field.translation] = raw.encode(new_text)

    def _new_markdown(self, catalog, md_field, layout, translations, result) -> str | None:
        if None in translations:  # the whole file
            entry, unit = translations[None]
            if same_text(unit.translation, entry.target):
                result.unchanged += 1
                return layout.join()
            result.changed.append(unit.context)
            return entry.target.strip("\n") + "\n"
        blocks = list(layout.blocks)
        ok = True
        for index, (entry, unit) in sorted(translations.items()):
            text = entry.target.strip("\n")
            expected = paragraphs.shape(md_field.layout.blocks[index])
            if len(paragraphs.split(text).blocks) != 1 or paragraphs.shape(text) != expected:
                self.report.error(catalog.display, entry.line, f"the translation of {unit.context} must stay one "
                                  f"block of the same kind as the original ({expected})", "no blank lines inside "
                                  "it; keep the heading level, footnote label or table", item=unit.context,
                                  code="catalog.block_shape")
                ok = False
                continue
            if md_field.translated is not None and same_text(blocks[index], text):
                result.unchanged += 1
                continue
            result.changed.append(unit.context)
            blocks[index] = text
        return layout.with_blocks(blocks).join() if ok else None

    def _plan_yaml_files(self, catalog, pending_by_file: dict) -> None:
        for path, pending in pending_by_file.items():
            raw = _RawFile.read(path)
            try:
                new_text = apply_edits(raw.text, [edit for edit, _ in pending])
            except (EditError, yaml.YAMLError) as exc:
                self._report_failed_edits(catalog, path, raw, pending, exc)
                continue
            if new_text != raw.text:
                self.writes[path] = raw.encode(new_text)

    def _report_failed_edits(self, catalog, path, raw, pending, exc) -> None:
        shown = display_path(path, self.content_dir)
        for edit, entry in pending:
            try:
                apply_edits(raw.text, [edit])
            except (EditError, yaml.YAMLError) as single:
                line = entry.line if entry else 1
                self.report.error(catalog.display, line, f"cannot write into {shown}: {single}",
                                  "the YAML there has an unusual shape (an alias or a non-text value): "
                                  "edit it by hand", item=".".join(map(str, edit.location)),
                                  code="catalog.write_failed")
                return
        self.report.error(catalog.display, 1, f"cannot write into {shown}: {exc}", "edit the file by hand",
                          code="catalog.write_failed")

    def _plan_sidecar(self, accepted, units: dict[str, Unit], lang: str) -> None:
        path = sidecar_path(self.content_dir, lang)
        current = read_sidecar(self.content_dir, lang)
        entries = {context: value for context, value in current.items() if context in units}
        for entry, unit in accepted:
            entries[unit.context] = fingerprint(entry.source)
            entries.update(_paragraph_fingerprints(entry, unit))
        if entries != current:
            self.writes[path] = sidecar_text(entries).encode("utf-8")


def _paragraph_fingerprints(entry: Entry, unit: Unit) -> dict[str, str]:
    """A whole-file translation that follows its original again: its paragraphs are exported one by
    one next time, so record their originals' fingerprints too (else a later edit would go unnoticed)."""
    target = unit.target
    if not isinstance(target, MarkdownBlock) or target.index is not None or not same_text(entry.source, unit.source):
        return {}
    if not paragraphs.mirrors(target.field.layout, paragraphs.split(entry.target)):
        return {}
    return {f"{unit.context}#{i + 1}": fingerprint(block) for i, block in enumerate(target.field.layout.blocks)
            if paragraphs.translatable(block)}


def _unknown_hint(context: str, units: dict[str, Unit]) -> str:
    base = context.split("#", 1)[0]
    if "#" in context and base in units:
        return f"{base} is now translated as one whole file: export again"
    if "#" not in context and any(c.startswith(context + "#") for c in units):
        return f"{context} is now translated paragraph by paragraph: export again"
    return "the text was removed or renamed since the export, or the file is from another project: export again"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def import_catalog(content_dir: Path, languages: tuple[str, ...], catalog_path: Path, display: str,
                   lang: str | None = None, accept_fuzzy: bool = False) -> ImportResult:
    return Importer(content_dir, languages, accept_fuzzy).run(catalog_path, display, lang)
