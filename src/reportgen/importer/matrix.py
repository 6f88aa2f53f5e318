"""Criteria and questions from the question table ("Table 1. Evaluation questions by criterion").

The first table whose rows carry at least three question IDs ("PE1.", "EQ3:", "Q2.1") is the
matrix. A criterion cell is carried down to the rows below it; "SPE13.1" or "PE13.1" is a
sub-question of PE13.

Many matrices do not number their questions: a table with a column headed "Evaluation
questions" ("Preguntas", "Questions d'évaluation") whose cells hold at least three questions is
the matrix then, its questions numbered EQ1, EQ2… in their order, its criterion taken from the
column headed "Criterion" (or the first column).
"""

from __future__ import annotations

from typing import Any

import re
from dataclasses import dataclass, field

from .blocks import Block
from .structure import heading_words
from .text import strip_label, title_case_if_shouting
from .vocabulary import CRITERION_STEMS, QUESTION_ID, fold

MIN_QUESTIONS = 3


@dataclass
class Matrix:
    line: int = 0
    criteria: list[str] = field(default_factory=list)          # names, in order
    questions: list[dict[str, Any]] = field(default_factory=list)        # {"id", "_criterion", "text", "subquestions"}


def read_matrix(blocks: list[Block], lang: str) -> Matrix:
    tables = [b for b in blocks if b.kind == "table"]
    for index, table in enumerate(tables):
        if sum(len(_questions(cell)) for row in table.rows for cell in row) < MIN_QUESTIONS:
            continue
        matrix = Matrix(line=table.line)
        rows = list(table.rows)
        # The table goes on after a page break, often with its header repeated.
        for following in tables[index + 1:index + 4]:
            if following.rows and following.rows[0] == table.rows[0] or any(_question(c) for r in following.rows[:2] for c in r):
                rows += following.rows
            else:
                break
        _read_rows(rows, matrix, lang)
        return matrix
    for table in tables:
        unnumbered = _read_unnumbered(table, lang)
        if unnumbered:
            return unnumbered
    return _read_listed(blocks, lang) or Matrix()


# A heading over the questions listed in the text ("2.1 Evaluation questions", "Questions d'évaluation",
# "Preguntas de evaluación"), folded, its number left out.
_QUESTIONS_HEADING = re.compile(r"(?:(?:key|main|principales) )?(?:evaluation )?(?:questions?|preguntas?)"
                                r"(?: (?:d.evaluation|de (?:la )?evaluacion|of the evaluation|cles|clave))?")
_LISTED = re.compile(r"^\s*(?:[-•*▪]\s+)?(?P<q>[¿A-ZÀ-Ý][^?]{8,}\?)\s*$")


def _names_the_questions(block: Block) -> bool:
    """A heading, or a short line of its own (plain text has no headings), naming the evaluation questions."""
    short_line = block.kind == "para" and "\n" not in block.text.strip() and len(block.text.split()) <= 6
    return (block.kind == "heading" or short_line) and bool(_QUESTIONS_HEADING.fullmatch(heading_words(block.text)))


def _read_listed(blocks: list[Block], lang: str) -> Matrix | None:
    """Questions listed in the text under a heading that names them: "Q1. …?", "1. …?" or a bullet
    "- …?", one per paragraph or line; a short line or sub-heading above them naming a criterion
    ("Relevance") is their criterion. None when fewer than MIN_QUESTIONS."""
    for index, block in enumerate(blocks):
        if not _names_the_questions(block):
            continue
        matrix, criterion = Matrix(line=block.line), None
        named: set[str] = set()  # the criteria set apart or named as the usual criteria are
        level = block.level if block.kind == "heading" else 6  # (a line of its own: up to the next heading)
        for following in blocks[index + 1:]:
            if following.kind == "heading" and following.level <= level or following.kind == "table":
                break
            for line in following.text.split("\n"):
                found = _question(line) or ((f"{NUMBER_ONLY_PREFIX}{len(matrix.questions) + 1}", m.group("q"))
                                            if (m := _LISTED.match(line.replace("*", ""))) else None)
                if found:
                    matrix.questions.append({"id": found[0], "_criterion": criterion, "text": {lang: found[1]},
                                             "subquestions": []})
                elif len(line.split()) <= 4 and not line.rstrip().endswith((".", "?")) and \
                        not _MATRIX_COLUMN_WORDS.match(heading_words(line)):
                    criterion = title_case_if_shouting(line.replace("*", "").strip(" :#")) or criterion
                    if criterion and criterion not in matrix.criteria:
                        matrix.criteria.append(criterion)
                    if criterion and _names_a_criterion(line, following):
                        named.add(criterion)
        if len(matrix.questions) >= MIN_QUESTIONS:
            return _settled(matrix, named)
    return None


MIN_EMPTY = 2  # criteria without a question under them: the criteria's column was written on its own
# The words of a matrix's other columns (headers, sources, methods), folded: a cell written on a line of
# its own ("Fuentes", "Documentos, entrevistas", "Informes financieros") is no criterion.
_MATRIX_COLUMN_WORDS = re.compile(
    r"(?:data |information )?(?:fuentes?|sources?|means of verification|medios de verificacion|moyens de verification|"
    r"methods?|metodos?|methodes?|indicators?|indicadores?|indicateurs?|informants?|informantes?|stakeholders?|"
    r"interviews?|entrevistas?|entretiens?|documents?|documentos?|document(?:ary)? review|revision documental|"
    r"surveys?|encuestas?|enquetes?|focus groups?|grupos focales|criteri(?:on|a|os?)|criteres?|sub-?questions?|"
    r"questions?|(?:sub)?preguntas?|judge?ment criteria|reports?|informes?|rapports?|financial|financieros?)\b")


def _settled(matrix: Matrix, named: set[str]) -> Matrix:
    """Criteria one under the other with no question under them are a table's column written apart
    from the questions' (a PDF's text without its layout): which question is whose, the text no longer
    says, and only the lines that name criteria are criteria (not "Fuentes", "Entrevistas"). Criteria
    listed before the first grouped question head nothing."""
    if sum(1 for c in matrix.criteria if not any(q["_criterion"] == c for q in matrix.questions)) >= MIN_EMPTY:
        for question in matrix.questions:
            question["_criterion"] = None
        matrix.criteria = [c for c in matrix.criteria if c in named]
    elif not matrix.questions[0]["_criterion"]:
        matrix.criteria = [c for c in matrix.criteria if any(q["_criterion"] == c for q in matrix.questions)]
    return matrix


def _names_a_criterion(line: str, block: Block) -> bool:
    """A short line over listed questions surely names a criterion when it is set apart (a heading,
    bold, a colon after it) or names one of the usual criteria; a table's cells written one under the
    other (a PDF's text taken without its layout: "Fuentes", "Entrevistas") name none."""
    return block.kind == "heading" or "**" in line or line.rstrip().endswith(":") or \
        bool(CRITERION_STEMS.match(heading_words(line)))


# Column headers, folded: the questions' column and the criteria's.
_QUESTION_HEADER = re.compile(r"^(?:key |main |evaluation |principales )?(?:questions?|preguntas?)\b(?!.*\bsub)")
_SUB_HEADER = re.compile(r"^(?:sub-? ?questions?|sous-? ?questions?|sub-? ?preguntas?)\b")
_CRITERION_HEADER = re.compile(r"^(?:(?:evaluation|oecd[ /-]*dac|dac) )?(?:criteri(?:on|a|os?)|criteres?)\b")
# A question inside a cell: from a capital (or "¿") to its question mark.
_IN_CELL = re.compile(r"(?:^|(?<=[?.:;]\s)|(?<=\n))\s*(?:[-•*]\s+|\d{1,2}[.)]\s+|[a-z][.)]\s+)?(?P<q>[¿A-ZÀ-Ý][^?]{8,}\?)")


def _cell_questions(cell: str) -> list[str]:
    return [" ".join(m.group("q").replace("*", "").split()) for m in _IN_CELL.finditer(cell.replace("<br>", "\n"))]


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if pattern.match(fold(cell.replace("*", "")).strip())), None)


def _read_unnumbered(table: Block, lang: str) -> Matrix | None:
    if len(table.rows) < 2:
        return None
    header = table.rows[0]
    asked = _column(header, _QUESTION_HEADER)
    if asked is None:
        return None
    body = table.rows[1:]
    if sum(len(_cell_questions(row[asked])) for row in body if asked < len(row)) < MIN_QUESTIONS:
        return None
    sub = _column(header, _SUB_HEADER)
    named = _column(header, _CRITERION_HEADER)
    if named is None and asked > 0:
        named = 0
    matrix = Matrix(line=table.line)
    criterion = None
    for row in body:
        if named is not None and named < len(row) and row[named].strip() and named != asked:
            criterion = title_case_if_shouting(" ".join(row[named].replace("*", "").split()))
            if criterion not in matrix.criteria:
                matrix.criteria.append(criterion)
        texts = _cell_questions(row[asked]) if asked < len(row) else []
        subs = _cell_questions(row[sub]) if sub is not None and sub < len(row) else []
        for text in texts:
            ident = f"{NUMBER_ONLY_PREFIX}{len(matrix.questions) + 1}"
            matrix.questions.append({"id": ident, "_criterion": criterion, "text": {lang: text}, "subquestions": []})
        if texts and subs:  # a row's sub-questions belong to its last question
            parent = matrix.questions[-1]
            parent["subquestions"] = [{"id": f"{parent['id']}.{n}", "text": {lang: t}} for n, t in enumerate(subs, 1)]
    return matrix


# "1. Is the project aligned…?", "2.1 …?": a question numbered without letters gets the prefix EQ.
# (pandoc writes a Word cell's "1." as "1\." so that it is not a list: the backslash is allowed)
_NUMBERED_QUESTION = re.compile(r"^\s*(?P<n>\d{1,2}(?:\.\d{1,2})?)\\?[.)]?\s+(?P<text>\S.*\?)\s*$", re.S)
NUMBER_ONLY_PREFIX = "EQ"


def _question(cell: str) -> tuple[str, str] | None:
    found, rest = strip_label(cell, QUESTION_ID, after_number=False)
    if found:
        return re.sub(r"\s+", "", found.group("id")).upper().rstrip("."), rest.strip()
    numbered = _NUMBERED_QUESTION.match(cell.replace("*", ""))
    if numbered:
        return f"{NUMBER_ONLY_PREFIX}{numbered.group('n')}", numbered.group("text").strip()
    return None


# "Question 2:", "Evaluation question 3.", "Pregunta 1 -", "Question d'évaluation 4 :" (folded): a question in words.
_QUESTION_IN_WORDS = re.compile(r"^(?:evaluation )?(?:question|pregunta)(?: (?:de (?:la )?evaluacion|d.evaluation))?"
                                r"\s+(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*[.:)\-–]?\s+(?=\S)")
MAX_ASKED_WORDS = 60


def asked_question(text: str) -> tuple[str, str] | None:
    """A question set in the findings as a heading or a paragraph of its own, with its label: "EQ1. To
    what extent…?", "**Q2: Were…?**", "Question 3: …?" -> (ID, wording). A question without a label
    (a numbered paragraph may be one) is not taken."""
    plain = " ".join(text.replace("*", "").strip(" _").split())
    if not plain.endswith("?") or len(plain.split()) > MAX_ASKED_WORDS:
        return None
    found, rest = strip_label(plain, QUESTION_ID, after_number=False)
    if found:
        return re.sub(r"\s+", "", found.group("id")).upper().rstrip("."), rest.strip()
    found, rest = strip_label(plain, _QUESTION_IN_WORDS, after_number=False)
    return (f"{NUMBER_ONLY_PREFIX}{found.group('n')}", rest.strip()) if found else None


def add_asked(matrix: Matrix, asked: list[tuple[str, str, int, str | None]], lang: str) -> int:
    """The questions the findings ask (ID, wording, line, criterion) that the matrix does not hold, added
    to it ("EQ1.2" under EQ1 as its sub-question); how many were added."""
    by_id = {q["id"]: q for q in matrix.questions}
    known = set(by_id) | {s["id"] for q in matrix.questions for s in q["subquestions"]}
    added = 0
    for ident, wording, line, criterion in asked:
        if ident in known:
            continue
        known.add(ident)
        added += 1
        parent = _parent(ident, by_id)
        if parent is not None:
            parent["subquestions"].append({"id": ident, "text": {lang: wording}})
            continue
        question: dict[str, Any] = {"id": ident, "_criterion": criterion, "text": {lang: wording}, "subquestions": [],
                                    "_line": line}
        by_id[ident] = question
        matrix.questions.append(question)
    return added


_AFTER_QUESTION = re.compile(r"(?<=\?)\s+(?=\S)")


def _asked_in_turn(cell: str) -> list[str]:
    """A cell's text cut after each question mark that a labelled question follows: "PE13. …? SPE13.1. …?"
    (a PDF's text joins the cell's paragraphs). A question of two sentences ("…? How were…?") stays whole."""
    pieces: list[str] = []
    for piece in _AFTER_QUESTION.split(cell.strip()):
        if pieces and not _question(piece):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def _questions(cell: str) -> list[tuple[str, str]]:
    """The question of a cell, or its questions when each of its paragraphs is one ("1. …?" "2. …?"),
    paragraphs told apart by blank lines or, in a PDF's text, by the next question's label."""
    paragraphs = [p for p in cell.split("\n\n") if p.strip()]
    if len(paragraphs) == 1:
        paragraphs = _asked_in_turn(cell)
    each = [_question(p) for p in paragraphs]
    if len(paragraphs) > 1 and all(each):
        return [q for q in each if q]
    whole = _question(cell)
    return [whole] if whole else []


def _read_rows(rows: list[list[str]], matrix: Matrix, lang: str) -> None:
    criterion = None
    by_id: dict[str, dict[str, Any]] = {}
    for row in rows:
        questions = next((found for found in (_questions(c) for c in row) if found), [])
        if not questions:
            continue
        first = row[0].strip()
        if first and not _question(first):
            criterion = title_case_if_shouting(first.replace("*", "").strip())
            if criterion not in matrix.criteria:
                matrix.criteria.append(criterion)
        for ident, text in questions:
            parent = _parent(ident, by_id)
            if parent is not None:
                parent["subquestions"].append({"id": ident, "text": {lang: text}})
                continue
            question: dict[str, Any] = {"id": ident, "_criterion": criterion, "text": {lang: text}, "subquestions": []}
            by_id[ident] = question
            matrix.questions.append(question)


def _parent(ident: str, by_id: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    base = re.match(r"^S?([A-Z]+\d+)\.\d+$", ident) or re.match(r"^S([A-Z]+\d+)$", ident)
    return by_id.get(base.group(1)) if base else None
