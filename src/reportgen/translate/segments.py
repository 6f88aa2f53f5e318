"""Paragraphs cut into sentences and tables into cells, so that a changed sentence or cell makes
one fuzzy unit, not a paragraph or a table.

The sentence rules are sentencex's (Wikimedia's segmenter: per-language abbreviations and
rules, for the ~300 languages it knows), then adjusted for Markdown: a footnote reference after
a full stop (`…MIMP.[^12] Luego`) stays with its sentence, an initial (`la O. I. T.`) or a next
piece that starts in lower case does not end one, and no cut falls inside bold, italics or a link.
The pieces keep their white space: `"".join(sentences(text, lang)) == text`.
"""

from __future__ import annotations

import re

from sentencex import segment

from .markup import Tag, tokenize
from .paragraphs import shape

_LETTER = re.compile(r"[^\W\d_]")
_ALIGN_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)\|")

_LEADING_NOTES = re.compile(r"^((?:\[\^[^\]\s]+\])+)([ \t]*)")
_INITIAL = re.compile(r"(?:^|[\s(.])\w\.$")
_ABBREVIATIONS = frozenset({"sr", "sra", "srta", "dr", "dra", "lic", "ing", "arq", "prof", "mr", "mrs", "ms", "st",
                            "mme", "mlle", "no", "núm", "nº", "art", "inc", "cap", "pág", "págs", "p", "pp", "vol",
                            "ej", "e.g", "i.e", "cf", "vs", "approx", "aprox"})


def sentences(text: str, lang: str) -> list[str]:
    """`text` in sentences, each with the white space that follows it."""
    try:
        pieces = [piece for piece in segment(lang.split("-")[0].lower(), text) if piece]
    except (KeyError, ValueError, LookupError):
        return [text]
    if "".join(pieces) != text:
        return [text]
    out: list[str] = []
    for piece in pieces:
        if out:
            notes = _LEADING_NOTES.match(piece)
            if notes:
                out[-1] += notes.group(0)
                piece = piece[notes.end():]
                if not piece:
                    continue
        if out and _continues(out[-1], piece):
            out[-1] += piece
        else:
            out.append(piece)
    return _inside_pairs(out)


def _continues(previous: str, piece: str) -> bool:
    ended = previous.rstrip()
    start = piece.lstrip()
    if not start or not any(ch.isalpha() for ch in start) or start[0].islower():
        return True
    if _INITIAL.search(ended):
        return True
    last = ended.rsplit(None, 1)[-1].lower().rstrip(".") if ended else ""
    return ended.endswith(".") and last.lstrip("(") in _ABBREVIATIONS


def _inside_pairs(pieces: list[str]) -> list[str]:
    """Pieces joined again where a cut would fall between an opening mark and its closing one."""
    if len(pieces) < 2:
        return pieces
    text = "".join(pieces)
    spans = []
    position = 0
    opened: dict[int, int] = {}
    for piece in tokenize(text):
        length = len(piece.code) if isinstance(piece, Tag) else len(piece)
        if isinstance(piece, Tag) and piece.role == "open":
            opened[piece.id] = position
        elif isinstance(piece, Tag) and piece.role == "close" and piece.id in opened:
            spans.append((opened.pop(piece.id), position + length))
        position += length
    out = [pieces[0]]
    cut = len(pieces[0])
    for piece in pieces[1:]:
        if any(start < cut < end for start, end in spans):
            out[-1] += piece
        else:
            out.append(piece)
        cut += len(piece)
    return out


Split = tuple[list[str], list[str]]   # the texts, and the glue around them: glue[0] text[0] glue[1] …


def split_block(block: str, lang: str) -> Split | None:
    """A paragraph's sentences or a table's cells, and what lies between them (white space, pipes,
    the alignment row): `join(*split_block(b, lang)) == b`. None for other blocks."""
    kind = shape(block)
    if kind == "paragraph":
        pieces = sentences(block, lang)
        return [p.rstrip() for p in pieces], [""] + [p[len(p.rstrip()):] for p in pieces]
    if kind == "table":
        return _cells(block)
    return None


def _cells(block: str) -> Split:
    texts: list[str] = []
    glue = [""]
    for number, line in enumerate(block.split("\n")):
        if number:
            glue[-1] += "\n"
        if _ALIGN_ROW.match(line):
            glue[-1] += line
            continue
        parts = _PIPE.split(line)
        for index, part in enumerate(parts):
            if index:
                glue[-1] += "|"
            text = part.strip()
            if not text:
                glue[-1] += part
                continue
            start = part.index(text)
            glue[-1] += part[:start]
            texts.append(text)
            glue.append(part[start + len(text):])
    return texts, glue


def join(texts: list[str], glue: list[str]) -> str:
    return glue[0] + "".join(text + after for text, after in zip(texts, glue[1:]))


def is_unit(text: str) -> bool:
    """A sentence or cell with words in it (a number stays as it is)."""
    return bool(_LETTER.search(text))


def paired_split(translation: str, count: int, lang: str, original_lang: str) -> Split | None:
    """The translation's sentences or cells when there are as many as the original's (by the
    translation's language rules, else by the original's: a paragraph still partly in the original's
    language), else None (the block is translated as a whole)."""
    for rules in dict.fromkeys((lang, original_lang)):
        found = split_block(translation, rules)
        if found is not None and len(found[0]) == count:
            return found
    return None
