"""Helpers for the content-fidelity tests: compare transcribed Spanish text with seed 000.

The seed (`/work/shared/seeds/000_….txt`) is Markdown converted from a PDF: HTML
fragments (`<b>`, `<i>`, `<p>`, `<sup>N</sup>`), Markdown emphasis, tab-separated
table rows, paragraphs split by page breaks.  The content is clean Markdown with
`[^N]` footnotes and `[[ID]]` cross-references.  `normalise()` maps both onto the
same plain text so that a transcribed paragraph can be looked up in the seed as a
substring.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

SEEDS = Path("/work/shared/seeds")
SEED_REPORT = SEEDS / "000_92119af4854b17a7.txt"

# Glossary ("Lista de Siglas y Acrónimos") lines in seed 000, 1-based, inclusive.
GLOSSARY_LINES = (127, 178)

# A sentence shorter than this (in words) is too unspecific to be looked up alone.
MIN_SENTENCE_WORDS = 6

# --- normalisation -----------------------------------------------------------------

# Footnote markers: seed `<sup>12</sup>` (in text and at the start of a definition line),
# content `[^12]` (in text) and `[^12]:` (definition).
_SUP = re.compile(r"<sup>\s*[^<]*?\s*</sup>", re.I)
_FOOTNOTE_DEF = re.compile(r"\[\^[^\]\s]+\]:")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
# Embeds on a line of their own: [[table:x]] / [[chart:x]] — not report prose.
_EMBED = re.compile(r"\[\[(?:table|chart):[^\]]*\]\]")
# Cross-references [[C2]] -> C2.
_XREF = re.compile(r"\[\[([^\]]+)\]\]")
# Inline HTML tags vanish; block-level tags separate words.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|td|th|tr|table|thead|tbody|ul|ol|li|h[1-6])\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^>]*>")
# Line-start Markdown structure.
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*(?:►[ \t]*)?", re.M)
_BLOCKQUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_BULLET = re.compile(r"^[ \t]*[-+*•▪◦●][ \t]+", re.M)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
# Backslash escapes (also the converter's doubled `\\_`): \$ -> $, \_ -> _.
_ESCAPE = re.compile(r"\\+([!-/:-@\[-`{-~])")
# Emphasis: every `*`; `_` only when it is not inside a word (snake_case survives).
_STAR = re.compile(r"\*+")
_UNDERSCORE = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
_SPACE = re.compile(r"\s+")
# The PDF converter pads inline tags inside brackets: "( <i>outcomes</i> )".
_BRACKET_PAD = re.compile(r"(?<=[(\[]) | (?=[)\]])")
_ESCAPED_UNDERSCORE = "\uE000"  # private-use placeholder for a literal (escaped) `_`


def normalise(text: str) -> str:
    """Markdown / HTML / seed text -> comparable plain text (see module docstring)."""
    if not text:
        return ""
    s = unicodedata.normalize("NFC", text)
    s = s.replace("\u00a0", " ").replace("\u200b", "")
    s = _SUP.sub("", s)
    s = _FOOTNOTE_DEF.sub("", s)
    s = _FOOTNOTE_REF.sub("", s)
    s = _EMBED.sub(" ", s)
    s = _XREF.sub(r"\1", s)
    s = _BLOCK_TAG.sub(" ", s)
    s = _ANY_TAG.sub("", s)
    s = _RULE.sub(" ", s)
    s = _HEADING.sub("", s)
    s = _BLOCKQUOTE.sub("", s)
    s = _BULLET.sub("", s)
    # Escapes before emphasis, so an escaped `*`/`_` is kept as a literal character.
    s = _ESCAPE.sub(lambda m: _ESCAPED_UNDERSCORE if m.group(1) == "_" else
                    ("\uE001" if m.group(1) == "*" else m.group(1)), s)
    s = _STAR.sub("", s)
    s = _UNDERSCORE.sub("", s)
    s = s.replace(_ESCAPED_UNDERSCORE, "_").replace("\uE001", "*")
    s = _SPACE.sub(" ", s).strip()
    s = _BRACKET_PAD.sub("", s)
    return unicodedata.normalize("NFC", s)


def paragraphs(text: str) -> list[str]:
    """Markdown text -> its paragraphs (blank-line separated), each normalised, empties dropped.

    Lines inside one paragraph (e.g. list items on consecutive lines) become one run of
    text; the seed is compared with all its whitespace collapsed, so that still matches.
    """
    if not text:
        return []
    blocks = re.split(r"\n[ \t]*\n", unicodedata.normalize("NFC", text).strip())
    result = []
    for block in blocks:
        norm = normalise(block)
        if norm:
            result.append(norm)
    return result


_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’»)]))\s+(?=[\"“‘«(¿¡]*[A-ZÁÉÍÓÚÑÜ0-9])")


def sentences(paragraph: str) -> list[str]:
    """Split a normalised paragraph into sentences: after . ! ? or … (plus any closing
    quote/bracket), at whitespace followed by an upper-case letter or digit (optionally
    after an opening quote, bracket, ¿ or ¡)."""
    return [p.strip() for p in _SENTENCE_END.split(paragraph) if p.strip()]


# --- the seed ----------------------------------------------------------------------

@lru_cache(maxsize=None)
def seed_text(path: Path = SEED_REPORT) -> str:
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def seed_normalised(path: Path = SEED_REPORT) -> str:
    """The whole seed normalised once: all whitespace (line and page breaks) collapsed."""
    return normalise(seed_text(path))


@lru_cache(maxsize=None)
def seed_lines_normalised(first: int, last: int, path: Path = SEED_REPORT) -> tuple[str, ...]:
    lines = seed_text(path).splitlines()[first - 1:last]
    return tuple(n for n in (normalise(line) for line in lines) if n)


# --- matching ----------------------------------------------------------------------

def closest_passage(needle: str, haystack: str | None = None, context: int = 40) -> str:
    """The seed passage most similar to `needle` (for failure messages)."""
    haystack = seed_normalised() if haystack is None else haystack
    n = len(needle)
    if not n or not haystack:
        return ""
    # Anchor on the longest word-run shared with the seed, then rank windows with difflib.
    words = needle.split()
    candidates: set[int] = set()
    for size in (6, 4, 3, 2):
        for i in range(0, max(1, len(words) - size + 1)):
            probe = " ".join(words[i:i + size])
            if len(probe) < 12:
                continue
            start = 0
            while (pos := haystack.find(probe, start)) != -1 and len(candidates) < 200:
                offset = len(" ".join(words[:i])) + (1 if i else 0)
                candidates.add(max(0, pos - offset))
                start = pos + 1
        if candidates:
            break
    if not candidates:
        step = max(1, n // 2)
        candidates = set(range(0, max(1, len(haystack) - n + 1), step))
    best, best_ratio = "", -1.0
    for start in candidates:
        window = haystack[start:start + n]
        ratio = difflib.SequenceMatcher(None, needle, window, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


def diff_message(item: str, field: str, needle: str, passage: str) -> str:
    diff = "\n".join(difflib.ndiff([needle], [passage]))
    return (f"{item} {field}: text not found in seed 000\n"
            f"  content: {needle}\n"
            f"  seed   : {passage}\n"
            f"  diff (- content, + closest seed passage):\n{diff}")


def missing_pieces(paragraph: str, haystack: str | None = None) -> list[str]:
    """The parts of a normalised paragraph that are not in the seed.

    First the whole paragraph is looked up.  If it is not found (e.g. the seed
    interrupts it with a page break, footnote definitions or a repeated table
    header), each sentence of >= MIN_SENTENCE_WORDS words must be found instead;
    shorter sentences are too unspecific to look up on their own and are skipped.
    """
    haystack = seed_normalised() if haystack is None else haystack
    if not paragraph or paragraph in haystack:
        return []
    missing = []
    for sentence in sentences(paragraph):
        if len(sentence.split()) < MIN_SENTENCE_WORDS or sentence in haystack:
            continue
        missing.append(sentence)
    return missing


def fidelity_errors(item: str, field: str, text: str, haystack: str | None = None) -> list[str]:
    """Diff-like messages for every paragraph/sentence of `text` not found in the seed."""
    haystack = seed_normalised() if haystack is None else haystack
    errors = []
    for paragraph in paragraphs(text):
        for piece in missing_pieces(paragraph, haystack):
            errors.append(diff_message(item, field, piece, closest_passage(piece, haystack)))
    return errors


# --- completeness ------------------------------------------------------------------

def seed_paragraphs(first: int, last: int, path: Path = SEED_REPORT) -> list[str]:
    """Normalised paragraphs (blank-line separated) of seed lines first..last (1-based)."""
    lines = seed_text(path).splitlines()[first - 1:last]
    blocks = re.split(r"\n[ \t]*\n", "\n".join(lines))
    return [n for n in (normalise(b) for b in blocks) if n]


def joined_from(paras: list[str], index: int, target: str) -> str:
    """Seed paragraphs from `index` on, joined while they are still a prefix of `target`
    (a paragraph split by a page break comes back whole)."""
    joined = paras[index]
    for nxt in paras[index + 1:]:
        candidate = f"{joined} {nxt}"
        if not target.startswith(candidate):
            break
        joined = candidate
    return joined


def span_difference(item: str, seed_span: str, content: str) -> str:
    """'' when equal, else the differing stretches (with 40 characters of context)."""
    if seed_span == content:
        return ""
    out = [f"{item}: content differs from the seed passage"]
    matcher = difflib.SequenceMatcher(None, seed_span, content, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            out.append(f"  {op}: seed …{seed_span[max(0, a1 - 40):a2 + 40]}…\n"
                       f"  {' ' * len(op)}  content …{content[max(0, b1 - 40):b2 + 40]}…")
    return "\n".join(out)
