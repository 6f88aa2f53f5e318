"""Criterion ratings: a table rating each criterion ("Criterion | Rating | Justification"), or a line
under a criterion's findings ("Rating: Satisfactory", "Calificación: Satisfactorio", "Notation :
Satisfaisant").

Values on the six-point scale (highly satisfactory … highly unsatisfactory, in EN/ES/FR, or a score
"5/6") are the project's default value set. A table whose rating column holds other words (a
four-point "Highly successful … Unsuccessful", traffic lights) under a header naming a rating gives
the project its own scale, in the order the report uses the words, labelled with them. A rating
needs its criterion: a criterion the report rates but does not analyse is said, not invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assemble import match_criterion
from .blocks import Block
from .record import ImportRecord, ItemData
from .text import slug, unwrap
from .vocabulary import fold

# The default scale (content/schema.py, Rating.value), best first, as reports word it (folded).
SIX_POINT: list[tuple[str, re.Pattern[str]]] = [
    ("highly_satisfactory", re.compile(r"highly satisfactory|(?:altamente|muy) satisfactori[oa]|(?:hautement|tres) satisfaisante?")),
    ("satisfactory", re.compile(r"satisfactory|satisfactori[oa]|satisfaisante?")),
    ("moderately_satisfactory", re.compile(r"moderately satisfactory|(?:moderadamente|medianamente) satisfactori[oa]|"
                                           r"(?:moderement|plutot|assez) satisfaisante?")),
    ("moderately_unsatisfactory", re.compile(r"moderately unsatisfactory|(?:moderadamente|medianamente) insatisfactori[oa]|"
                                             r"(?:moderement|plutot) insatisfaisante?")),
    ("unsatisfactory", re.compile(r"unsatisfactory|insatisfactori[oa]|insatisfaisante?")),
    ("highly_unsatisfactory", re.compile(r"highly unsatisfactory|(?:altamente|muy) insatisfactori[oa]|"
                                         r"(?:hautement|tres) insatisfaisante?")),
]
# The scale's abbreviations, read only as a whole cell or value ("HS", "MU").
ABBREVIATIONS = {"hs": "highly_satisfactory", "s": "satisfactory", "ms": "moderately_satisfactory",
                 "mu": "moderately_unsatisfactory", "u": "unsatisfactory", "hu": "highly_unsatisfactory"}
# A score on the six-point scale: "5/6", "5 out of 6", "5 (Satisfactory)" (the words decide).
_SCORE = re.compile(r"(?P<n>[1-6])\s*(?:/\s*6|out of 6|sur 6|de 6)")
# The header of a column holding ratings, and of one holding their justification (folded).
RATING_HEADER = re.compile(r".*\b(?:ratings?|scores?|calificacion(?:es)?|valoracion(?:es)?|puntuacion(?:es)?|notations?|"
                           r"notes?|appreciations?|performance)\b.*")
JUSTIFICATION_HEADER = re.compile(r".*\b(?:justifications?|justificacion(?:es)?|rationale|comments?|comentarios?|"
                                  r"commentaires?|explanations?|explicacion(?:es)?|observations?|observaciones|evidence)\b.*")
# "Rating: Satisfactory", "**Overall rating for relevance:** Highly satisfactory", "Relevance rating: …" (folded;
# not "Note:", which opens notes in every language).
_RATING_LINE = re.compile(r"^\W*(?:(?:overall|global|general) )?(?:(?P<before>[a-z][a-z -]{2,40}) )?"
                          r"(?:rating|score|calificacion|valoracion|puntuacion|notation|note globale|appreciation)"
                          r"(?: (?:global|generale|general|overall))?"
                          r"(?: (?:for|of|de|del|de la|du|de l.|pour) (?:the |la |el |le |l.)?(?P<after>[a-z][a-z -]{2,40}))?"
                          r"\W*:\W*(?P<value>[^.;\n]{1,40}?)\W*(?:[.;]\s+(?P<rest>.+))?$", re.S)
MAX_CUSTOM_VALUES = 8


@dataclass
class Ratings:
    items: list[ItemData] = field(default_factory=list)
    scale: list[tuple[str, str]] = field(default_factory=list)  # a scale of the report's own: (value, label)


def read_ratings(blocks: list[Block], criteria: list[ItemData], lang: str, record: ImportRecord) -> Ratings:
    """Every rating of a criterion the import found, the first of each criterion kept."""
    found = Ratings()
    rated: dict[str, ItemData] = {}
    current: str | None = None  # the criterion of the findings the blocks are under
    for block in blocks:
        if block.kind == "heading":
            named = match_criterion(re.sub(r"^[\dIVXivx.]+\s+", "", block.text), criteria) if criteria else None
            current = named[0] if named else current if block.level > 2 else None
        elif block.kind == "table":
            for item in _table_ratings(block, criteria, found, lang, record):
                _keep(item, rated, found, record)
        elif block.kind == "para":
            line_rating = _line_rating(block, current, criteria, lang, record)
            if line_rating is not None:
                _keep(line_rating, rated, found, record)
    found.items = [{"id": f"RT{number}", **item} for number, item in enumerate(found.items, start=1)]
    return found


def _keep(item: ItemData, rated: dict[str, ItemData], found: Ratings, record: ImportRecord) -> None:
    first = rated.get(item["criterion"])
    if first is None:
        rated[item["criterion"]] = item
        found.items.append(item)
    elif first["value"] != item["value"]:
        record.leave_out(item["_line"], f"a second rating of {item['criterion']} ({item['_words']!r}), other than the "
                         f"first (line {first['_line']}, {first['_words']!r}): the first is kept")
    elif item.get("justification") and not first.get("justification"):
        first["justification"] = item["justification"]


def six_point(words: str) -> str | None:
    """The default scale's value a cell or line names ("Satisfactory", "5/6", "Muy satisfactorio")."""
    folded = fold(unwrap(words)).strip(" .*:()")
    if folded in ABBREVIATIONS:
        return ABBREVIATIONS[folded]
    for value, pattern in SIX_POINT:
        if pattern.fullmatch(folded) or re.match(rf"(?:{pattern.pattern})\b", folded) and len(folded.split()) <= 5:
            return value
    score = _SCORE.match(folded)
    return SIX_POINT[6 - int(score.group("n"))][0] if score else None


def _table_ratings(block: Block, criteria: list[ItemData], found: Ratings, lang: str,
                   record: ImportRecord) -> list[ItemData]:
    """A table with a column naming criteria and a column of ratings: a rating per criterion row."""
    if len(block.rows) < 3 or not criteria:
        return []
    header = [fold(unwrap(cell)).strip(" :*") for cell in block.rows[0]]
    body = block.rows[1:]
    width = min(len(row) for row in block.rows)
    named = [sum(1 for row in body if match_criterion(unwrap(row[c]), criteria)) for c in range(width)]
    criterion_column = max(range(width), key=lambda c: named[c]) if width else 0
    if width < 2 or named[criterion_column] < 2:
        return []
    columns = [c for c in range(width) if c != criterion_column]
    scored = {c: sum(1 for row in body if six_point(row[c])) for c in columns}
    rating_column = max(columns, key=lambda c: (scored[c], bool(RATING_HEADER.fullmatch(header[c]))))
    custom = not scored[rating_column]
    if custom and not _own_scale(block, rating_column, header):
        return []
    note_column = next((c for c in columns if c != rating_column and JUSTIFICATION_HEADER.fullmatch(header[c])), None)
    items = []
    for row in body:
        criterion = match_criterion(unwrap(row[criterion_column]), criteria)
        words = unwrap(row[rating_column]).strip()
        value = _custom_value(words, found, block.line, record) if custom else six_point(words)
        if criterion is None or value is None:
            if words and row[criterion_column].strip():
                record.leave_out(block.line, f"the rating {words!r} of {unwrap(row[criterion_column])!r}: "
                                 + ("no criterion of the report's findings has this name (a rating needs its "
                                    "criterion)" if criterion is None else "not a value of the rating scale"))
            continue
        item: ItemData = {"criterion": criterion[0], "value": value, "_line": block.line, "_words": words}
        if note_column is not None and row[note_column].strip():
            item["justification"] = {lang: unwrap(row[note_column]).strip()}
        items.append(item)
    return items


def _own_scale(block: Block, column: int, header: list[str]) -> bool:
    """A column of a rating scale other than the six-point one: headed as ratings, short words, a few values."""
    values = {fold(unwrap(row[column])).strip(" .") for row in block.rows[1:] if row[column].strip()}
    return (bool(RATING_HEADER.fullmatch(header[column])) and 2 <= len(values) <= MAX_CUSTOM_VALUES
            and all(len(v.split()) <= 4 and not re.search(r"\d", v) for v in values))


def _custom_value(words: str, found: Ratings, line: int, record: ImportRecord) -> str | None:
    value = slug(words, 40).replace("-", "_")
    if not found.scale:
        record.guess(line, "reportgen.yml", "value_sets.rating: the report rates on a scale of its own; its values "
                     "are in the order the report first uses them: put them best first")
    if not any(existing == value for existing, _ in found.scale):
        found.scale.append((value, " ".join(words.split())))
    return value


def _line_rating(block: Block, current: str | None, criteria: list[ItemData], lang: str,
                 record: ImportRecord) -> ItemData | None:
    text = unwrap(block.text).strip()
    found = _RATING_LINE.match(fold(text)) if len(text) < 2000 else None
    if found is None or not criteria:
        return None
    value = six_point(found.group("value"))
    if value is None:
        return None
    named = found.group("after") or found.group("before")
    criterion = match_criterion(named, criteria) if named else None
    ident = criterion[0] if criterion else current
    if ident is None:
        record.leave_out(block.line, f"a rating ({found.group('value')!r}) under no criterion of the report's "
                         "findings: a rating needs its criterion")
        return None
    item: ItemData = {"criterion": ident, "value": value, "_line": block.line, "_words": found.group("value")}
    after = re.search(r"[.;]\s+(?=\S)", text[text.find(":") + 1:]) if found.group("rest") else None
    if after:  # "Rating: Satisfactory. The project…": the sentences after the value justify it
        item["justification"] = {lang: text[text.find(":") + 1 + after.end():].strip()}
    return item
