"""The report's chapters: which headings open the findings, conclusions, recommendations, ...

Heading levels in converted files are unreliable (the same chapter is `#` on one page and
`###` on another), so a chapter is recognised by its wording; when several headings say
"Conclusions", the one highest in the hierarchy wins (a case study's own "Conclusions"
sub-heading in an annex does not). A chapter runs until the next chapter heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block
from .text import strip_label
from .vocabulary import (CHAPTERS, CONCLUSIONS_AND_LESSONS, CONCLUSIONS_AND_RECOMMENDATIONS,
                         CRITERION_STEMS, ITEM_LABELS, LESSON_CHAPTERS, LESSON_KINDS, OTHER_CHAPTERS, RECOMMEND_WORD, fold)

_NUMBER = re.compile(r"^(?:(?:chapter|capitulo|chapitre|section)\s+)?(?:\d+(?:\.\d+)*|[ivx]+|[a-h](?=[.)]))\s*[.:)\-–]?\s+")


@dataclass
class Chapter:
    kind: str
    heading: Block
    blocks: list[Block]   # the blocks after the heading, up to the next chapter
    under_heading: bool = True   # False: the second part of a chapter of both (its heading is the first's)

    @property
    def first_line(self) -> int:
        return self.heading.line if self.under_heading or not self.blocks else self.blocks[0].line


_NOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]|<sup>[^<]*</sup>")


def heading_words(text: str) -> str:
    """A heading folded for matching, without its chapter number ("4.", "IV.", "A.", "Chapter 3") or a note
    on it ("Conclusions[^4]")."""
    return _NUMBER.sub("", fold(_NOTE_REFERENCE.sub("", text))).strip(" .:")


# "Annex 1. Evaluation matrix" without an "Annexes" heading above it opens the annexes all the same
# (else the chapter before would run through every annex, and read them as its items).
ANNEX_HEADING = re.compile(r"^(?:anexo|annex|annexe|appendix|appendice)\s+(?:\d{1,2}|[ivx]{1,5}|[a-z])\b")


def chapter_kind(block: Block) -> str | None:
    if block.kind != "heading":
        return None
    words = heading_words(block.text)
    for kind, pattern in CHAPTERS.items():
        if pattern.fullmatch(words):
            return kind
    return "annexes" if ANNEX_HEADING.match(words) else None


def with_heading(chapter: Chapter) -> list[Block]:
    """The annexes' blocks, their first "Annex 1" heading included when it opened the chapter."""
    return ([chapter.heading] if ANNEX_HEADING.match(heading_words(chapter.heading.text)) else []) + chapter.blocks


def find_chapters(blocks: list[Block]) -> dict[str, Chapter]:
    starts: dict[str, int] = {}
    for index, block in enumerate(blocks):
        kind = chapter_kind(block)
        if kind is None:
            continue
        if kind not in starts or block.level < blocks[starts[kind]].level:
            starts[kind] = index
    others = [i for i, b in enumerate(blocks) if b.kind == "heading" and OTHER_CHAPTERS.fullmatch(heading_words(b.text))
              and b.level <= min((blocks[s].level for s in starts.values()), default=6)]
    criteria = [] if "findings" in starts else _criterion_chapters(blocks, starts)
    if criteria:  # "3. Relevance", "4. Effectiveness"… as chapters of their own: together, the findings
        starts["findings"] = criteria[0]
        others = [i for i in others if not criteria[0] < i <= criteria[-1]]
    boundaries = sorted(set(starts.values()) | set(others))
    chapters = {}
    for kind, start in starts.items():
        # The annexes run to the end: their own headings ("Evaluation background" of the terms
        # of reference, a case study's "Conclusions") do not end them.
        end = len(blocks) if kind == "annexes" else next((b for b in boundaries if b > start), len(blocks))
        if kind == "findings" and criteria:
            # the findings run from the first criterion's chapter past the last one's, their headings in them
            end = next((b for b in boundaries if b > criteria[-1]), len(blocks))
            chapters[kind] = Chapter(kind, blocks[start], blocks[start:end])
            continue
        chapters[kind] = Chapter(kind, blocks[start], blocks[start + 1:end])
    _split_combined(chapters)
    return chapters


MIN_CRITERION_CHAPTERS = 2
MAX_CRITERION_CHAPTER_WORDS = 6


def _criterion_chapters(blocks: list[Block], starts: dict[str, int]) -> list[int]:
    """A report without a findings chapter whose chapters are its criteria ("3. Relevance", "4. Coherence",
    "5. Effectiveness of management arrangements"): those headings, at the level of the report's chapters,
    before its conclusions (at least two of them, else none)."""
    top = min((blocks[i].level for i in starts.values()), default=1)
    before = min((i for kind, i in starts.items() if kind in ("conclusions", "recommendations")), default=len(blocks))
    found = [i for i, block in enumerate(blocks[:before]) if block.kind == "heading" and block.level <= top
             and len(words := heading_words(block.text).split()) <= MAX_CRITERION_CHAPTER_WORDS
             and re.match(CRITERION_STEMS.pattern + r"\b", " ".join(words))]
    return found if len(found) >= MIN_CRITERION_CHAPTERS else []


def _split_combined(chapters: dict[str, Chapter]) -> None:
    """A chapter of conclusions and recommendations (or lessons) without a sub-heading for the second:
    the second starts at its first item labelled ("Recommendation 1:", "R1.", "Lesson learned 1:"), at
    the paragraph announcing recommendations ("The evaluation recommends:"), or at a bold line naming it."""
    combined = chapters.get("conclusions")
    if combined is None:
        return
    words = heading_words(combined.heading.text)
    for kind, both, labels in (("recommendations", CONCLUSIONS_AND_RECOMMENDATIONS, [ITEM_LABELS["recommendation"]]),
                               ("lessons", CONCLUSIONS_AND_LESSONS, [ITEM_LABELS[k] for k in LESSON_KINDS])):
        if kind in chapters or not both.fullmatch(words):
            continue
        start = next((i for i, block in enumerate(combined.blocks) if _opens(block, kind, labels)), None)
        if start is not None:
            chapters[kind] = Chapter(kind, combined.heading, combined.blocks[start:], under_heading=False)
            combined.blocks = combined.blocks[:start]


def _opens(block: Block, kind: str, labels: list[re.Pattern[str]]) -> bool:
    if block.kind not in ("para", "heading"):
        return False
    first_line = block.text.splitlines()[0]
    named = chapter_kind(Block("heading", first_line.replace("*", ""), block.line, level=1))
    return (any(strip_label(first_line, label)[0] is not None for label in labels)
            or named == kind or kind == "lessons" and named in LESSON_CHAPTERS
            or kind == "recommendations" and _announces_recommendations(fold(block.text)))


def _announces_recommendations(text: str) -> bool:
    """"The evaluation makes the following recommendations:": one sentence naming them, ending in a colon
    (string tests, not one pattern: a long hostile paragraph must not cost quadratic time)."""
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return ":" in text[end:] and not re.search(r"[.!?]\s", text[:end]) and bool(RECOMMEND_WORD.search(text))


def other_chapters(blocks: list[Block], chapters: dict[str, Chapter]) -> list[tuple[Block, int | None]]:
    """Chapters reportgen has no place for (context, methodology, …): heading and last line
    (None: to the end)."""
    top = min((c.heading.level for c in chapters.values()), default=6)
    # The annexes run to the end: a "Project description" inside the terms of reference is theirs.
    annexes = blocks.index(chapters["annexes"].heading) if "annexes" in chapters else len(blocks)
    starts = sorted({blocks.index(c.heading) for c in chapters.values()}
                    | {i for i, b in enumerate(blocks[:annexes]) if b.kind == "heading" and b.level <= top
                       and OTHER_CHAPTERS.fullmatch(heading_words(b.text))})
    read = {id(c.heading) for c in chapters.values()}   # (the findings may start at "3. Relevance")
    found = []
    for position, start in enumerate(starts):
        heading = blocks[start]
        if heading.kind == "heading" and chapter_kind(heading) is None and id(heading) not in read \
                and not _TOC.fullmatch(heading_words(heading.text)):
            end = starts[position + 1] if position + 1 < len(starts) else None
            found.append((heading, blocks[end].line - 1 if end is not None else None))
    return found


def contents_lists(blocks: list[Block]) -> list[tuple[Block, int]]:
    """The table of contents and the lists of tables or figures (the site makes its own):
    heading and last line (the line before the next heading)."""
    found = []
    for index, block in enumerate(blocks):
        if block.kind == "heading" and _TOC.fullmatch(heading_words(block.text)):
            following = next((b for b in blocks[index + 1:] if b.kind == "heading"), None)
            found.append((block, following.line - 1 if following else blocks[-1].line))
    return found


_TOC = re.compile(r"tabla de contenidos?|table of contents|table des matieres|indice|contents|"
                  r"lista de (?:tablas|graficos|figuras)|list of (?:tables|figures|charts)|liste des (?:tableaux|figures)")


def first_chapter_index(blocks: list[Block], chapters: dict[str, Chapter]) -> int:
    """Where the body starts: the cover sheet is everything before it."""
    positions = [blocks.index(c.heading) for c in chapters.values()]
    others = [i for i, b in enumerate(blocks) if b.kind == "heading" and OTHER_CHAPTERS.fullmatch(heading_words(b.text))]
    return min(positions + others, default=len(blocks))
