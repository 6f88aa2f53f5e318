"""The cover sheet (ILO title page fields), the acronym list and the executive summary."""

from __future__ import annotations

import re

from .blocks import Block
from .record import ImportRecord, ItemData, add_note
from .text import table_markdown, unwrap
from .structure import chapter_kind, heading_words
from .vocabulary import BULLET_GLYPHS, COVER_FIELDS, O_BULLET, OTHER_CHAPTERS, TEAM_HEADING, fold

_LABEL_VALUE = re.compile(r"^\**(?P<label>[^:\n]{2,80}?)\**\s*:\s*\**\s*(?P<value>.*?)\s*$", re.S)
# Stand-ins for the two cover fields the schema requires, when the source does not give them
# (marked with an import note, so that `reportgen check` lists them until someone writes them).
CODE_PLACEHOLDER = "CODE-NOT-FOUND"
TITLE_PLACEHOLDER = "Title not found in the source"
# Text the ILO template leaves for the author to replace: not a value.
_PLACEHOLDER = re.compile(r"^\[.*\]\(#[^)]*\)$|^\[?use themes as provided|^\[?insert |^\[.*\]$|"
                          r"^\[?haga clic aqu[ií]|^\[?click here|^\[?cliquez ici", re.I)


def read_cover(blocks: list[Block], lang: str, record: ImportRecord,
               sheet_end: int | None = None) -> tuple[ItemData, set[int]]:
    """The cover fields found in `blocks`, and the lines of the blocks that held them.

    `blocks[:sheet_end]` is the cover sheet itself: there, a "Label: value" line reportgen has
    no field for is kept under the report's label (`other_fields`), and the title is looked for."""
    evaluation: ItemData = {}
    used: set[int] = set()
    sheet_end = len(blocks) if sheet_end is None else sheet_end
    for index, block in enumerate(blocks):
        for line, label, value in _pairs(block):
            if _cover_field(label, value, line, evaluation, lang, record):
                used.add(line)
            elif index < sheet_end and _other_field(label, value, evaluation, lang):
                used.add(line)
    if "code" not in evaluation:
        _code_anywhere(blocks[:sheet_end], evaluation, record)
    if "title" not in evaluation and (title := _title(blocks[:sheet_end], used)) is not None:
        title = _without_kind_lines(title)
        lines = _opening_line(title, blocks[:sheet_end]) + [title] + _closing_lines(title, blocks[:sheet_end])
        evaluation["title"] = {lang: " ".join(unwrap(" ".join(b.text for b in lines)).split())}
        used.update(b.line for b in lines)
    used.update(_team_roles(blocks, evaluation, lang))
    return evaluation, used


def _pairs(block: Block) -> list[tuple[int, str, str]]:
    """(line, label, value) of a cover table's rows, or of a paragraph's "Label: value" lines
    (bullets or not: "- ILO TC/SYMBOL: RLA/20/05/EUR")."""
    pairs: list[tuple[int, str, str]] = []
    if block.kind == "table":
        for offset, row in enumerate(block.rows):
            if len(row) >= 2 and _BULLET_CELL.fullmatch(row[0].strip()):  # "o⇥Evaluation Title: …" (Word's text)
                line = " ".join(row[1:]).strip()
                pairs += [(block.line + offset, *_split_label(line))] if _LABEL_VALUE.match(line) else []
            elif len(row) >= 2:
                pairs.append((block.line, row[0], " ".join(row[1:])))
        return pairs
    if block.kind != "para":
        return []
    text = _BULLET.sub("", block.text)
    found = _LABEL_VALUE.match(text)
    if found and "\n" not in text.strip():
        return [(block.line, *_split_label(text))]
    for offset, raw in enumerate(block.text.split("\n")):
        line = _BULLET.sub("", raw)
        if _LABEL_VALUE.match(line):
            pairs.append((block.line + offset, *_split_label(line)))
        elif pairs and raw.strip() and raw[:1].isspace() and not _BULLET.match(raw):
            # an indented line under a field's line: its value goes on ("… Project “Skills" / "for Green Jobs”")
            number, label, value = pairs[-1]
            pairs[-1] = (number, label, f"{value.rstrip()} {raw.strip()}")
    return pairs


_BULLET = re.compile(rf"^\s*(?:[-*+]\s+|[{BULLET_GLYPHS}]\s*|{O_BULLET}\s+|\d{{1,2}}[.)]\s+)")
_BULLET_CELL = re.compile(rf"[-*+o{BULLET_GLYPHS}]")


def _split_label(text: str) -> tuple[str, str]:
    """The label is the longest run before a colon that names a cover field ("Donor: country and
    budget US$: European Union…"), else the run before the first colon."""
    colons = [m.start() for m in re.finditer(r":", text)]
    for colon in reversed(colons):
        if _field_name(text[:colon]):
            return text[:colon], text[colon + 1:]
    found = _LABEL_VALUE.match(text)
    assert found is not None, "_split_label is called on lines _LABEL_VALUE matches"
    return found.group("label"), found.group("value")


def _field_name(label: str) -> str | None:
    words = fold(label).strip(" :-")
    return next((name for name, pattern in COVER_FIELDS if pattern.fullmatch(words)), None)


MAX_OTHER_LABEL_WORDS = 8


def _other_field(label: str, value: str, evaluation: ItemData, lang: str) -> bool:
    """A cover line reportgen has no field for ("Date project ends: …"): kept under its own label."""
    label, value = unwrap(label.strip(" *")), unwrap(value.strip())
    if _field_name(label) or not value or len(label.split()) > MAX_OTHER_LABEL_WORDS or re.search(r"[.!?]\s", label):
        return False
    evaluation.setdefault("other_fields", []).append({"label": {lang: label}, "value": {lang: value}})
    return True


# Lines of a cover sheet that are not the title: the organisation, the kind of report.
_GENERIC_WORDS = set("""international labour organization organisation organizacion office oficina internacional del trabajo
du des
internationale du travail ilo oit bit final independent independiente independante indépendante mid term midterm
interim intermedia intermediaire evaluation evaluacion report informe rapport de la of the and y et project projet
proyecto programme programa cluster review revision examen thematic tematica thematique draft borrador projet
version internal interna interne external externa externe sumario summary executive""".split())
MIN_TITLE_WORDS = 4
MAX_TITLE_WORDS = 30
MAX_TITLE_LINES = 3  # (a long title is set on two or three lines of the cover)


def _title(blocks: list[Block], used: set[int]) -> Block | None:
    """The report's title: the first heading, else the first paragraph of one to three lines, neither a
    chapter heading (ACKNOWLEDGEMENTS), a field, nor the organisation or the kind of report."""
    heads = [_before_fields(b) for b in blocks if b.kind in ("heading", "para") and b.line not in used]
    candidates = [b for b in heads if b.text.strip() and b.text.strip().count("\n") < MAX_TITLE_LINES
                  and not _field_like(b) and _is_title(b)]
    return next((b for b in candidates if b.kind == "heading"), None) or next(iter(candidates), None)


# The kind of report run into the title on the line above it: "Evaluación intermedia del proyecto" /
# "Empleo Juvenil Rural…" (it ends on the word that names what is evaluated, or a preposition).
_RUNS_INTO_TITLE = re.compile(r"\b(?:del? (?:la )?|of (?:the )?|du |de l.)?(?:proyecto|project|projet|programa|programme)$"
                              r"|\b(?:of|de|del|du|des|on|sur|sobre)$")


def _without_kind_lines(title: Block) -> Block:
    """A title paragraph without its first lines that only name the kind of report ("Independent Final
    Evaluation" set right above the title), unless they run into it ("Evaluación intermedia del proyecto")."""
    lines = title.text.strip().split("\n")
    while len(lines) > 1 and _generic_words(lines[0]) and not _RUNS_INTO_TITLE.search(" ".join(_generic_words(lines[0]))):
        lines = lines[1:]
    return title if len(lines) == len(title.text.strip().split("\n")) else Block(title.kind, "\n".join(lines), title.line)


def _generic_words(text: str) -> list[str]:
    """The words of `text` when all of them only name the organisation or the kind of report, else []."""
    words = re.findall(r"[a-z]+", fold(text))
    return words if words and all(w in _GENERIC_WORDS for w in words) else []


def _opening_line(title: Block, blocks: list[Block]) -> list[Block]:
    """The paragraph right above the title when it is the kind of report running into it."""
    before = next((b for b in reversed(blocks) if b.line < title.line), None)
    if before is None or before.kind != "para" or before.line != title.line - 1 or "\n" in before.text.strip():
        return []
    words = _generic_words(before.text)
    return [before] if words and _RUNS_INTO_TITLE.search(" ".join(words)) else []


def _closing_lines(title: Block, blocks: list[Block]) -> list[Block]:
    """The paragraphs right after a title that ends inside a bracket ("… in Africa (ACCEL" / "Africa)"):
    a title never leaves one open."""
    after = [b for b in blocks if b.line > title.line]
    text, more = title.text, []
    for block in after[:MAX_TITLE_LINES]:
        if text.count("(") <= text.count(")") or block.kind != "para":
            break
        text += " " + block.text
        more.append(block)
    return more if text.count("(") <= text.count(")") else []


def _before_fields(block: Block) -> Block:
    """A paragraph's lines above its first field or bullet (the title set right above the cover's
    "• ILO TC/SYMBOL: …" lines, with no blank line between)."""
    lines = block.text.split("\n")
    head = next((i for i, line in enumerate(lines) if i and (_BULLET.match(line) or _LABEL_VALUE.match(line))), len(lines))
    return block if head == len(lines) else Block(block.kind, "\n".join(lines[:head]), block.line, level=block.level)


def _field_like(block: Block) -> bool:
    """A 'Label: value' line; a heading only when its label is a cover field ("Example: a title" is
    a title, "Project code: X" a field)."""
    found = _LABEL_VALUE.match(block.text)
    if found is None:
        return False
    return block.kind != "heading" or _field_name(found.group("label")) is not None


def _is_title(block: Block) -> bool:
    if re.fullmatch(r"(?:!\[[^\]]*\]\([^)]*\)\s*)+", block.text.strip()):  # a logo, not a title
        return False
    words = re.findall(r"[a-z]+", fold(block.text))
    if block.kind == "para" and unwrap(block.text).rstrip().endswith("."):  # a sentence, not a title
        return False
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or all(w in _GENERIC_WORDS for w in words):
        return False
    return chapter_kind(block) is None and not OTHER_CHAPTERS.fullmatch(heading_words(block.text))


def _team_roles(blocks: list[Block], evaluation: ItemData, lang: str) -> set[int]:
    """'Equipo de evaluación' / 'Evaluation team' lines "Name. Role": the roles of the evaluators
    (the cover's "(líder)" is only a hint), or the evaluators themselves when the cover names none."""
    team = next((i for i, b in enumerate(blocks) if b.kind == "heading" and TEAM_HEADING.fullmatch(fold(b.text))), None)
    if team is None:
        return set()
    used = {blocks[team].line}
    evaluators = evaluation.setdefault("evaluators", [])
    for block in blocks[team + 1:]:
        if block.kind != "para":
            break
        used.add(block.line)
        found = re.match(r"^(?P<name>[^.,–—()]{3,60}?)\s*(?:\.|,|–|—|\s-)\s+(?P<role>\S.{1,80})$", block.text.strip())
        if not found:
            continue
        name, role = found.group("name").strip(), unwrap(found.group("role").strip().rstrip("."))
        known = next((e for e in evaluators if fold(e["name"]) == fold(name)), None)
        if known is None:
            evaluators.append(known := {"name": name})
        known["role"] = {lang: role}
    return used


def _cover_field(label: str, value: str, line: int, evaluation: ItemData, lang: str, record: ImportRecord) -> bool:
    words = fold(label).strip(" :-")
    for name, pattern in COVER_FIELDS:
        if not pattern.fullmatch(words):
            continue
        if name in evaluation:
            return False
        value = unwrap(value.strip())
        if _PLACEHOLDER.match(value):
            record.leave_out(line, f"cover field {label.strip()!r}: {value!r} is the template's placeholder, "
                                   "not a value (left empty)")
            value = ""
        if name == "title" and (code := ILO_CODE.search(value)):
            # "Project title and Code: Better Regional Migration Management Programme. RAF/21/10/GBR"
            evaluation.setdefault("code", code.group())
            value = (value[:code.start()] + value[code.end():]).strip(" .,;:-–()")
        if name == "code":
            evaluation["code"] = value
        elif name == "evaluators":
            evaluation["evaluators"] = _evaluators(value, lang)
        else:
            evaluation[name] = {lang: value}
        return True
    return False


# An ILO project code: "PER/17/51/USA", "RAF/21/10/GBR", "GLO/14/27/NET" (region or country, year, number, donor).
ILO_CODE = re.compile(r"\b[A-Z]{3}/\d{2}/\d{2,3}/[A-Z]{3}\b")


def _code_anywhere(blocks: list[Block], evaluation: ItemData, record: ImportRecord) -> None:
    """The cover names the project code under no label reportgen knows ("Project: GLO/14/27/NET -
    Evaluation Consultant: …"): the first ILO project code on it, marked to confirm."""
    for block in blocks:
        found = ILO_CODE.search(block.text)
        if found:
            evaluation["code"] = found.group()
            add_note(evaluation, record.guess(block.line, "evaluation", f"code {found.group()} read from the cover, "
                                              "under no label reportgen knows: confirm it"))
            return


def _evaluators(value: str, lang: str) -> list[ItemData]:
    """'Ana Pérez (líder), Luis Gómez y Eva Ruiz' -> names, with the bracket as the role."""
    names = re.split(r"[,;]\s*|\s+(?:y|and|et)\s+", value.strip(" ."))
    evaluators = []
    for name in (n.strip() for n in names if n.strip()):
        role = re.search(r"\(([^)]+)\)\s*$", name)
        entry: dict[str, object] = {"name": re.sub(r"\s*\([^)]*\)\s*$", "", name)}
        if role:
            entry["role"] = {lang: role.group(1)}
        evaluators.append(entry)
    return evaluators


def read_glossary(blocks: list[Block], lang: str) -> list[ItemData]:
    """Two-column rows (term | expansion), or 'TERM: expansion' / 'TERM – expansion' lines, bulleted or
    not ("- **BIT** : Bureau international du Travail")."""
    entries, seen = [], set()
    for block in blocks:
        rows = block.rows[1:] if block.kind == "table" and _glossary_header(block.rows[0]) else block.rows
        pairs = [(r[0], " ".join(r[1:])) for r in rows if len(r) >= 2] if block.kind == "table" else []
        if block.kind == "para":
            for line in block.text.splitlines():
                found = re.match(r"^\**(?P<t>[^\s:–—-][^:–—]{0,30}?)\**\s*(?::|–|—|\s-\s)\s*(?P<e>.+)$",
                                 _BULLET.sub("", line).strip())
                if found:
                    pairs.append((found.group("t"), found.group("e")))
        for term, expansion in pairs:
            term, expansion = unwrap(term.strip()), unwrap(expansion.strip())
            if term and expansion and term not in seen and len(term) <= 80:
                seen.add(term)
                entries.append({"term": term, "expansion": {lang: expansion}})
    return entries


# A glossary table's header row: "Acronym | Meaning", "Sigla | Significado", "Sigle | Signification".
_GLOSSARY_HEADER = re.compile(r"^(?:acronyms?|abbreviations?|abbr\.?|terms?|siglas?|sigles?|acronimos?|abreviaturas?|"
                              r"abreviations?|termes?|terminos?|meanings?|definitions?|descriptions?|full (?:name|form)|"
                              r"expansion|significados?|significations?|definiciones|descripcion|nombre completo|"
                              r"intitule|libelle|denomination)$")


def _glossary_header(row: list[str]) -> bool:
    return bool(row) and all(_GLOSSARY_HEADER.match(fold(c.replace("*", "")).strip()) for c in row[:2] if c.strip())


def markdown_of(blocks: list[Block], top_level: int = 2) -> tuple[str, list[str]]:
    """Blocks -> Markdown (headings re-levelled from `top_level`), and the footnotes cited."""
    out = []
    for block in blocks:
        if block.kind == "heading":
            out.append("#" * min(6, top_level + 1) + " " + block.text)
        elif block.kind == "table":
            out.append(table_markdown(block))
        elif block.kind == "para":
            out.append(block.text)
    text = "\n\n".join(out)
    return text, re.findall(r"\[\^(\d+)\]", text)
