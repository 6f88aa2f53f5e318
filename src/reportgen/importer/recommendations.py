"""Recommendations chapter -> recommendations with their fields.

A recommendation opens with a heading or paragraph labelled "R1.", "R.1.", "Recommendation 1:"
(also after the report's paragraph number, "204. **Recommendation 1.**");
its text runs until its fields, which come as a table (label | value), as "Label: value"
paragraphs, as a bold label with the value in the next paragraph, or as one "Note:" line
("Note: Priority: High; Resources: Low; Timeframe: Short term; Addressed to: ILO", or
"Note: Related assessment criteria (…), Responsibility (…), Priority (High), …").
A label reportgen has no field for ("Related assessment criteria") is kept under the report's
own name as a custom field (declared in reportgen.yml by the import).
Normalised values (priority, resources, timeframe) come from the first words of the
wording, which is kept as it is; a wording that says neither keeps the field absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .record import ImportRecord, ItemData, add_note
from .tables import CAPTION
from .text import (BOLD_START, list_pieces, short_first_sentence, slug, split_at_labels, strip_label,
                   table_markdown, title_before_colon, unwrap)
from .vocabulary import (FIELD_TABLE_HEADER, ITEM_LABELS, NOTE_LABEL, NUMBER_COLUMN, PRIORITY_WORDS, RECOMMENDATION_COLUMN,
                         RECOMMENDATION_FIELDS, RESOURCE_WORDS, TIMEFRAME_WORDS, fold, fold_chars)

LEVELS = {"priority": PRIORITY_WORDS, "resources": RESOURCE_WORDS, "timeframe": TIMEFRAME_WORDS}
# In a line of several "Label: value" pairs a label cannot run on over a colon or semicolon.
_LABEL_ALTERNATIVES = "|".join(f"(?P<{name}>{pattern.pattern.replace('.*', '[^:;]{0,40}?')})"
                               for name, pattern in RECOMMENDATION_FIELDS)
# "Label: value" anywhere in a Note line: labels are found by their wording followed by a colon.
_INLINE_LABEL = re.compile(rf"(?:^|[;,.(|]\s*|\s)(?:{_LABEL_ALTERNATIVES})\s*:\s*")


@dataclass
class RecommendationsChapter:
    intro: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    items: list[ItemData] = field(default_factory=list)


CUSTOM = "custom:"   # key prefix of a field the report names and reportgen has no field for
LINKS = "links:"     # key prefix of a field citing other items, before its label
# "Priority (High)": a label and its value in brackets, one pair after the other.
_BRACKETED = re.compile(r"\s*(?P<label>[^\W\d][^(),;:]{1,60}?)\s*\((?P<value>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[,;.]?")
MIN_BRACKETED_SHARE = 0.8


def read_recommendations(blocks: list[Block], lang: str, record: ImportRecord) -> RecommendationsChapter:
    blocks = [piece for block in blocks for piece in split_at_labels(block, [ITEM_LABELS["recommendation"]])]
    as_list = not any(_open(block, lang) for block in blocks)
    if as_list:
        blocks = _list_as_labels(blocks)
    blocks = [piece for block in blocks for piece in _fields_apart(block)]
    chapter = RecommendationsChapter()
    current: ItemData | None = None
    pending_label: str | None = None
    rows: dict[int, tuple[dict[str, str], int]] = {}
    group: Block | None = None  # the sub-heading the recommendations sit under ("5.2 Recommendations for the Government")
    for block in blocks:
        if block.kind == "footnote":
            continue
        opened = _open(block, lang)
        if opened is not None:
            current, pending_label = opened, None
            current["_group"] = group
            chapter.items.append(current)
            continue
        if block.kind == "heading":
            group = block
        listed = _recommendations_table(block, lang, record) if block.kind == "table" and current is None else []
        if listed:  # one table, a row per recommendation: "N° | Recommandation | Destinataires | Priorité"
            place = chapter.closing if chapter.items else chapter.intro
            if place and CAPTION.match(place[-1].strip()):
                place.pop()  # ("Table 3. Recommendations": the table's caption, the table now the items)
            chapter.items.extend(listed)
            continue
        if current is None:
            if block.kind != "heading":
                (chapter.closing if chapter.items else chapter.intro).append(
                    table_markdown(block) if block.kind == "table" else block.text)
            continue
        by_row = _rows_by_recommendation(block) if block.kind == "table" else {}
        if by_row:  # a summary table, one row per recommendation ("1 | ILO | High | …")
            rows.update(by_row)
            continue
        if block.kind == "table":
            fields = _table_fields(block)
            if fields:
                _set_fields(current, fields, block.line)
            else:
                _add_text(current, chapter, table_markdown(block), lang)
            continue
        if block.kind == "heading":
            continue
        if pending_label:
            _set_fields(current, {pending_label: block.text}, block.line)
            pending_label = None
            continue
        if _title_under_its_label(current, block.text, lang):
            continue
        label, value = _label_paragraph(block.text)
        if label and not value:
            pending_label = label
            continue
        note_fields = _note_fields(block.text)
        if note_fields:
            _set_fields(current, note_fields, block.line)
        elif label:
            _set_fields(current, {label: value}, block.line)
        else:
            _add_text(current, chapter, block.text, lang)
    _fields_by_number(chapter, rows)
    _renumber_restarts(chapter.items, record)
    for item in chapter.items:
        _fields_of_group(item, item.pop("_group", None))
        item["text"] = {lang: "\n\n".join(item.pop("_paragraphs"))}
        # A list item without bold ("1. Extend the registry. The ILO should…"), or whose bold was a bracket of
        # fields: its short first sentence is its title.
        why = item.pop("_title_from_text", "")
        why = "a numbered list without a bold title" if as_list and why in ("", NO_TITLE_APART) else why
        short = short_first_sentence(item["text"][lang]) if why and not (item.get("title") or {}).get(lang) else None
        if short and not (why == NO_TITLE_APART and _STATEMENT.search(fold(short[0]))):
            item["title"], item["text"][lang] = {lang: short[0]}, short[1]
            add_note(item, record.guess(item["_line"], item["id"], f"title read from the short first sentence "
                                                                   f"({why}): confirm it"))
    return chapter


# The first cell of a summary table's row: "1", "R1", "Recommendation 1", "1. Strengthen …".
_ROW_NUMBER = re.compile(r"^\W*(?:r|rec|recommendation|recommandation|recomendacion)?\s*\.?\s*(?P<n>\d{1,3})\b")


def _rows_by_recommendation(block: Block) -> dict[int, tuple[dict[str, str], int]]:
    """A table with a header of field labels over one row per recommendation, each row opening
    with the recommendation's number: its fields by number."""
    if len(block.rows) < 3:
        return {}
    header = [_label_of(cell) for cell in block.rows[0]]
    if sum(1 for name in header[1:] if name) < 2:
        return {}
    found: dict[int, tuple[dict[str, str], int]] = {}
    for row in block.rows[1:]:
        number = _ROW_NUMBER.match(fold_chars(unwrap(row[0]).lower())) if row else None
        if number is None:
            return {}
        found[int(number.group("n"))] = ({key: value for name, cell, value in zip(header[1:], block.rows[0][1:], row[1:])
                                          if (key := name or _custom_key(cell)) and value.strip()}, block.line)
    return found


def _recommendations_table(block: Block, lang: str, record: ImportRecord) -> list[ItemData]:
    """A table whose header names a recommendation column and at least one field column, each row a
    recommendation: its ID from a number column or the row's own label ("R2.", "1"), else its row
    order (a guess); its title from the cell's short first sentence (a guess); the other columns
    are its fields, under the report's own names where reportgen has no field for them."""
    header = [fold(unwrap(cell)).strip(" :*") for cell in block.rows[0]] if block.rows else []
    text_column = next((i for i, words in enumerate(header) if RECOMMENDATION_COLUMN.fullmatch(words)), None)
    names = [_label_of(cell) for cell in block.rows[0]] if block.rows else []
    if text_column is None or len(block.rows) < 2 or not any(names):
        return []
    number_column = next((i for i, words in enumerate(header) if i != text_column and NUMBER_COLUMN.fullmatch(words)), None)
    items = []
    for index, row in enumerate(block.rows[1:], 1):
        cells = row + [""] * (len(header) - len(row))
        label, text = strip_label(unwrap(cells[text_column]), ITEM_LABELS["recommendation"])
        listed = None if label else _LIST_NUMBER.match(text)   # "1. Track the graduates: …" in the cell
        text = text[listed.end():] if listed else text
        number = label.group("n") if label else listed.group("n") if listed else _row_number(cells, number_column)
        item: ItemData = {"id": f"R{int(number) if number else index}", "_line": block.line, "_paragraphs": [],
                          "_fields": {}}
        if number is None:
            add_note(item, record.guess(block.line, item["id"], "recommendation numbered by its row in the table"))
        short = short_first_sentence(text.strip())
        titled = short or title_before_colon(text.strip())
        if titled:
            item["title"] = {lang: titled[0]}
            add_note(item, record.guess(block.line, item["id"], "title read from the cell's short first sentence: "
                                        "confirm it" if short else "title read from the words before the cell's "
                                        "first colon: confirm it"))
        item["_paragraphs"].append(titled[1] if titled else text.strip())
        _set_fields(item, {key: value for i, (name, cell) in enumerate(zip(names, block.rows[0]))
                           if i not in (text_column, number_column) and (key := name or _custom_key(cell))
                           and (value := cells[i]).strip()}, block.line)
        items.append(item)
    return items


_LIST_NUMBER = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?=\S)")


def _list_as_labels(blocks: list[Block]) -> list[Block]:
    """A chapter that numbers its recommendations as a list ("1. **Strengthen…** The ministry…", its
    numbers starting at 1, not going on from the report's paragraph numbers): each item relabelled
    "R1. …", so that it opens recommendation R1. The blocks unchanged otherwise."""
    pieces = [piece for block in blocks for piece in list_pieces(block, bullets=False)]
    numbers = [int(found.group("n")) for piece in pieces if (found := _LIST_NUMBER.match(piece.text))]
    if not numbers or min(numbers) != 1:
        return blocks
    return [Block("para", _LIST_NUMBER.sub(lambda m: f"R{m.group('n')}. ", piece.text, count=1), piece.line)
            if _LIST_NUMBER.match(piece.text) else piece for piece in pieces]


MAX_FIELD_LINES = 3


def _fields_apart(block: Block) -> list[Block]:
    """A paragraph (a list item) ending in its field line ("…budget.\n(Responsible: ILO; Priority: High)"),
    or in a bracket of fields after its last sentence ("…own targets. (Dirigida a: OIT; Prioridad: alta)"):
    the fields as a block of their own."""
    lines = block.text.split("\n")
    if block.kind != "para":
        return [block]
    for start in range(max(1, len(lines) - MAX_FIELD_LINES), len(lines)):
        if _note_fields("\n".join(lines[start:]).strip()):
            return [Block("para", "\n".join(lines[:start]), block.line),
                    Block("para", "\n".join(line.strip() for line in lines[start:]), block.line + start)]
    tail = _FIELDS_AT_THE_END.search(block.text)
    if tail and _note_fields(tail.group("fields")):
        before = block.text[:tail.start()].rstrip()
        return [Block("para", before, block.line), Block("para", tail.group("fields"), block.line + before.count("\n"))]
    return [block]


# A bracket closing a paragraph after its last sentence: "…metas propias. (Dirigida a: OIT; Prioridad: alta)".
_FIELDS_AT_THE_END = re.compile(r"(?<=[.!?])\s+(?P<fields>\([^()\n]{8,300}\)|\[[^\[\]\n]{8,300}\])\.?\s*$")


def _row_number(cells: list[str], column: int | None) -> str | None:
    found = _ROW_NUMBER.match(fold_chars(unwrap(cells[column]).lower())) if column is not None else None
    return found.group("n") if found else None


def _fields_by_number(chapter: RecommendationsChapter, rows: dict[int, tuple[dict[str, str], int]]) -> None:
    """The summary table's rows onto the recommendations of the same number (the report's own
    fields under the recommendation win)."""
    for item in chapter.items:
        number = re.sub(r"\D", "", item["id"])
        fields, line = rows.get(int(number), ({}, 0)) if number else ({}, 0)
        _set_fields(item, {name: value for name, value in fields.items() if name not in item["_fields"]}, line)


def _open(block: Block, lang: str) -> ItemData | None:
    if block.kind not in ("heading", "para"):
        return None
    first_line = block.text.splitlines()[0]
    found, rest = strip_label(first_line, ITEM_LABELS["recommendation"])
    if not found:
        return None
    item: ItemData = {"id": f"R{int(found.group('n'))}", "_line": block.line, "_paragraphs": [], "_fields": {}}
    if block.kind == "heading":
        item["title"] = {lang: unwrap(rest)}
        return item
    # "**Recommendation 1: Title.** Text …": the emphasised run is the title.
    bold = re.match(r"^\s*\**\s*(?P<title>[^*]+?)\s*\*\*\s*(?P<text>.*)$", rest, re.S)
    if bold and (BOLD_START.match(block.text) or rest.lstrip().startswith("**")):
        item["title"] = {lang: bold.group("title").strip().rstrip(".:").strip()}  # (a title ends in no stop)
        rest = bold.group("text")
        bracket = _WHOLLY_BRACKETED.fullmatch(item["title"][lang])
        if bracket and (fields := _label_bracket_fields(bracket.group("inside"))):
            # "**Recomendación 1 (dirigida a la OIT):** Fortalecer…": the bracket is a field, not the title
            del item["title"]
            _set_fields(item, fields, block.line)
            item["_title_from_text"] = "the bold after the label was a bracket of fields"
    remaining = "\n".join([rest] + block.text.splitlines()[1:]).strip()
    if "title" not in item and _title_alone(remaining):
        # "Recommendation 1: Consolidate the systems\nbefore the project ends", then its text: plain
        # text that lost the bold keeps the title as a paragraph of its own.
        item["title"] = {lang: " ".join(unwrap(remaining).split())}
    elif remaining:
        item["_paragraphs"].append(remaining)
        if "title" not in item and "**" not in first_line:
            item["_title_from_text"] = NO_TITLE_APART  # ("Recommendation 1: Track the graduates. The project…")
    return item


NO_TITLE_APART = "the source sets no title apart"
# A first sentence that states (a verb: "The ILO should…", "La OIT debe…") is the text, not a title.
_STATEMENT = re.compile(r"\b(?:should|must|could|would|shall|will|is|are|was|were|has|have|needs?|"
                        r"deberia[n]?|debe[n]?|podria[n]?|es|son|fue|ha|han|"
                        r"devrai(?:t|ent)|doi(?:t|vent)|pourrai(?:t|ent)|est|sont|ont)\b")


_WHOLLY_BRACKETED = re.compile(r"\((?P<inside>[^()]{2,80})\)")
# "(dirigida a la OIT)", "(addressed to the ILO)", "(à l'attention du BIT)" (folded)
_ADDRESSED = re.compile(r"^(?:dirigida a|dirigido a|para|addressed to|to|for|adressee a|destinee a|a l.attention d[eu]s?|pour)\s+"
                        r"(?:la |el |los |las |the |le |la |les |l.)?")


def _label_bracket_fields(inside: str) -> dict[str, str]:
    """The fields a bracket after a recommendation's label gives: "Priority: High; …", an addressee
    ("dirigida a la OIT"), or a priority ("High priority"); none for any other bracket."""
    fields = _note_fields(inside)
    if fields:
        return fields
    folded = fold(inside).strip()
    addressed = _ADDRESSED.match(folded)
    if addressed:
        return {"addressees": inside.strip()[addressed.end():].strip() or inside.strip()}
    if "priori" in folded and normalise_level(folded, PRIORITY_WORDS):
        return {"priority": inside.strip()}
    return {}


TITLE_MAX_WORDS = 25
_BOLD_ALONE = re.compile(r"^\*\*(?P<title>[^*\n]+?)\*\*$")


def _title_under_its_label(current: ItemData, text: str, lang: str) -> bool:
    """"### Recommendation 1" then "**Institutionalise the model**": the bold paragraph right under a label
    that gave no title is the title."""
    if (current.get("title") or {}).get(lang) or current["_paragraphs"] or current["_fields"]:
        return False
    bold = _BOLD_ALONE.match(text.strip())
    if bold is None or len(bold.group("title").split()) > TITLE_MAX_WORDS:
        return False
    current["title"] = {lang: bold.group("title").strip().rstrip(".:").strip()}
    return True


def _title_alone(text: str) -> bool:
    """A label's paragraph that is a title, not a sentence: short, no closing punctuation."""
    words = text.split()
    return 0 < len(words) <= TITLE_MAX_WORDS and not re.search(r"[.!?:;,]\W*$|[.!?]\s", text) and not text[:1].islower()


def _renumber_restarts(items: list[ItemData], record: ImportRecord) -> None:
    """Recommendations numbered anew under each sub-heading ("5.1 For the ILO: 1, 2"; "5.2 For the
    Government: 1, 2"): numbered on through the chapter (R1…R4), each renumbered one marked."""
    ids = [item["id"] for item in items]
    if len(set(ids)) == len(ids) or len({id(item.get("_group")) for item in items}) < 2:
        return
    for number, item in enumerate(items, start=1):
        if item["id"] != f"R{number}":
            where = f" under {item['_group'].text!r}" if item.get("_group") is not None else ""
            add_note(item, record.guess(item["_line"], f"R{number}", f"numbered R{number} by the import: the report "
                                        f"numbers its recommendations anew under each heading (its no. "
                                        f"{item['id'][1:]}{where})"))
            item["id"] = f"R{number}"


# A sub-heading grouping recommendations by addressee, timeframe or priority (folded; the number gone):
# "Recommendations for the ILO", "Recomendaciones dirigidas al Gobierno", "Short-term recommendations".
_FOR_WHOM = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+|[a-z][.)]\s+|[ivx]+\.\s+)?(?:recommendations?|recomendaciones|recommandations)"
                       r"\s+(?:for|to|addressed to|para|dirigidas? a|pour|a l.intention d[eu]s?|adressees? a|a|au|aux|al)"
                       r"\s+(?:the |la |el |los |las |le |les |l.)?(?P<who>\S.{0,80})$")
_WHEN = re.compile(r"\b(?P<when>(?:short|medium|long)[- ]term|(?:corto|mediano|medio|largo) plazo|(?:court|moyen|long) terme|"
                   r"immediate|inmediat[ao]s?|immediates?)\b")
_PRIORITY = re.compile(r"\b(?P<priority>(?:high|medium|low)[- ]priority|(?:alta|media|baja) prioridad|prioridad (?:alta|media|baja)|"
                       r"priorite (?:haute|moyenne|faible)|(?:haute|moyenne|faible) priorite)\b")


def _fields_of_group(item: ItemData, group: Block | None) -> None:
    """What the sub-heading over a recommendation says of it: its addressee, timeframe or priority,
    where the recommendation gives none of its own."""
    if group is None:
        return
    folded = fold_chars(group.text.lower())
    fields = item["_fields"]
    whom = _FOR_WHOM.match(folded)
    if whom and "addressees" not in fields:
        fields["addressees"] = (group.text[whom.start("who"):].strip(" .:"), group.line)
    for name, pattern, group_name in (("timeframe", _WHEN, "when"), ("priority", _PRIORITY, "priority")):
        found = pattern.search(folded)
        if found and name not in fields:
            fields[name] = (group.text[found.start(group_name):found.end(group_name)], group.line)


def _add_text(current: ItemData, chapter: RecommendationsChapter, text: str, lang: str) -> None:
    """Text after a recommendation's fields closes the chapter (it is re-opened by the next one)."""
    if current["_fields"]:
        chapter.closing.append(text)
    else:
        current["_paragraphs"].append(text)


def _label_of(text: str) -> str | None:
    """The field a label names; a links field keeps the label's words ("links:Related conclusions"),
    which say what its bare numbers cite."""
    words = fold(text).strip(" :.")
    for name, pattern in RECOMMENDATION_FIELDS:
        if pattern.fullmatch(words):
            return f"{LINKS}{unwrap(text).strip(' :.*')}" if name == "links" else name
    return None


def _table_fields(block: Block) -> dict[str, str]:
    """Rows of label | value, or a header row of labels over a row of values; once one label is
    known, the others are the report's own fields."""
    header = [_label_of(cell) for cell in block.rows[0]]
    if sum(1 for name in header if name) >= 2 and len(block.rows) >= 2:
        return {key: value for name, cell, value in zip(header, block.rows[0], block.rows[1])
                if (key := name or _custom_key(cell)) and value.strip()}
    rows = [(row[0], " ".join(c for c in row[1:] if c.strip())) for row in block.rows if len(row) >= 2]
    if rows and all(FIELD_TABLE_HEADER.fullmatch(fold(unwrap(c)).strip(" :")) for c in rows[0]):
        rows = rows[1:]  # "Field | Value": the table's header row
    if not any(_label_of(label) for label, _ in rows):
        return {}
    return {key: value for label, value in rows if (key := _label_of(label) or _custom_key(label))}


def _custom_key(label: str) -> str | None:
    words = unwrap(label).strip(" :*")
    return f"{CUSTOM}{words}" if 2 < len(words) <= 60 and not re.search(r"[.!?]\s", words) else None


def _label_paragraph(text: str) -> tuple[str | None, str]:
    """'**Priority:** High' / '**Vinculación a conclusiones**' (value in the next paragraph)."""
    bold = re.match(r"^\*\*(?P<label>[^*]+)\*\*\s*:?\s*(?P<value>.*)$", text.strip(), re.S)
    if bold and (name := _label_of(bold.group("label"))):
        return name, bold.group("value").strip()
    plain = re.match(r"^(?P<label>[^:\n]{3,60}):\s*(?P<value>.*)$", text.strip(), re.S)
    if plain and (name := _label_of(plain.group("label"))):
        return name, plain.group("value").strip()
    return None, ""


def _note_fields(text: str) -> dict[str, str]:
    """'Note: Priority: High; Resources: Low; …' (or the same pairs without 'Note:'), or
    'Note: Responsibility (ILO), Priority (High), …'."""
    body = _unenclosed(unwrap(text.strip()))
    note = NOTE_LABEL.match(body)
    # "Responsibility (ILO), Priority (High), …" after "Note:", or alone when two of its labels are known
    bracketed = _bracketed_fields(body[note.end():] if note else body, known=0 if note else 2)
    if bracketed:
        return bracketed
    folded = fold_chars(body)
    marks = [(m.start(m.lastgroup), m.end(), m.lastgroup) for m in _INLINE_LABEL.finditer(folded) if m.lastgroup]
    if not marks or (not note and len(marks) < 2):
        return {}
    fields = {}
    for i, (label_start, value_start, name) in enumerate(marks):
        value_end = marks[i + 1][0] if i + 1 < len(marks) else len(body)
        if name == "links":  # (the label's words say what its numbers cite)
            name = f"{LINKS}{body[label_start:value_start].strip(' :')}"
        fields[name] = body[value_start:value_end].strip(_BETWEEN_FIELDS)
    return fields


# What separates the fields of a line ("High – Short term").
_BETWEEN_FIELDS = " ;,.|*_–—-"
_ENCLOSED = re.compile(r"\((?P<round>[^()]*(?:\([^()]*\)[^()]*)*)\)\.?|\[(?P<square>[^\[\]]*)\]\.?")


def _unenclosed(text: str) -> str:
    """A field line set in brackets as a whole: "(Priority: High; …)", "[Priority: High | …]"."""
    found = _ENCLOSED.fullmatch(text)
    return (found.group("round") or found.group("square") or "").strip() if found else text


def _bracketed_fields(body: str, known: int = 0) -> dict[str, str]:
    """'Responsibility (ILO), Priority (High)': `known` of the labels must be reportgen's own fields."""
    pairs, position = [], 0
    while (found := _BRACKETED.match(body, position)) and found.end() > position:
        pairs.append((found.group("label"), found.group("value")))
        position = found.end()
    if len(pairs) < 2 or position < MIN_BRACKETED_SHARE * len(body.rstrip(" .")):
        return {}
    if sum(1 for label, _ in pairs if _label_of(label)) < known:
        return {}
    return {(_label_of(label) or f"{CUSTOM}{label.strip()}"): value.strip() for label, value in pairs}


def _set_fields(item: ItemData, fields: dict[str, str], line: int) -> None:
    for name, value in fields.items():
        # A field is one line of wording, even when its table cell held several paragraphs.
        item["_fields"][name] = (unwrap(re.sub(r"\s*\n\s*", " ", value.strip())), line)


def finish_fields(item: ItemData, lang: str, record: ImportRecord) -> list[str]:
    """Turn the wording of the fields into the item's fields; returns the addressee names."""
    fields = item.pop("_fields")
    names: list[str] = []
    for key in [k for k in fields if k.startswith(CUSTOM)]:
        label = key[len(CUSTOM):]
        item.setdefault("custom", {})[custom_field_id(label)] = {lang: fields.pop(key)[0]}
        item.setdefault("_custom_labels", {})[custom_field_id(label)] = label
    if "addressees" in fields:
        value, _ = fields["addressees"]
        item["addressee_text"] = {lang: value}
        names = split_addressees(value)
    for name in ("priority", "resources", "timeframe"):
        if name not in fields:
            continue
        value, line = fields[name]
        item[f"{name}_text"] = {lang: value}
        level = normalise_level(value, LEVELS[name])
        if level:
            item[name] = level
        else:
            record.lack(line, item["id"], f"{name}: the wording {value!r} names no level "
                        f"({', '.join(LEVELS[name])}); set '{name}:' by hand")
    for key in [k for k in fields if k.startswith(LINKS)]:
        # "Related conclusions: 2, 3", "Linked to: C1, LL2": linked once every item is known (references.py)
        value, line = fields.pop(key)
        item.setdefault("_references", []).append((key[len(LINKS):], value, line))
    return names


def custom_field_id(label: str) -> str:
    """'Related assessment criteria' -> 'related_assessment_criteria' (the report's name, as an ID)."""
    return slug(label, 60).replace("-", "_")


def normalise_level(value: str, words: dict[str, re.Pattern[str]]) -> str | None:
    """The level a wording names by its first word, or its second after the field's own name ("Prioridad
    alta", "Priorité haute")."""
    first = [w for w in re.findall(r"[a-z]+", fold(value))[:2] if "priori" not in w][:1]
    for level, pattern in words.items():
        if first and pattern.fullmatch(first[0]):
            return level
    return None


def split_addressees(text: str) -> list[str]:
    """'OIT, MININTER, MIMP y Ministerio de Trabajo' -> the four names (brackets kept whole)."""
    depth, current, parts = 0, "", []
    for ch in text:
        depth += ch in "([" and 1 or (-1 if ch in ")]" else 0)
        if ch in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    names = []
    for part in parts:
        names += [p for p in re.split(r"\s+(?:y|and|et|e)\s+", part.strip()) if p.strip()]
    return [n.strip(" .") for n in names if n.strip(" .")]
