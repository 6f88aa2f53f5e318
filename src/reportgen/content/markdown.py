"""What the content's Markdown says, read with markdown-it-py (no rendering).

Used by the checks (which `[[ID]]` references and embeds a text holds, on which
line) and by exports and diffs (the plain text of a Markdown field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

# [[C2]] links to an item; [[table:NAME]] / [[chart:NAME]] embeds generated content.
REFERENCE = re.compile(r"\[\[(?:(table|chart):)?([A-Za-z][A-Za-z0-9._-]{0,63})\]\]")


@dataclass(frozen=True)
class Reference:
    raw: str
    target: str          # item ID, or embed name "table:NAME"
    kind: str            # "item" or "embed"
    line: int            # 0-based line inside the text


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


def text_references(body: str) -> list[Reference]:
    """References outside code spans and code blocks, with their line in `body`."""
    refs: list[Reference] = []
    if "[[" not in body:  # most texts have none: skip the parse
        return refs
    lines = body.split("\n")
    for token in _parser().parse(body):
        if token.type in ("fence", "code_block") or token.map is None:
            continue
        if token.type != "inline":
            continue
        text = "".join(child.content for child in token.children or [] if child.type != "code_inline") \
            if token.children else token.content
        first_line = token.map[0]
        source_lines = lines[token.map[0]:token.map[1]]
        for match in REFERENCE.finditer(text):
            line = first_line + next((i for i, src in enumerate(source_lines) if match.group(0) in src), 0)
            if match.group(1):
                refs.append(Reference(match.group(0)[2:-2], f"{match.group(1)}:{match.group(2)}", "embed", line))
            else:
                refs.append(Reference(match.group(0)[2:-2], match.group(2), "item", line))
    return refs


@lru_cache(maxsize=8192)  # the same titles are asked for on every page that links to an item
def plain_text(body: str) -> str:
    """The words of a Markdown text, without markup: for exports, diffs and comparisons."""
    words: list[str] = []
    for token in _parser().parse(body or ""):
        if token.type == "inline":
            words += _inline_words(token)
            words.append("\n")
        elif token.type in ("fence", "code_block"):
            words.append(token.content)
    text = "".join(words)
    text = REFERENCE.sub(lambda m: m.group(2), text)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{2,}", "\n", text)).strip()


def line_words(body: str) -> str:
    """The words of a one-line text (a label): read as inline Markdown, so "1. To enhance…"
    keeps its "1." (as a block it would be a numbered list, and the number would vanish)."""
    text = "".join(w for token in _parser().parseInline(" ".join((body or "").split())) for w in _inline_words(token))
    return " ".join(REFERENCE.sub(lambda m: m.group(2), text).split())


def _inline_words(token) -> list[str]:
    words = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return words
