"""Every text of the project as translation units: the original, its translation, where it is.

The YAML files are walked as data, not through the schema models, so any localized text
(a mapping of language codes to strings, e.g. `{es: "…", en: "…"}`) is found wherever it is,
including in collections added later. Each unit has a stable context:

    R4.title                      a field of an item (its ID, then the field path)
    S12.findings -> H38.text      nested items with an ID start again from their ID
    evaluation.evaluators[Ana].role, glossary[OIT].expansion, IND-1.measurements[2]
    S12.narrative#3.2             sentence 2 of paragraph 3 (1-based block) of a Markdown file field
    S12.narrative#5.4             cell 4 (in reading order) of a table, paragraph 5
    S12.narrative#4               a block that is neither (heading, list, quote, footnote), or one
                                  whose translation does not follow it sentence by sentence (cell by cell)
    H38.text#2                    sentence 2 of a YAML text of one paragraph and several sentences
                                  (`H38.text` when its translation does not follow it sentence by sentence)
    T1.columns[indicator].label   an item of a list that is not a collection (a table's columns,
                                  groups) stays scoped by its parent
    charts:T1.title               an item whose ID another collection already used (a chart named
                                  after its table): scoped by its collection, never by a line number
    evaluation.summary            a whole Markdown file, when its translation does not follow
                                  the original paragraph by paragraph
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from ..content import registry, schema
from ..content.loader import MARKDOWN_FILE_FIELDS, content_files, display_path, load_content
from ..content.yamlfile import Path_, YamlDocument, load_yaml, read_text
from ..errors import Report
from . import paragraphs
from .segments import Split, is_unit, join, paired_split, split_block

# Fields naming a Markdown file per language (collection or singleton, field) -> unit kind.
FILE_FIELDS = {(key, name): registry.markdown_file_fields(model)[name].unit
               for key, model in [*((k, t.model) for k, t in registry.collections().items()),
                                  *schema.SINGLETONS.items()]
               for name in MARKDOWN_FILE_FIELDS.get(key, ())}
# Lists of nested items whose kind differs from their parent's.
NESTED_KINDS = {name: kind for t in registry.item_types() for name, kind in registry.child_fields(t.model).items()}
NOTE_CHARS = 120
# Lists whose items have an `id` that is only unique inside their parent (a table's columns and
# groups): their contexts stay under the parent's (`T1.columns[indicator].label`).
SCOPED_LISTS = frozenset({"columns", "groups"})


@dataclass(frozen=True)
class YamlText:
    """A localized text in a YAML file: the mapping at `location` holds one string per language; a
    unit of one of its sentences names it (`sentence`) and keeps the whole texts (for the import)."""

    file: Path
    location: Path_
    sentence: int | None = None
    original: str = field(default="", compare=False)
    current: str | None = field(default=None, compare=False)   # the whole translation, when there is one


@dataclass
class MarkdownField:
    """A field naming a Markdown file per language, and the two files."""

    owner: str                 # the item's ID (or "evaluation")
    yaml_file: Path
    location: Path_            # the {es: FILE, en: FILE} mapping
    original: Path
    translation: Path          # may not exist yet
    referenced: bool           # the YAML already names the translation file
    layout: paragraphs.Layout  # of the original
    translated: paragraphs.Layout | None  # of the translation, when the file exists
    context: str = ""          # the field's context (its paragraphs are CONTEXT#N)

    @property
    def aligned(self) -> bool:
        return self.translated is None or paragraphs.mirrors(self.layout, self.translated)


@dataclass(frozen=True)
class MarkdownBlock:
    field: MarkdownField
    index: int | None          # block index; None = the whole file
    sentence: int | None = None  # a paragraph's sentence or a table's cell (segments.split_block); None = the block


@dataclass(frozen=True)
class Unit:
    context: str
    kind: str                  # item type, for the status table
    note: str                  # for the translator: the item and its title
    source: str                # the original text
    translation: str | None    # None or "" when not translated
    reference: str             # file:line of the original
    target: YamlText | MarkdownBlock
    target_reference: str = ""  # file:line of the translation, when there is one


@dataclass
class _Walk:
    """What the walk knows about the item it is in."""

    doc: YamlDocument
    context: str
    kind: str
    note: str
    owner: str = ""
    title: str = ""

    def inside(self, context: str, kind: str | None = None) -> "_Walk":
        return _Walk(self.doc, context, kind or self.kind, self.note, self.owner, self.title)


class Collector:
    def __init__(self, content_dir: Path, languages: tuple[str, ...], lang: str) -> None:
        self.root = content_dir.resolve()
        self.original, self.lang = languages[0], lang
        self.languages = set(languages)
        self.units: list[Unit] = []
        self.contexts: set[str] = set()
        self.owners: dict[str, str] = {}   # item ID -> the collection (list) it was first seen in

    def collect(self) -> list[Unit]:
        docs = [load_yaml(path, display_path(path, self.root)) for path in content_files(self.root)]
        for doc in sorted((d for d in docs if isinstance(d.data, dict)), key=_report_order):
            for key, value in doc.data.items():
                self._top_level(doc, key, value)
        return self.units

    def _top_level(self, doc: YamlDocument, key: str, value: object) -> None:
        if key in schema.SINGLETONS and isinstance(value, dict):
            title = self._plain(value.get("title"))
            self._mapping(value, (key,), _Walk(doc, key, key, f"{key}: {title}" if title else key, key, title), key)
        elif key in schema.COLLECTIONS and isinstance(value, list):
            self._list(value, (key,), _Walk(doc, key, schema.COLLECTIONS[key][1], key, key), key)

    def _list(self, values: list[object], location: Path_, walk: _Walk, name: str) -> None:
        kind = NESTED_KINDS.get(name, walk.kind)
        for index, value in enumerate(values):
            here = (*location, index)
            if isinstance(value, dict) and isinstance(value.get("id"), str) and name not in SCOPED_LISTS:
                own = self._plain(value.get("title") or value.get("name"))
                parent = "" if own or not walk.title else f" in {walk.owner}"
                title = own or walk.title
                note = f"{value['id']} · {kind.replace('_', ' ')}{parent}" + (f": {title}" if title else "")
                item = value["id"]
                first = self.owners.setdefault(item, name)
                context = item if first == name else f"{name}:{item}"
                self._mapping(value, here, _Walk(walk.doc, context, kind, note, item, title), name)
            elif isinstance(value, dict) and isinstance(value.get("id"), str):
                inner = walk.inside(f"{walk.context}[{value['id']}]", kind)
                self._mapping(value, here, inner, name)
            else:
                label = next((value[k] for k in ("term", "name") if isinstance(value, dict)
                              and isinstance(value.get(k), str)), None)
                inner = walk.inside(f"{walk.context}[{index if label is None else label}]", kind)
                if label is not None:
                    inner.note = f"{walk.note}: {label}"
                self._value(value, here, inner, name)

    def _mapping(self, value: dict[str, object], location: Path_, walk: _Walk, collection: str) -> None:
        for key, child in value.items():
            here, context = (*location, key), f"{walk.context}.{key}"
            if (collection, key) in FILE_FIELDS and len(location) <= 2 and isinstance(child, dict):
                self._markdown(child, here, walk.inside(context), walk.context, FILE_FIELDS[(collection, key)])
            elif isinstance(child, list):
                self._list(child, here, walk.inside(context), key)
            else:
                self._value(child, here, walk.inside(context), collection)

    def _value(self, value: object, location: Path_, walk: _Walk, collection: str) -> None:
        if self._is_text(value):
            source = value[self.original] or ""  # (a str: _is_text)
            if source.strip():
                reference = f"{walk.doc.display}:{walk.doc.lines.get((*location, self.original), '?')}"
                here = walk.doc.lines.get((*location, self.lang))
                target_reference = f"{walk.doc.display}:{here}" if here else ""
                translation = value.get(self.lang)
                note = walk.note
                split = text_sentences(source, self.original)
                if split is not None:
                    texts, _ = split
                    done = (paired_split(translation, len(texts), self.lang, self.original)
                            if translation and translation.strip() else None)
                    if done is not None or not (translation or "").strip():
                        for number, text in enumerate(texts):
                            if is_unit(text):
                                self._add(f"{walk.context}#{number + 1}", walk.kind,
                                          f"{note} — sentence {number + 1} of {len(texts)}", text,
                                          done[0][number] if done is not None else None, reference,
                                          YamlText(walk.doc.path, location, number, source, translation),
                                          target_reference)
                        return
                    note += (f" (whole text: the {self.lang} text does not follow the original sentence by "
                             "sentence)")
                self._add(walk.context, walk.kind, note, source, translation, reference,
                          YamlText(walk.doc.path, location, None, source, translation), target_reference)
        elif isinstance(value, dict):
            self._mapping(value, location, walk, collection)
        elif isinstance(value, list):
            self._list(value, location, walk, str(location[-1]) if location else "")

    def _is_text(self, value: object) -> TypeGuard[dict[str, str | None]]:
        return (isinstance(value, dict) and bool(value) and set(value) <= self.languages
                and isinstance(value.get(self.original), str)
                and all(v is None or isinstance(v, str) for v in value.values()))

    def _markdown(self, paths: dict[str, object], location: Path_, walk: _Walk, owner: str, kind: str) -> None:
        name = paths.get(self.original)
        if not isinstance(name, str):
            return
        base = walk.doc.path.parent
        own = paths.get(self.lang)
        translation = base / own if isinstance(own, str) and own else base / translation_name(name, self.original,
                                                                                               self.lang)
        original = base / name
        display = display_path(original, self.root)
        layout = paragraphs.split(read_text(original, display))
        referenced = isinstance(own, str) and bool(own)
        translated = (paragraphs.split(read_text(translation, display_path(translation, self.root)))
                      if referenced and translation.is_file() else None)
        field = MarkdownField(owner, walk.doc.path, location, original, translation, referenced, layout, translated,
                              walk.context)
        if translated is not None and not field.aligned:  # (aligned when there is no translation)
            note = (f"{walk.note} — whole file: the {self.lang} file does not follow the {self.original} file "
                    "paragraph by paragraph")
            self._add(walk.context, kind, note, layout.join().strip("\n"), translated.join().strip("\n"),
                      f"{display}:1", MarkdownBlock(field, None), f"{display_path(translation, self.root)}:1")
            return
        count = len(layout.blocks)
        for index, block in enumerate(layout.blocks):
            if not paragraphs.translatable(block):
                continue
            translation_text = translated.blocks[index] if translated is not None else None
            context, note = f"{walk.context}#{index + 1}", f"{walk.note} — paragraph {index + 1} of {count}"
            reference = f"{display}:{paragraphs.block_line(layout, index)}"
            target_reference = (f"{display_path(translation, self.root)}:{paragraphs.block_line(translated, index)}"
                                if translated is not None else "")
            split = split_block(block, self.original)
            if split is not None:
                texts, _ = split
                done = paired_split(translation_text, len(texts), self.lang, self.original) \
                    if translation_text is not None else None
                if translation_text is None or done is not None:
                    what = "cell" if paragraphs.shape(block) == "table" else "sentence"
                    line = paragraphs.block_line(layout, index)
                    _, glue = split
                    for number, text in enumerate(texts):
                        if is_unit(text):   # (its own line: a sentence or a row may start further down)
                            before = join(texts[:number], glue[:number + 1])
                            self._add(f"{context}.{number + 1}", kind, f"{note}, {what} {number + 1} of {len(texts)}",
                                      text, done[0][number] if done is not None else None,
                                      f"{display}:{line + before.count(chr(10))}",
                                      MarkdownBlock(field, index, number), target_reference)
                    continue
                note += (f" (whole block: the {self.lang} text does not follow the original sentence by sentence "
                         "or cell by cell)")
            self._add(context, kind, note, block, translation_text, reference, MarkdownBlock(field, index),
                      target_reference)

    def _add(self, context: str, kind: str, note: str, source: str, translation: str | None, reference: str,
             target: YamlText | MarkdownBlock, target_reference: str = "") -> None:
        if context in self.contexts:  # e.g. two glossary entries for one term: keep both reachable,
            count = 2                   # numbered in file order (never by line: a line moves)
            while f"{context}~{count}" in self.contexts:
                count += 1
            context = f"{context}~{count}"
        self.contexts.add(context)
        self.units.append(Unit(context, kind, note, source, translation, reference, target, target_reference))

    def _plain(self, text: object) -> str:
        value = text.get(self.original) if isinstance(text, dict) else None
        if not isinstance(value, str):
            return ""
        value = " ".join(value.split())
        return value if len(value) <= NOTE_CHARS else value[: NOTE_CHARS - 1] + "…"


def _report_order(doc: YamlDocument) -> tuple[int, str]:
    """Files in the report's order (cover, chapters, criteria, …, annexes), not alphabetically."""
    order = [*schema.SINGLETONS, *schema.COLLECTIONS]
    return min((order.index(key) for key in doc.data if key in order), default=len(order)), str(doc.path)


def text_sentences(text: str, lang: str) -> Split | None:
    """A YAML text's sentences and the white space between them (segments.split_block), when it is one
    paragraph of more than one sentence; else None (the text is one unit)."""
    if "\n\n" in text.strip() or paragraphs.shape(text.strip()) != "paragraph":
        return None
    split = split_block(text, lang)
    return split if split is not None and len(split[0]) > 1 else None


def translation_name(original: str, original_lang: str, lang: str) -> str:
    """S12.es.md -> S12.en.md; notes.md -> notes.en.md."""
    suffix = f".{original_lang}.md"
    if original.endswith(suffix):
        return original[: -len(suffix)] + f".{lang}.md"
    return original[: -len(".md")] + f".{lang}.md" if original.endswith(".md") else f"{original}.{lang}.md"


def collect_units(content_dir: Path, languages: tuple[str, ...], lang: str) -> list[Unit]:
    """The units of a content folder that loads without errors (else ContentError)."""
    report = Report()
    load_content(content_dir, report)
    report.raise_if_errors()
    return Collector(content_dir, languages, lang).collect()


def evaluation_code(content_dir: Path, fallback: str) -> str:
    """The evaluation's code (`evaluation.code`), which names the project in translation files."""
    root = content_dir.resolve()
    for path in content_files(root):
        data = load_yaml(path, display_path(path, root)).data
        if isinstance(data, dict) and isinstance(data.get("evaluation"), dict):
            code = data["evaluation"].get("code")
            if isinstance(code, str) and code.strip():
                return code.strip()
    return fallback


def same_text(a: str | None, b: str | None) -> bool:
    return unicodedata.normalize("NFC", a or "") == unicodedata.normalize("NFC", b or "")
