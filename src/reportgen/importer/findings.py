"""Findings chapter -> criteria headings, numbered sections, key findings and narratives.

Shapes handled:
- criterion headings ("Pertinencia", "4.1 Relevance") over numbered sections ("1. Adaptación…");
  a criterion heading with no numbered section under it is a section itself;
- numbered parts over numbered sections ("9.1 Relevance and strategic fit" over "9.1.1 …"): a
  numbered heading with numbered headings under it is a part (its paragraphs before the first
  section are its introduction); a part named after a criterion gives its sections that criterion;
- key findings with IDs at the start of a paragraph ("H12.", "F3:", "Finding 4.");
- unnumbered key findings: the items under a "Key findings" label, or the emphasised (italic or
  bold) paragraphs that open a section before its analysis; they get IDs and an import note;
- everything else in a section is its narrative (Markdown), sub-headings and tables included.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .blocks import Block
from .matrix import asked_question
from .record import ImportRecord, ItemData, add_note
from .text import strip_label, table_markdown, title_case_if_shouting, unwrap
from .vocabulary import (ANALYSIS_LABEL, ANSWERS_LABEL, CRITERION_STEMS, DEFINITION_LABEL, FINDING_ID,
                         KEY_FINDINGS_LABEL, QUESTION_ID, fold)

# "4.1 Title", "4.1. Title", or a letter "B. Title" (UN reports letter the sections of a chapter)
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3}|[A-H](?=\.))\.?\s+(\S.*)$")
MAX_CRITERION_HEADING_WORDS = 6
QUESTION_PARAGRAPH = 7   # the "level" of a question set as a paragraph of its own (headings are 1 to 6)


@dataclass
class Section:
    number: str
    title: str
    line: int
    criterion: str | None
    part: str | None = None
    findings: list[ItemData] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)   # Markdown blocks
    footnotes: list[str] = field(default_factory=list)   # footnote numbers cited
    note: str = ""
    analysis_started: bool = False
    answers: list[str] = field(default_factory=list)  # the questions the source says it answers
    asked: list[tuple[str, str, int]] = field(default_factory=list)  # questions set in it: (ID, wording, line)
    opened_by_question: int = 0   # the level of the question heading that opened it (0: none did)


@dataclass
class FindingsChapter:
    intro: list[str]
    criteria: list[tuple[str, int]]   # criterion headings (name, line), in order
    sections: list[Section]
    parts: list[ItemData] = field(default_factory=list)   # {"id", "number", "title", "_intro", "parent", "_line"}
    definitions: dict[str, str] = field(default_factory=dict)   # criterion heading -> its definition


def read_findings(blocks: list[Block], lang: str, id_prefix: str, record: ImportRecord,
                  chapters_per_criterion: bool = False) -> FindingsChapter:
    """`chapters_per_criterion`: the findings are the report's chapters named after its criteria ("3.
    Relevance", "IV. EFFICACITÉ"), their headings among `blocks`: each is a criterion."""
    reader = _Reader(blocks, lang, id_prefix, record)
    if chapters_per_criterion:
        reader.criterion_level = min((b.level for b in blocks if b.kind == "heading"), default=0)
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            reader.heading(index, block)
        elif block.kind != "footnote":
            reader.body(block)
    return reader.chapter


class _Reader:
    def __init__(self, blocks: list[Block], lang: str, id_prefix: str, record: ImportRecord):
        self.blocks, self.lang, self.id_prefix, self.record = blocks, lang, id_prefix, record
        self.chapter = FindingsChapter([], [], [])
        self.criterion: str | None = None
        self.criterion_number = ""   # the number of the heading that named the criterion ("4.4"), if any
        self.grouped = _grouped(blocks)
        self.criterion_depths = _criterion_depths(blocks)
        self.expect_key_findings = False
        # IDs the source gives, so that the ones the import makes never clash with them.
        self.taken = {f["id"] for b in blocks if b.kind == "para" and (f := _finding_with_id(b, lang, id_prefix))}
        self.generated = 0
        self.part_intro: ItemData | None = None   # the part whose introduction is being read
        self.defining: str | None = None      # a criterion heading just read: its definition may follow
        self.criterion_level = 0   # the level of the report's chapters per criterion, when the findings are such

    def heading(self, index: int, block: Block) -> None:
        self.defining = None
        self.expect_key_findings = bool(KEY_FINDINGS_LABEL.fullmatch(fold(block.text)))
        if self.expect_key_findings:
            return
        sections = self.chapter.sections
        if sections and sections[-1].findings and not sections[-1].narrative \
                and ANALYSIS_LABEL.fullmatch(fold(block.text)):
            # "Analysis" after a section's key findings: where its narrative starts, not a sub-heading of it.
            sections[-1].analysis_started = True
            return
        number = _SECTION_NUMBER.match(block.text)
        sections = self.chapter.sections
        if number and _has_subsections(self.blocks, index, number.group(1)):
            self.open_part(number.group(1), number.group(2).strip(), block.line)
            return
        self.part_intro = None
        if _is_criterion_heading(self.blocks, index, self.grouped) or (number and self._criterion_sibling(number)) \
                or block.level == self.criterion_level:
            self.criterion = title_case_if_shouting(_without_number(block.text))   # ("PERTINENCE": "Pertinence")
            self.chapter.criteria.append((self.criterion, block.line))
            self.defining = self.criterion
            label = self.criterion_number = number.group(1) if number else ""
            if not _has_subsections(self.blocks, index, label):
                roman = _ROMAN_NUMBER.match(block.text.strip())   # (a chapter's own number, "IV")
                sections.append(Section(label or (roman.group(1) if roman else ""), self.criterion, block.line,
                                        self.criterion))
        elif number:
            if self.criterion_number and not number.group(1).startswith(self.criterion_number + "."):
                self.criterion = None  # "4.5 Outputs" after "4.4 Efficiency": not a section of efficiency
            _drop_empty_parent(sections, number.group(1))
            sections.append(Section(number.group(1), number.group(2).strip(), block.line, self.criterion,
                                    self.part_of(number.group(1))))
        elif self._question_opens_section(block, block.level):
            self._open_question_section(block, block.level)
        elif sections:
            sections[-1].narrative.append(f"### {block.text}")
            self._asks(sections[-1], block)
            sections[-1].analysis_started = True
        else:
            self.chapter.intro.append(f"### {block.text}")

    def _question_opens_section(self, block: Block, level: int) -> bool:
        """A question with its label (a heading, or a paragraph of its own where the source has no
        headings) opens a section of its own when no section is open, or when the open one was opened by
        a question at the same level (under a criterion's section, questions are its sub-headings)."""
        sections = self.chapter.sections
        return asked_question(block.text) is not None and (
            not sections or sections[-1].opened_by_question == level)

    def _open_question_section(self, block: Block, level: int) -> None:
        """"### Pregunta 2: ¿…?": findings set out question by question, each question a section."""
        section = Section("", unwrap(block.text.replace("*", "")), block.line, self.criterion, opened_by_question=level)
        self.chapter.sections.append(section)
        self._asks(section, block)

    def _asks(self, section: Section, block: Block) -> bool:
        """A question the section answers, set as its sub-heading or a paragraph ("EQ1. To what extent…?")."""
        asked = asked_question(block.text)
        if asked is None:
            return False
        section.asked.append((*asked, block.line))
        if asked[0] not in section.answers:
            section.answers.append(asked[0])
        return True

    def _criterion_sibling(self, number: re.Match[str]) -> bool:
        """"4.5 Impact orientation" among "4.4 Efficiency" and "4.6 Sustainability": a short numbered
        heading starting with a criterion's name, at the depth where the chapter's criteria are."""
        words = fold(number.group(2))
        # ("2.2 Project progress and effectiveness" among them names its criterion last)
        return number.group(1).count(".") in self.criterion_depths and (_starts_with_criterion(words) or (
            len(words.split()) <= MAX_CRITERION_HEADING_WORDS and bool(re.search(rf"\b(?:{CRITERION_STEMS.pattern})\b", words))))

    def open_part(self, number: str, title: str, line: int) -> None:
        parent = self.part_of(number)
        part = {"id": f"P{number}", "number": number, "title": {self.lang: title}, "_intro": [], "_line": line}
        if parent:
            part["parent"] = parent
        self.chapter.parts.append(part)
        self.part_intro = part
        words = fold(title)
        if re.match(CRITERION_STEMS.pattern + r"\b", words):  # "9.1 Relevance and strategic fit"
            self.criterion = title
            self.chapter.criteria.append((title, line))
        elif parent is None:
            self.criterion = None

    def part_of(self, number: str) -> str | None:
        """The innermost part whose number opens `number` ("9.1" for "9.1.2")."""
        owners = [p for p in self.chapter.parts if number.startswith(p["number"] + ".")]
        return max(owners, key=lambda p: len(p["number"]))["id"] if owners else None

    def body(self, block: Block) -> None:
        text = table_markdown(block) if block.kind == "table" else block.text
        defined, definition = strip_label(text, DEFINITION_LABEL) if self.defining and block.kind == "para" \
            else (None, "")
        if defined and self.defining:
            self.chapter.definitions[self.defining] = unwrap(definition)
            self.defining = None
            return
        self.defining = None
        if self.part_intro is not None:
            self.part_intro["_intro"].append(text)
            return
        if block.kind == "para" and self._question_opens_section(block, QUESTION_PARAGRAPH):
            self._open_question_section(block, QUESTION_PARAGRAPH)
            return
        if not self.chapter.sections:
            self.chapter.intro.append(text)
            return
        section = self.chapter.sections[-1]
        answers = _answers_line(block) if block.kind == "para" and not section.analysis_started \
            and not section.findings else None
        if answers:
            section.answers += [a for a in answers if a not in section.answers]
            return
        if block.kind == "para" and KEY_FINDINGS_LABEL.fullmatch(fold(block.text)):
            self.expect_key_findings = True
            return
        boxed = _key_findings_box(block) if block.kind == "table" and not section.findings else None
        if boxed:  # a box (a one-column table) headed "Key findings", as Word text boxes convert
            self.expect_key_findings = True
            self.unnumbered_findings(section, Block("para", "\n".join(f"- {piece}" for piece in boxed), block.line))
            self.expect_key_findings = False
            return
        if block.kind == "para" and self._asks(section, block):
            section.narrative.append(text)   # (the question stays where the report sets it)
            section.analysis_started = True
            return
        finding = _finding_with_id(block, self.lang, self.id_prefix) if block.kind == "para" else None
        if finding is not None:
            section.findings.append(finding)
        elif block.kind == "para" and (self.expect_key_findings or not section.analysis_started) \
                and not _has_id_findings(section) and _looks_like_key_finding(block, self.expect_key_findings):
            self.unnumbered_findings(section, block)
        else:
            self.expect_key_findings = False
            section.analysis_started = True
            section.narrative.append(text)

    def unnumbered_findings(self, section: Section, block: Block) -> None:
        for piece in _list_items(block.text) if self.expect_key_findings else [block.text]:
            self.generated += 1
            while f"{self.id_prefix}{self.generated}" in self.taken:
                self.generated += 1
            ident = f"{self.id_prefix}{self.generated}"
            item = {"id": ident, "text": {self.lang: unwrap(piece)}, "_line": block.line}
            add_note(item, self.record.guess(block.line, ident, "unnumbered key finding (an emphasised "
                                             "paragraph opening the section, or under a 'key findings' label); "
                                             f"the ID {ident} was given by the import"))
            section.findings.append(item)


_META_PART = re.compile(r"^\s*\**\s*(?P<label>[^:*\n]{2,40}?)\s*:?\s*\**\s*:\s*\**\s*(?P<value>.+?)\s*$", re.S)


def _answers_line(block: Block) -> list[str] | None:
    """'Answers: EQ1, EQ2' (or the site's meta line 'Criterion: X · Answers: EQ1') under a section
    heading: the IDs of the questions the section answers; None for any other paragraph."""
    for part in re.split(r"\s+[·|]\s+|\n", block.text.strip()):
        found = _META_PART.match(part)
        if not found or not ANSWERS_LABEL.fullmatch(fold(found.group("label"))):
            continue
        ids = [re.sub(r"\s+", "", i).upper() for i in re.split(r"\s*(?:[,;]|\by\b|\band\b|\bet\b)\s*",
                                                                 found.group("value").replace("*", "")) if i.strip()]
        if ids and all(QUESTION_ID.match(i.lower() + " x") or re.fullmatch(r"[A-Z]{1,4}\d{1,2}(?:\.\d{1,2})?", i)
                       for i in ids):
            return ids
    return None


def _finding_with_id(block: Block, lang: str, id_prefix: str) -> ItemData | None:
    found, rest = strip_label(block.text, FINDING_ID)
    if not found:
        return None
    prefix = found.group("prefix").upper()
    prefix = prefix if len(prefix) <= 2 else id_prefix
    return {"id": f"{prefix}{int(found.group('n'))}", "text": {lang: unwrap(rest)}, "_line": block.line}


def _has_id_findings(section: Section) -> bool:
    return any("import_note" not in f for f in section.findings)


def _looks_like_key_finding(block: Block, after_label: bool) -> bool:
    """An emphasised paragraph (italic or bold throughout), or a bullet list under a label."""
    text = block.text.strip()
    if after_label and re.match(r"^[-*+•]\s", text):
        return True
    return len(text) > 40 and text[:1] in "*_" and text.rstrip()[-1:] in "*_" and not re.match(r"^[-*+•]\s", text)


def _key_findings_box(block: Block) -> list[str] | None:
    """The findings in a one-column table whose first cell opens with a "Key findings" label (the rest
    of that cell and the cells below: one finding per list item or paragraph); None for any other table."""
    if not block.rows or any(len([c for c in row if c.strip()]) > 1 for row in block.rows):
        return None
    cells = [next((c for c in row if c.strip()), "") for row in block.rows]
    first, _, rest = cells[0].replace("*", "").partition("\n")
    label, colon, after = first.partition(":")
    if not KEY_FINDINGS_LABEL.fullmatch(fold(label).strip() + (":" if colon else "")):
        return None
    text = "\n\n".join(part for part in (after.strip(), rest.strip(), *cells[1:]) if part.strip())
    pieces = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\s*[-*+•]\s)|(?:^|\s)[-•]\s+(?=[A-ZÀ-Ý¿])", text)]
    return [re.sub(r"^[-*+•]\s+", "", p) for p in pieces if p.strip(" -*+•")] or None


def _list_items(text: str) -> list[str]:
    items = re.split(r"\n\s*(?:[-*+•]|\d{1,3}[.)])\s+", "\n" + text.strip())
    return [i.strip() for i in items if i.strip()]


def _is_criterion_heading(blocks: list[Block], index: int, grouped: bool) -> bool:
    """A heading that groups sections by criterion.

    When the chapter has unnumbered headings directly followed by numbered sections, those
    (and only those) are the criteria; otherwise a short heading naming a criterion is one
    ("4.1 Relevance").
    """
    if grouped:
        return not _SECTION_NUMBER.match(blocks[index].text) and _numbered_heading_follows(blocks, index, directly=True)
    words = fold(_without_number(blocks[index].text))
    return bool(CRITERION_STEMS.fullmatch(words)) or (
        bool(CRITERION_STEMS.match(words)) and len(words.split()) <= MAX_CRITERION_HEADING_WORDS
        and bool(re.match(CRITERION_STEMS.pattern + r"\b", words)) and not _SECTION_NUMBER.match(blocks[index].text))


def _without_number(heading: str) -> str:
    found = _SECTION_NUMBER.match(heading.strip()) or _ROMAN_NUMBER.match(heading.strip())
    return (found.group(2) if found else heading).strip()


_ROMAN_NUMBER = re.compile(r"^([IVXLC]{1,6})\.\s+(\S.*)$")   # a chapter's "IV. EFFICACITÉ"


def _criterion_depths(blocks: list[Block]) -> set[int]:
    """The depths ("4.4": 1) where the chapter's criteria are: those of the numbered headings that are a
    criterion's name alone, and those where most numbered headings (two at least) start with one ("2.1
    Relevance and strategic fit", "2.3 Efficiency of resource use", "2.4 Impact orientation and
    sustainability", none of them a name alone)."""
    alone, starting, headings = set(), Counter[int](), Counter[int]()
    for block in blocks:
        found = _SECTION_NUMBER.match(block.text) if block.kind == "heading" else None
        if found is None:
            continue
        depth, words = found.group(1).count("."), fold(found.group(2))
        headings[depth] += 1
        if CRITERION_STEMS.fullmatch(words):
            alone.add(depth)
        if _starts_with_criterion(words):
            starting[depth] += 1
    return alone | {depth for depth, count in starting.items() if count >= 2 and 2 * count >= headings[depth]}


def _starts_with_criterion(words: str) -> bool:
    return len(words.split()) <= MAX_CRITERION_HEADING_WORDS and bool(re.match(CRITERION_STEMS.pattern + r"\b", words))


def _grouped(blocks: list[Block]) -> bool:
    return any(b.kind == "heading" and not _SECTION_NUMBER.match(b.text) and _numbered_heading_follows(blocks, i, True)
               for i, b in enumerate(blocks))


def _numbered_heading_follows(blocks: list[Block], index: int, directly: bool = False) -> bool:
    """Is the next heading a numbered section (before any paragraph but a criterion's definition, when
    `directly`)?"""
    for position in range(index + 1, len(blocks)):  # not a slice: called once per heading, it would copy
        block = blocks[position]
        if block.kind == "heading":
            return bool(_SECTION_NUMBER.match(block.text))
        if directly and block.kind in ("para", "table") and not (block.kind == "para" and strip_label(
                block.text, DEFINITION_LABEL)[0]):
            return False
    return False


def _has_subsections(blocks: list[Block], index: int, label: str) -> bool:
    """Does a numbered section under this criterion heading follow ("4.1" -> "4.1.1"; any number
    under an unnumbered heading)?"""
    for block in blocks[index + 1:]:
        if block.kind != "heading":
            continue
        number = _SECTION_NUMBER.match(block.text)
        if number or not label:
            return number is not None and (not label or number.group(1).startswith(label + "."))
    return False


def _drop_empty_parent(sections: list[Section], number: str) -> None:
    """'4.1 Relevance' followed by '4.1.1 …': the parent was only a grouping heading."""
    if sections and number.startswith(sections[-1].number + ".") and not sections[-1].findings \
            and not sections[-1].narrative:
        sections.pop()
