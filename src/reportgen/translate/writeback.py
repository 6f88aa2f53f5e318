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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import yaml

from ..content.base import MAX_TEXT_CHARS
from ..content.loader import MAX_MARKDOWN_BYTES, display_path
from ..content.yamlfile import MAX_FILE_BYTES, Path_
from ..errors import ContentError, Problem, Report
from . import paragraphs
from .catalog import END_CONTEXT, Catalog, Entry, read_catalog
from .detect import LANGS_KNOWN, detect_language
from .languages import normalize_language
from .segments import is_unit, join, paired_split, split_block
from .markup import TagError, align, canonical, has_tags, markdown_from_tagged, po_text, tokenize
from .sidecar import (FOLDER, FUZZY_MARK, NO_TARGET_FP, SOURCES, UNTRANSLATED, fingerprint, read_sidecar,
                      read_sources, recorded_fingerprint, sidecar_path, sidecar_text, sources_text)
from .units import MarkdownBlock, MarkdownField, Unit, YamlText, collect_units, same_text, text_sentences
from .yamledit import EditError, TextEdit, apply_edits


@dataclass
class ImportResult:
    lang: str
    changed: list[str] = field(default_factory=list)     # contexts whose translation changed
    files: list[str] = field(default_factory=list)       # files written (shown paths)
    skipped_fuzzy: list[tuple[str, int]] = field(default_factory=list)   # (context, line in the file)
    empty: int = 0
    unchanged: int = 0
    kept_fuzzy: int = 0                                   # imported with --accept-fuzzy, still fuzzy
    problems: list[Problem] = field(default_factory=list)  # warnings and notes (nothing refused)


# An accepted entry and the unit it translates.
Pair = tuple[Entry, Unit]
# The edits planned for one YAML file, each with the entry it comes from (None: naming a new Markdown file).
PendingEdits = list[tuple[TextEdit, Entry | None]]


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
    def __init__(self, content_dir: Path, languages: tuple[str, ...], accept_fuzzy: bool = False,
                 force: bool = False, project_code: str | None = None) -> None:
        self.content_dir = content_dir.resolve()
        self.languages = languages
        self.accept_fuzzy = accept_fuzzy
        self.force = force
        self.project_code = project_code
        self.report = Report()
        self.writes: dict[Path, bytes] = {}
        self.untranslated: set[str] = set()   # contexts of paragraphs written in the original's language
        self.recorded: dict[str, str] = {}    # the sidecar as it was
        self.sources: dict[str, str] = {}     # original texts by fingerprint

    def run(self, catalog_path: Path, display: str, lang: str | None = None) -> ImportResult:
        catalog = read_catalog(catalog_path, display)
        self._project(catalog)
        lang = self._language(catalog, lang)
        self._whole(catalog)
        self.recorded = read_sidecar(self.content_dir, lang)
        self.sources = read_sources(self.content_dir)
        units = {unit.context: unit for unit in collect_units(self.content_dir, self.languages, lang)}
        result = ImportResult(lang)
        self._content_language(catalog, lang, result)
        if catalog.declared is not None and len(catalog.entries) < catalog.declared:
            result.problems.append(Problem(catalog.display, 1, message=f"a part of the export: "
                                           f"{len(catalog.entries)} of its {catalog.declared} entries",
                                           hint="import the other parts when they arrive", severity="note",
                                           code="catalog.partial"))
        accepted = self._check_entries(catalog, units, result)
        pending = self._yaml_edits([(e, u) for e, u in accepted if isinstance(u.target, YamlText)], lang, result)
        self._plan_markdown(catalog, [(e, u) for e, u in accepted if isinstance(u.target, MarkdownBlock)],
                            lang, result, pending)
        self._plan_yaml_files(catalog, pending)
        self._plan_sidecar(accepted, units, lang)
        self._check_sizes(catalog)
        self.report.raise_if_errors()
        try:
            write_all(self.writes)
        except OSError as exc:
            raise ContentError.single(display_path(Path(exc.filename), self.content_dir) if exc.filename else
                                      catalog.display, None, f"cannot write the translation: {exc.strerror}; "
                                      "every file was left as it was", "free disk space or fix the folder's "
                                      "permissions, then import again", code="catalog.write_failed") from None
        result.files = sorted(display_path(p, self.content_dir) for p in self.writes)
        return result

    def _project(self, catalog: Catalog) -> None:
        """A file exported from another project is refused before anything else is said about it."""
        if self.project_code is None or catalog.project is None or not catalog.generator:
            return
        if catalog.project.strip() != self.project_code:
            raise ContentError.single(catalog.display, 1, f"this file was exported from another project "
                                      f"({catalog.project!r}), not from this evaluation ({self.project_code!r})",
                                      "import it into the project it came from, or export a file from this one",
                                      code="catalog.project")

    def _whole(self, catalog: Catalog) -> None:
        """A file written by reportgen ends with a closing entry: without it, the file was cut short."""
        if catalog.generator and not catalog.closed:
            count = f" of the {catalog.declared} exported" if catalog.declared is not None else ""
            raise ContentError.single(catalog.display, catalog.entries[-1].line if catalog.entries else 1,
                                      f"the file is cut short: it ends after {len(catalog.entries)}{count} "
                                      f"entries, without its closing entry ({END_CONTEXT!r})",
                                      "ask for the whole file again (or export again); nothing was imported",
                                      code="catalog.truncated")

    def _language(self, catalog: Catalog, lang: str | None) -> str:
        original, targets = self.languages[0], self.languages[1:]
        declared = catalog.language
        lang = normalize_language(lang, targets) or lang
        if lang and declared and normalize_language(declared, (lang,)) is None:
            raise ContentError.single(catalog.display, 1, f"the file says it holds {declared!r} (PO header "
                                      f"'Language:', XLIFF target-language), not {lang!r} as --language says",
                                      "check the file: import it for its own language, or correct its header",
                                      code="catalog.language")
        given = lang or declared
        if not given:
            raise ContentError.single(catalog.display, 1, "the file does not say which language it holds "
                                      "(PO header 'Language:', XLIFF target-language)", "give --language LANG",
                                      code="catalog.language")
        found = normalize_language(given, targets)
        if found is None:
            what = ("is the original language" if normalize_language(given, (original,)) else
                    "is not a language of this project")
            raise ContentError.single(catalog.display, 1, f"language {given!r} {what}",
                                      f"translations can be imported for: {', '.join(targets) or 'none'}",
                                      code="catalog.language")
        return found

    def _content_language(self, catalog: Catalog, lang: str, result: ImportResult) -> None:
        texts = [e.target for e in catalog.entries if e.target.strip()]
        found = detect_language(texts)
        if found is not None and found != lang.split("-")[0].lower() and lang.split("-")[0].lower() in LANGS_KNOWN:
            result.problems.append(Problem(catalog.display, 1, message=f"the translations look like {found!r}, "
                                           f"not {lang!r} as the file declares (common words)",
                                           hint="check that this is the right file for this language",
                                           severity="warning", code="catalog.content_language"))

    def _check_sizes(self, catalog: Catalog) -> None:
        for path, data in self.writes.items():
            limit = MAX_MARKDOWN_BYTES if path.suffix == ".md" else MAX_FILE_BYTES
            if len(data) > limit:
                self.report.error(catalog.display, None, f"{display_path(path, self.content_dir)} would be "
                                  f"{len(data):,} bytes, more than reportgen reads ({limit:,})",
                                  "split the text, or check the file's translations", code="catalog.too_large")

    def _check_entries(self, catalog: Catalog, units: dict[str, Unit], result: ImportResult) -> list[Pair]:
        accepted: list[tuple[Entry, Unit]] = []
        first_line: dict[str, int] = {}
        for entry in catalog.entries:
            where = (catalog.display, entry.line)
            unit = units.get(entry.context) or self._by_place(entry, units)
            if unit is None:
                self.report.error(*where, f"unknown context {entry.context!r}: no such text in the content",
                                  _unknown_hint(entry.context, units), item=entry.context or None,
                                  code="catalog.unknown_context")
                continue
            if entry.context != unit.context:
                entry = replace(entry, context=unit.context)
            if entry.context in first_line:
                self.report.error(*where, f"a second entry for {entry.context!r} (the first is at line "
                                  f"{first_line[entry.context]})", "keep only one", item=entry.context,
                                  code="catalog.duplicate_entry")
                continue
            first_line[entry.context] = entry.line
            if not entry.target.strip():
                result.empty += 1
                continue
            converted = self._untag(entry, unit)
            if isinstance(converted, TagError):
                if entry.fuzzy and not self.accept_fuzzy:
                    result.skipped_fuzzy.append((entry.context, entry.line))
                    continue
                missing = f"missing {', '.join(converted.missing)}" if converted.missing else ""
                extra = f"not in the original (or twice): {', '.join(converted.extra)}" if converted.extra else ""
                self.report.error(*where, f"the translation of {entry.context} does not keep the tags of its "
                                  f"original: {'; '.join(x for x in (missing, extra) if x)}",
                                  "put every tag of the original in the translation, once (they may move); "
                                  "the entry's note says what each tag stands for", item=entry.context,
                                  code="catalog.tags")
                continue
            entry = converted
            if len(entry.target) > MAX_TEXT_CHARS and isinstance(unit.target, YamlText):
                self.report.error(*where, f"the translation of {entry.context} has {len(entry.target):,} "
                                  f"characters, more than a text may have ({MAX_TEXT_CHARS:,})",
                                  "check this entry of the file", item=entry.context, code="catalog.too_large")
                continue
            if entry.target_fp is not None and not self.force and self._stale(entry, unit):
                self.report.error(*where, f"the translation of {entry.context} was changed in the content after "
                                  "this file was exported: this file's translation is older",
                                  "export again (the new file carries the newer translation), or import with "
                                  "--force to replace it", item=entry.context, code="catalog.stale")
                continue
            if not same_text(entry.source, unit.source) and not self.accept_fuzzy:
                self.report.error(*where, f"the original of {entry.context} has changed since this file was "
                                  f"exported (now at {unit.reference})", "export again and translate the new "
                                  "text, or import with --accept-fuzzy to keep this translation marked fuzzy",
                                  item=entry.context, code="catalog.outdated")
                continue
            if entry.fuzzy and not self.accept_fuzzy:
                result.skipped_fuzzy.append((entry.context, entry.line))
                continue
            if entry.fuzzy or not same_text(entry.source, unit.source):
                result.kept_fuzzy += 1
            accepted.append((entry, unit))
        return accepted

    def _by_place(self, entry: Entry, units: dict[str, Unit]) -> Unit | None:
        """A unit found by the original's place and text, for a file whose contexts a tool dropped
        (translate-toolkit's po2xliff numbers the units)."""
        if not entry.reference:
            return None
        if not hasattr(self, "_places"):
            self._places: dict[tuple[str, str], list[Unit]] = {}
            for unit in units.values():   # (in the export's order: the same text twice at one place is
                for text in {canonical(po_text(tokenize(unit.source))), unit.source}:  # taken in turn)
                    self._places.setdefault((unit.reference, text), []).append(unit)
        for key in ((entry.reference, canonical(entry.source)), (entry.reference, entry.source)):
            candidates = self._places.get(key)
            if candidates:
                unit = candidates.pop(0)
                for other in self._places.values():   # (a unit is found once)
                    if unit in other:
                        other.remove(unit)
                return unit
        return None

    def _untag(self, entry: Entry, unit: Unit) -> Entry | TagError:
        """The entry with its texts as Markdown: the tags of the file replaced by the original's codes."""
        if same_text(entry.source, unit.source):   # a text without markup (or a file without tags)
            return entry
        pieces = tokenize(unit.source)
        if not has_tags(pieces):
            return entry
        same_source = canonical(entry.source) == canonical(po_text(pieces))
        current = unit.translation or ""
        if current.strip() and canonical(entry.target) == canonical(po_text(align(current, pieces))):
            target = current                        # untouched: whatever its tags, it is not new
        else:
            try:
                target = markdown_from_tagged(entry.target, pieces)
            except TagError as error:
                return error
        previous = ""
        made_from = self.sources.get(recorded_fingerprint(self.recorded.get(unit.context)) or "", "")
        if entry.previous and made_from and canonical(entry.previous) == canonical(po_text(align(made_from, pieces))):
            previous = made_from
        return replace(entry, source=unit.source if same_source else entry.source, target=target, previous=previous)

    def _stale(self, entry: Entry, unit: Unit) -> bool:
        current = unit.translation or ""
        recorded = fingerprint(current) if current.strip() else NO_TARGET_FP
        if self.untranslated_copy(unit):
            recorded = NO_TARGET_FP
        return recorded != entry.target_fp and not same_text(current, entry.target)

    def untranslated_copy(self, unit: Unit) -> bool:
        return self.recorded.get(unit.context) == UNTRANSLATED

    def _yaml_edits(self, pairs: list[Pair], lang: str, result: ImportResult) -> dict[Path, PendingEdits]:
        edits: dict[Path, PendingEdits] = {}
        sentences: dict[tuple[Path, Path_], list[Pair]] = {}
        for entry, unit in pairs:
            yaml_text = unit.target
            assert isinstance(yaml_text, YamlText)   # (run passes the units of YAML texts)
            if yaml_text.sentence is not None:   # put together below, one edit for the whole text
                sentences.setdefault((yaml_text.file, yaml_text.location), []).append((entry, unit))
                continue
            if same_text(unit.translation, entry.target):
                result.unchanged += 1
                continue
            result.changed.append(unit.context)
            edits.setdefault(yaml_text.file, []).append((TextEdit(yaml_text.location, lang, entry.target), entry))
        for group in sentences.values():
            first_entry, first_unit = min(group, key=lambda pair: pair[0].line)
            target = first_unit.target
            assert isinstance(target, YamlText)
            base = first_unit.context.rsplit("#", 1)[0]
            text = self._put_segments(target.original, target.current, group, lang, result, lambda n: f"{base}#{n}")
            if not same_text(target.current, text):
                edits.setdefault(target.file, []).append((TextEdit(target.location, lang, text), first_entry))
        return edits

    def _plan_markdown(self, catalog: Catalog, pairs: list[Pair], lang: str, result: ImportResult,
                       pending: dict[Path, PendingEdits]) -> None:
        by_field: dict[int, tuple[MarkdownField, dict[int | None, Pair], dict[int, list[Pair]]]] = {}
        for entry, unit in pairs:
            block = unit.target
            assert isinstance(block, MarkdownBlock)   # (run passes the units of Markdown files)
            md_field = block.field
            _, blocks, split = by_field.setdefault(id(md_field), (md_field, {}, {}))
            if block.sentence is None:
                blocks[block.index] = (entry, unit)
            else:
                assert block.index is not None   # (a sentence is one of a block's)
                split.setdefault(block.index, []).append((entry, unit))
        for md_field, blocks, split in by_field.values():
            for index, group in split.items():
                blocks[index] = self._assemble(md_field, index, group, lang, result)
            self._plan_markdown_file(catalog, md_field, blocks, lang, result, pending)

    def _assemble(self, md_field: MarkdownField, index: int, group: list[Pair], lang: str,
                  result: ImportResult) -> Pair:
        """A paragraph's translation from its sentences' entries (see _put_segments)."""
        current = (md_field.translated.blocks[index]
                   if md_field.translated is not None and index < len(md_field.translated.blocks) else None)
        text = self._put_segments(md_field.layout.blocks[index], current, group, lang, result,
                                  lambda n: f"{md_field.context}#{index + 1}.{n}")
        first_entry, first_unit = min(group, key=lambda pair: pair[0].line)
        return replace(first_entry, target=text, assembled=True), first_unit

    def _put_segments(self, original: str, current: str | None, group: list[Pair], lang: str, result: ImportResult,
                      context_of: Callable[[int], str]) -> str:
        """A text's translation from its sentences' (cells') entries: the translated sentences in place of
        their current translation (or, in a text not translated yet, of the original sentence, which stays
        recorded as untranslated: `context_of(n)` names sentence n), the white space between them as it
        was. A paragraph of a narrative and a YAML text alike; unchanged sentences give the text back as
        it was, byte for byte."""
        split = split_block(original, self.languages[0])
        assert split is not None   # (units per segment come from texts that split)
        texts, glue = split
        paired = (paired_split(current, len(texts), lang, self.languages[0])
                  if current is not None and current.strip() else None)
        if paired is not None:
            texts, glue = list(paired[0]), paired[1]
        else:
            texts = list(texts)
        given = {unit.target.sentence: (entry, unit) for entry, unit in group}
        for number, text in enumerate(split[0]):
            if number in given:
                entry, unit = given[number]
                new = entry.target.strip()
                if same_text(unit.translation, new):
                    result.unchanged += 1
                else:
                    result.changed.append(unit.context)
                texts[number] = new
            elif paired is None and is_unit(text):
                self.untranslated.add(context_of(number + 1))
        return join(texts, glue)

    def _plan_markdown_file(self, catalog: Catalog, md_field: MarkdownField, translations: dict[int | None, Pair],
                            lang: str, result: ImportResult, pending: dict[Path, PendingEdits]) -> None:
        shown = display_path(md_field.translation, self.content_dir)
        first = min(entry.line for entry, _ in translations.values())
        if not md_field.referenced and md_field.translation.exists():
            self.report.error(catalog.display, first, f"{shown} exists but the YAML does not name it as the {lang} "
                              f"file of {md_field.owner}", f"add '{lang}: {md_field.translation.name}' to "
                              f"{display_path(md_field.yaml_file, self.content_dir)} or move the file away",
                              code="catalog.markdown_file")
            return
        if md_field.translated is None:
            # a new file: paragraphs without a translation yet keep the original's text, recorded as
            # untranslated (status counts them missing, the next export leaves them empty)
            for i, block in enumerate(md_field.layout.blocks):
                if paragraphs.translatable(block) and i not in translations:
                    split = split_block(block, self.languages[0])
                    if split is not None:
                        self.untranslated.update(f"{md_field.context}#{i + 1}.{n + 1}"
                                                 for n, text in enumerate(split[0]) if is_unit(text))
                    else:
                        self.untranslated.add(f"{md_field.context}#{i + 1}")
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

    def _new_markdown(self, catalog: Catalog, md_field: MarkdownField, layout: paragraphs.Layout,
                      translations: dict[int | None, Pair], result: ImportResult) -> str | None:
        if None in translations:  # the whole file
            entry, unit = translations[None]
            if same_text(unit.translation, entry.target):
                result.unchanged += 1
                return layout.join()
            result.changed.append(unit.context)
            return entry.target.strip("\n") + "\n"
        blocks = list(layout.blocks)
        ok = True
        for index, (entry, unit) in sorted((i, pair) for i, pair in translations.items() if i is not None):
            text = entry.target.strip("\n")
            expected = paragraphs.shape(md_field.layout.blocks[index])
            if len(paragraphs.split(text).blocks) != 1 or paragraphs.shape(text) != expected:
                self.report.error(catalog.display, entry.line, f"the translation of {unit.context} must stay one "
                                  f"block of the same kind as the original ({expected})", "no blank lines inside "
                                  "it; keep the heading level, footnote label or table", item=unit.context,
                                  code="catalog.block_shape")
                ok = False
                continue
            if entry.assembled:   # (its sentences were counted)
                blocks[index] = text
                continue
            if md_field.translated is not None and same_text(blocks[index], text):
                result.unchanged += 1
                continue
            result.changed.append(unit.context)
            blocks[index] = text
        return layout.with_blocks(blocks).join() if ok else None

    def _plan_yaml_files(self, catalog: Catalog, pending_by_file: dict[Path, PendingEdits]) -> None:
        for path, pending in pending_by_file.items():
            raw = _RawFile.read(path)
            try:
                new_text = apply_edits(raw.text, [edit for edit, _ in pending])
            except (EditError, yaml.YAMLError) as exc:
                self._report_failed_edits(catalog, path, raw, pending, exc)
                continue
            if new_text != raw.text:
                self.writes[path] = raw.encode(new_text)

    def _report_failed_edits(self, catalog: Catalog, path: Path, raw: _RawFile, pending: PendingEdits,
                             exc: Exception) -> None:
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

    def _plan_sidecar(self, accepted: list[Pair], units: dict[str, Unit], lang: str) -> None:
        path = sidecar_path(self.content_dir, lang)
        current = self.recorded
        entries = {context: value for context, value in current.items() if context in units}
        texts: dict[str, str] = {}
        for entry, unit in accepted:
            made_from = entry.previous if entry.fuzzy and entry.previous else entry.source
            value = fingerprint(made_from)
            texts[value] = made_from
            # --accept-fuzzy keeps the mark: a fuzzy entry stays fuzzy (an outdated one is fuzzy anyway,
            # its recorded original differs from the current one)
            entries[unit.context] = (FUZZY_MARK + value) if entry.fuzzy else value
            entries.update(_paragraph_fingerprints(entry, unit, self.languages[0], lang))
        for context in self.untranslated:
            entries[context] = UNTRANSLATED
        if entries != current:
            self.writes[path] = sidecar_text(entries).encode("utf-8")
        self._plan_sources(lang, entries, texts)

    def _plan_sources(self, lang: str, entries: dict[str, str], texts: dict[str, str]) -> None:
        """The original texts of every recorded fingerprint (all languages), for `#| msgid`."""
        current = read_sources(self.content_dir)
        used = {recorded_fingerprint(v) for v in entries.values()}
        folder = self.content_dir / FOLDER
        for other in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            if other.stem not in (lang, SOURCES):
                used |= {recorded_fingerprint(v) for v in read_sidecar(self.content_dir, other.stem).values()}
        kept = {fp: text for fp, text in {**current, **texts}.items() if fp in used}
        if kept != current:
            self.writes[sidecar_path(self.content_dir, SOURCES)] = sources_text(kept).encode("utf-8")


def _paragraph_fingerprints(entry: Entry, unit: Unit, lang: str, translation_lang: str) -> dict[str, str]:
    """A whole-file translation that follows its original again: its paragraphs are exported one by
    one next time, so record their originals' fingerprints too (else a later edit would go unnoticed).
    The same for a whole YAML text whose translation follows its original sentence by sentence again."""
    target = unit.target
    if isinstance(target, YamlText):
        split = text_sentences(unit.source, lang) if target.sentence is None else None
        if split is None or not same_text(entry.source, unit.source) or \
                paired_split(entry.target, len(split[0]), translation_lang, lang) is None:
            return {}
        return {f"{unit.context}#{n + 1}": fingerprint(text) for n, text in enumerate(split[0]) if is_unit(text)}
    if not isinstance(target, MarkdownBlock) or target.index is not None or not same_text(entry.source, unit.source):
        return {}
    if not paragraphs.mirrors(target.field.layout, paragraphs.split(entry.target)):
        return {}
    out = {}
    for i, block in enumerate(target.field.layout.blocks):
        if not paragraphs.translatable(block):
            continue
        split = split_block(block, lang)
        if split is not None:
            out.update({f"{unit.context}#{i + 1}.{n + 1}": fingerprint(text)
                        for n, text in enumerate(split[0]) if is_unit(text)})
        else:
            out[f"{unit.context}#{i + 1}"] = fingerprint(block)
    return out


def _unknown_hint(context: str, units: dict[str, Unit]) -> str:
    paragraph = context.rsplit(".", 1)[0] if "#" in context else ""
    if paragraph and "#" in paragraph and paragraph in units:
        return f"{paragraph} is now translated as a whole paragraph: export again"
    if "#" in context and any(c.startswith(context + ".") for c in units):
        return f"{context} is now translated sentence by sentence: export again"
    base = context.split("#", 1)[0]
    if "#" in context and base in units:
        return f"{base} is now translated as one whole file: export again"
    if "#" not in context and any(c.startswith(context + "#") for c in units):
        return f"{context} is now translated paragraph by paragraph: export again"
    return "the text was removed or renamed since the export, or the file is from another project: export again"


def write_all(writes: dict[Path, bytes]) -> None:
    """Every file or none: each new content is staged beside its file first, then all are renamed into
    place; if a staging or a rename fails, the files already replaced get their old bytes back, the new
    ones are removed, and the error is raised."""
    staged: list[tuple[Path, str]] = []
    created: list[Path] = []
    try:
        for path, data in writes.items():
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
                created.append(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((path, temporary))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        for _, temporary in staged:
            _remove(temporary)
        for folder in reversed(created):
            _rmdir(folder)
        raise
    previous: dict[Path, bytes | None] = {path: path.read_bytes() if path.exists() else None for path, _ in staged}
    done: list[Path] = []
    try:
        for path, temporary in staged:
            os.replace(temporary, path)
            done.append(path)
    except BaseException:
        for path in done:
            old = previous[path]
            if old is None:
                _remove(str(path))
            else:
                _restore(path, old)
        for path, temporary in staged:
            if path not in done:
                _remove(temporary)
        for folder in reversed(created):
            _rmdir(folder)
        raise


def _restore(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def import_catalog(content_dir: Path, languages: tuple[str, ...], catalog_path: Path, display: str,
                   lang: str | None = None, accept_fuzzy: bool = False, *, force: bool = False,
                   project_code: str | None = None) -> ImportResult:
    return Importer(content_dir, languages, accept_fuzzy, force, project_code).run(catalog_path, display, lang)
