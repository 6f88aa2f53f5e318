"""Lessons learned and good practices: the chapter texts and the ILO template annexes.

In the chapter, "LA1. Title" / "Lesson learned 1:" / "BP.2 Title" / "Good practice 3:" (a
heading or the start of a paragraph) opens an item; the paragraphs up to the next one are its
text. A combined "Lessons learned and good practices" chapter is read the same way.

In the annexes, each ILO template is a table whose first row names the item
("ELEMENTO DE LA LECCIÓN APRENDIDA | LA1. …") and whose rows are the template fields; a row
cut by a page break continues in the paragraphs after the table, and a field whose label
is printed as a bold paragraph with nothing after it is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.registry import ilo_template_types
from .blocks import Block
from .debris import continues
from .record import ImportRecord, ItemData, add_note
from .structure import chapter_kind
from .text import (BOLD_START, MIN_TEXT_WORDS, TITLE_WORDS, is_list_item, list_pieces, paragraph_number,
                   short_first_sentence, split_at_labels, strip_label, table_markdown, title_before_colon, unwrap,
                   item_rows, with_columns)
from .vocabulary import (CHAPTERS, ILO_TEMPLATE_FIELDS, ILO_TEMPLATE_WORDS, ITEM_LABELS, LESSON_CHAPTERS, LESSON_KINDS,
                         TEMPLATE_HEADER_ROW, TEMPLATE_HEADING,
                         TEMPLATE_META, TEMPLATE_PROJECT, TEMPLATE_TITLE_ROW, fold)

# The types whose items these chapters hold and whose ILO templates the annexes hold (lessons
# learned, good practices), in report order: {kind: its template's fields}.
TEMPLATES = {t.kind: ILO_TEMPLATE_FIELDS[t.ilo_template] for t in ilo_template_types()
             if t.kind in LESSON_KINDS and t.ilo_template}
KINDS = LESSON_KINDS
CHAPTER_KEYS = LESSON_CHAPTERS
UNNAMED = "#"   # key prefix of a template whose title row names no item ("LL Element | Text")


@dataclass
class ItemsChapter:
    intro: list[str] = field(default_factory=list)
    items: dict[str, list[ItemData]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def all(self) -> list[ItemData]:
        return [item for kind in KINDS for item in self.items[kind]]


def item_label(text: str, prefixes: dict[str, str]) -> tuple[str | None, str | None, str]:
    """('lesson', 'LA1', rest) for 'LA.1 Reintegración…'; (None, None, text) otherwise.

    A short code in the source ("LA", "BP", "GP") is the ID's prefix; a word ("Lesson learned 1")
    gives the language's prefix."""
    for kind in KINDS:
        found, rest = strip_label(text, ITEM_LABELS[kind])
        if found:
            code = re.match(r"[a-z]{2,3}(?=\s?\.?\s?\d)", found.group(0))
            prefix = code.group(0).upper() if code else prefixes[kind]
            return kind, f"{prefix}{int(found.group('n'))}", rest
    return None, None, text


def read_items_chapter(blocks: list[Block], default_kind: str, lang: str, prefixes: dict[str, str],
                       record: ImportRecord, chapter: ItemsChapter | None = None, level: int = 0) -> ItemsChapter:
    """Items of a lessons or good-practices chapter whose heading has `level` (0: unknown)."""
    chapter = chapter or ItemsChapter()
    patterns = [ITEM_LABELS[kind] for kind in KINDS]
    blocks = [piece for block in blocks for piece in split_at_labels(block, patterns)]
    template_blocks = _template_blocks(blocks, prefixes)
    current: ItemData | None = None
    labelled = any(item_label(b.text, prefixes)[0] for b in blocks if b.kind in ("heading", "para"))
    # Unlabelled items are the chapter's sub-headings or, without any, its numbered paragraphs or the
    # items of its lists ("- Involving county governments…", "1. Peer learning…").
    by_heading = not labelled and any(_sub_heading(b, level) for b in blocks)
    by_paragraph = not labelled and not by_heading
    if by_paragraph:
        blocks = [piece for block in blocks for piece in list_pieces(block)]
    for block in blocks:
        if block.kind == "footnote" or id(block) in template_blocks:  # a template: read by read_templates
            continue
        if _names_the_chapter(block):  # "7.1 Lessons learned" under "7. Lessons learned and good practices"
            current = None
            continue
        kind, ident, rest = item_label(block.text, prefixes) if block.kind in ("heading", "para") else (None, None, "")
        unlabelled = (by_heading and _sub_heading(block, level)) or (
            by_paragraph and block.kind == "para" and (paragraph_number(block.text) or is_list_item(block.text)))
        if kind is None and unlabelled:
            kind = default_kind
            ident = f"{prefixes[kind]}{len(chapter.items[kind]) + 1}"
            rest = block.text if block.kind == "heading" else re.sub(r"^\s*(?:\d{1,4}[.)]|[-*+•▪◦])\s+", "", block.text)
        if kind is not None:
            current = _open_item(kind, ident, rest, block, lang, record, labelled)
            chapter.items[kind].append(current)
            continue
        listed = _table_items(block, prefixes, lang, record) if block.kind == "table" else []
        if listed:  # "No. | Lesson learned | Context": a row each
            for item in listed:
                chapter.items[item["_kind"]].append(item)
            current = None
            continue
        text = table_markdown(block) if block.kind == "table" else block.text
        if block.kind == "heading":
            text = f"### {block.text}"
        if current is None:
            chapter.intro.append(text)
        else:
            current["text"][lang] = (current["text"][lang] + "\n\n" + text).strip()
    for item in chapter.all():
        if not (item.get("title") or {}).get(lang):
            title_from_text(item, lang, record)
    return chapter


# A table's column holding the items, by kind: "Lesson learned", "Lecciones aprendidas", "Good practice"…
_ITEM_COLUMNS = {t.kind: re.compile(rf"(?:{t.wording.labels})s?|{CHAPTERS[t.collection_key].pattern}")
                 for t in ilo_template_types() if t.kind in KINDS and t.wording and t.wording.labels}


def _table_items(block: Block, prefixes: dict[str, str], lang: str, record: ImportRecord) -> list[ItemData]:
    """A table with a column naming lessons (or good practices) and a row each: the column's cell is the
    item's text; a number column ("No.", "#") gives its ID, else its row; a column naming a field of
    the item's ILO template fills that field; any other column goes to the text under its name."""
    found = item_rows(block, _ITEM_COLUMNS)
    if found is None:
        return []
    kind, rows = found
    items = []
    for row in rows:
        ident = f"{prefixes[kind]}{row.number or row.index}"
        item: ItemData = {"id": ident, "_kind": kind, "_line": block.line, "text": {lang: row.text}}
        if row.number is None:
            add_note(item, record.guess(block.line, ident, f"{kind.replace('_', ' ')} numbered by its row in the table"))
        title_from_text(item, lang, record)   # (from the cell alone: the other columns are no statement)
        others = []
        for header, value in row.others:
            name = _template_field(header, kind)
            if name:
                item.setdefault("template", {})[name] = {lang: value}
            else:
                others.append((header, value))
        item["text"][lang] = with_columns(item["text"][lang], others)
        items.append(item)
    return items


def is_template_table(block: Block) -> bool:
    """A table whose first row is the title row of an ILO lesson or good-practice template."""
    return block.kind == "table" and bool(block.rows) and bool(block.rows[0]) and \
        bool(TEMPLATE_TITLE_ROW.fullmatch(fold(unwrap(block.rows[0][0]))))


def _template_blocks(blocks: list[Block], prefixes: dict[str, str]) -> set[int]:
    """The ILO template tables written right after their item (not in the annexes), with the
    sub-heading and the template's own preamble paragraphs above them: they are the item's
    template, not its text."""
    found: set[int] = set()
    for index, block in enumerate(blocks):
        if not is_template_table(block):
            continue
        found.add(id(block))
        back = index - 1
        while back >= 0 and blocks[back].kind == "para":
            back -= 1
        if back >= 0 and blocks[back].kind == "heading" and not item_label(blocks[back].text, prefixes)[0]:
            found.update(id(b) for b in blocks[back:index])
    return found


def _sub_heading(block: Block, level: int) -> bool:
    """A heading under the chapter's own (a heading as high as the chapter's is another chapter)."""
    return block.kind == "heading" and block.level > level and not _names_the_chapter(block)


def _names_the_chapter(block: Block) -> bool:
    """A sub-heading naming the lessons or the good practices: the chapter's structure, not an item."""
    return chapter_kind(block) in CHAPTER_KEYS


def _open_item(kind: str, ident: str | None, rest: str, block: Block, lang: str, record: ImportRecord,
               labelled: bool) -> ItemData:
    item: ItemData = {"id": ident, "_kind": kind, "_line": block.line, "text": {lang: ""}}
    if block.kind == "heading":
        item["title"] = {lang: unwrap(rest)}
    else:
        bold = re.match(r"^\s*\**\s*(?P<title>[^*\n]+?)\s*\*\*\s*(?P<text>.*)$", rest, re.S)
        if bold and BOLD_START.match(block.text):
            item["title"] = {lang: bold.group("title").strip(" .:-–")}
            item["text"][lang] = bold.group("text").strip()
        else:
            item["text"][lang] = rest.strip()
    if not labelled:
        add_note(item, record.guess(block.line, ident, f"unnumbered {kind.replace('_', ' ')} (a sub-heading or "
                                    f"numbered paragraph of the chapter); the ID {ident} was given by the import"))
    return item


MAX_STATEMENT_WORDS = 30
LESSON_TITLE_WORDS = 16
# A title run into its text when the bold that set it apart is lost ("Involving inspectors early The
# project trained…"): a lower-case word (a full stop after it or not), then a word that opens sentences
# (an article, a demonstrative).
SENTENCE_OPENER = re.compile(r"(?P<title>(?:\S+\s+){1,%d}?\S*[a-zà-ÿ])\.?\s+(?=(?:The|This|These|Those|It|Its|In|A|An|"
                             r"El|La|Los|Las|Un|Una|Este|Esta|Estos|Estas|En|Le|Les|Une|Ce|Cette|Ces|Dans|Il|Elle)\s)"
                             % (TITLE_WORDS - 1))


_WHOLE_SENTENCE = "the sentence after the label"


def _title_in_statement(statement: str, more: bool) -> tuple[str, str, str] | None:
    """(title, the rest of the statement, how it was read) of a lesson's first paragraph, when it sets a
    title out: words before a colon ("Unions open doors: Domestic…", the bold lost), words run into the
    text before its first sentence's opening word, a one-sentence paragraph followed by `more` text, or
    a short first sentence."""
    colon = title_before_colon(statement)
    if colon:
        return colon[0], colon[1], "the words before the colon after the label"
    opened = SENTENCE_OPENER.match(statement)
    if opened and len(statement[opened.end():].split()) >= MIN_TEXT_WORDS:
        return opened.group("title").rstrip(" .:"), statement[opened.end():], \
            "the words before the first sentence's opening word"
    if more and len(statement.split()) <= MAX_STATEMENT_WORDS and re.fullmatch(r"[^.!?]+[.!?]?", statement):
        return statement.rstrip(" .:"), "", _WHOLE_SENTENCE
    # "Sector approaches need sector-specific tools. Tools designed for…" (a lesson's title is often a sentence)
    short = short_first_sentence(statement, LESSON_TITLE_WORDS)
    return (short[0], short[1], "the short first sentence") if short else None


def title_from_text(item: ItemData, lang: str, record: ImportRecord) -> None:
    """A lesson needs a title. Without a heading or bold title (plain text loses the bold): the words
    run into the text before its first sentence's opening word ("Involving inspectors early The
    project…"), or a one-sentence first paragraph followed by more text; else the first words stand
    in. All are marked as guesses (an ILO template naming the item may settle it: assemble.py)."""
    first, _, rest = item["text"][lang].partition("\n\n")
    statement = unwrap(re.sub(r"[*_]", "", first)).strip()
    guessed = _title_in_statement(statement, bool(rest.strip()))
    if guessed:
        title, text, how = guessed
        item["title"] = {lang: title}
        item["text"][lang] = (text + (f"\n\n{rest}" if rest.strip() else "")).strip()
        item["_title_guessed"] = (first if how == _WHOLE_SENTENCE else title, add_note(item, record.guess(
            item["_line"], item["id"], f"title read from {how} (the source sets no title apart): confirm it")))
        return
    words = re.sub(r"[*_]", "", item["text"][lang]).split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(" .,;:") + ("…" if len(words) > TITLE_WORDS else "")
    item["title"] = {lang: title or item["id"]}
    item["_title_guessed"] = ("", add_note(item, record.guess(
        item["_line"], item["id"], "no title in the source (no heading or bold title); the first words of the "
                                   "text stand in: write the title")))


# --- the ILO template annexes --------------------------------------------------------------

@dataclass
class Templates:
    fields: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)  # item ID -> field -> (text, line)
    kinds: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    project: dict[str, tuple[str, int]] = field(default_factory=dict)  # "title"/"code" -> (value, line)
    lines: dict[str, int] = field(default_factory=dict)   # item ID -> line of the template's title row
    titles: dict[str, str] = field(default_factory=dict)  # item ID -> the item's title in the title row

    def unnamed(self, kind: str) -> list[str]:
        """The templates of `kind` that name no item, in the order of the annexes."""
        return [ident for ident, k in self.kinds.items() if k == kind and ident.startswith(UNNAMED)]


def read_templates(blocks: list[Block], prefixes: dict[str, str]) -> Templates:
    found = Templates()
    current: str | None = None      # item ID
    field_name: str | None = None
    for block in blocks:
        if block.kind == "heading":
            field_name = None
            continue
        if block.kind == "footnote":
            continue
        if block.kind == "table":
            for row in block.rows:
                current, field_name = _template_row(row, current, field_name, found, block.line, prefixes)
            continue
        _template_meta(block.text, found, block.line)
        if item_label(unwrap(block.text), prefixes)[1] or TEMPLATE_HEADING.fullmatch(fold(unwrap(block.text)).strip(" :.")):
            # an item's label or "ILO Lesson Learned Template" after a template: the next one, not the field's text
            current = field_name = None
            continue
        label_field = _label_paragraph(block.text, current, found)
        if label_field is not None:
            field_name = label_field
        elif current and field_name:
            text, line = found.fields[current][field_name]
            joint = " " if continues(text, block.text) else "\n\n"  # a row cut by a page break
            found.fields[current][field_name] = ((text + joint + block.text).strip(), line)
    return found


def _template_row(row: list[str], current: str | None, field_name: str | None, found: Templates, line: int,
                  prefixes: dict[str, str]) -> tuple[str | None, str | None]:
    label = row[0]
    value = "\n\n".join(c for c in row[1:] if c.strip()).strip()
    if TEMPLATE_TITLE_ROW.fullmatch(fold(unwrap(label))):
        kind, ident, title = item_label(unwrap(value), prefixes)
        if not ident:
            # "LL Element | Text": the ILO template names no item; it goes to the items in order.
            kind = _unnamed_template_kind(fold(label))
            if current and current.startswith(UNNAMED) and found.kinds[current] == kind and \
                    len(found.fields[current]) < len(TEMPLATES[kind]):
                return current, None  # the title row printed again over the rest of the table (a page break)
        assert kind is not None, "item_label gives a kind with an ID"
        opened = _open_template(found, kind, ident, line)
        title = " ".join(title.split()).strip(" *:.–-")
        if ident or not _COLUMN_HEADER.fullmatch(fold(title)):  # ("LL Element | Text": the column's name)
            found.titles[opened] = title
        return opened, None
    if TEMPLATE_HEADER_ROW.fullmatch(fold(unwrap(label)).strip(" :")):
        _template_meta(f"{unwrap(label).strip(' :')}: {value}", found, line)
        return current, None  # "Project Title: …" heads the next template
    if current is None:
        return current, field_name
    labels = _labels_run_together(label, found.kinds[current])
    if len(labels) > 1:  # label cells whose values are empty, read as the label cell's rest
        for index, (each, _) in enumerate(labels):
            if each not in found.fields[current]:
                found.fields[current][each] = (value if index == 0 else "", line)
        return current, labels[-1][0]
    name = _template_field(label, found.kinds[current])
    if name is not None and name in found.fields[current] and current.startswith(UNNAMED):
        # A field a second time: the next template, printed right below with the same title row
        # (a PDF reader may have read the two tables as one, the title row as a repeated header).
        current = _open_template(found, found.kinds[current], None, line)
    if name is None:
        if field_name:  # a row without a label continues the field above it
            text, first = found.fields[current][field_name]
            found.fields[current][field_name] = ((text + "\n\n" + "\n\n".join(row)).strip(), first)
        return current, field_name
    found.fields[current][name] = (value, line)
    return current, name


_COLUMN_HEADER = re.compile(r"(?:text[eo]?|description|descripcion|contenido|contenu|content|details?|detalles?)?")


def _open_template(found: Templates, kind: str, ident: str | None, line: int) -> str:
    """A template of `kind` for the item `ident`, or for the next item of its kind (`None`)."""
    ident = ident or f"{UNNAMED}{kind}-{sum(1 for k in found.kinds if k.startswith(UNNAMED + kind)) + 1}"
    found.kinds[ident] = kind
    found.fields.setdefault(ident, {})
    found.lines[ident] = line
    return ident


def _unnamed_template_kind(folded_label: str) -> str:
    """The type of a template whose title row names no item, by its words ("LL Element": a lesson)."""
    return next((t.kind for t in ilo_template_types() if t.kind in TEMPLATES
                 and ILO_TEMPLATE_WORDS[t.ilo_template or ""].search(folded_label)), KINDS[-1])


def _labels_run_together(label: str, kind: str) -> list[tuple[str, str]]:
    """[(field, its label)] of a label cell holding several of the template's labels one after the other
    ("Desafíos/lecciones negativas - Factores causales Éxito/Asuntos positivos - Factores causales"):
    each starts where the words left can only be another field's label. One pair, or none, otherwise."""
    words = unwrap(label).split()
    head = _template_field(" ".join(words), kind)
    if head is None:
        return []
    for start in range(1, len(words)):
        rest = " ".join(words[start:])
        other = _template_field(rest, kind)
        if other is not None and other != head and _template_field(" ".join(words[:start]), kind) == head:
            return [(head, " ".join(words[:start])), *(_labels_run_together(rest, kind) or [(other, rest)])]
    return [(head, " ".join(words))]


def _template_field(label: str, kind: str) -> str | None:
    words = fold(re.sub(r"\(.*?\)", "", unwrap(label.split("\n\n")[0]))).strip(" :")
    for name, pattern in TEMPLATES[kind]:
        if pattern.fullmatch(words):
            return name
    return None


def _label_paragraph(text: str, current: str | None, found: Templates) -> str | None:
    """'**Aspectos administrativos de la OIT** (personal, …)' with no value: an empty field; so is a
    plain paragraph that is a label the template has not given yet ("Otros comentarios relevantes",
    the table's last rows read as text because their value cells are empty)."""
    if current is None:
        return None
    bold = re.match(r"^\*\*(?P<label>[^*]+)\*\*\s*(?:\([^)]*\))?\s*(?P<value>.*)$", text.strip(), re.S)
    if not bold:
        name = _template_field(text, found.kinds[current]) if _bare_label(text) else None
        if name and name not in found.fields[current]:
            found.fields[current][name] = ("", 0)
            return name
        return None
    name = _template_field(bold.group("label"), found.kinds[current])
    if name:
        found.fields[current][name] = (bold.group("value").strip(), 0)
    return name


MAX_LABEL_WORDS = 24


def _bare_label(text: str) -> bool:
    """Words that can be a template's label alone: one short line of words, no sentence's full stop."""
    return "\n\n" not in text.strip() and len(text.split()) <= MAX_LABEL_WORDS and not text.rstrip().endswith(".")


def _template_meta(text: str, found: Templates, line: int) -> None:
    plain = re.match(r"^\**(?P<label>[^:*]{3,40}):?\**\s*:?\s*(?P<value>.+)$", text.strip())
    if not plain:
        return
    label, value = fold(plain.group("label")), unwrap(plain.group("value").strip())
    for name, pattern in TEMPLATE_META.items():
        if pattern.fullmatch(label) and name not in found.meta:
            found.meta[name] = value
    for name, pattern in TEMPLATE_PROJECT.items():
        if pattern.fullmatch(label) and name not in found.project and value.strip(" .-–_"):
            found.project[name] = (value, line)
