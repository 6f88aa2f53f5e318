"""What the content's Markdown says, read with markdown-it-py (no rendering).

Used by the checks (which `[[ID]]` references and embeds a text holds, on which
line) and by exports and diffs (the plain text of a Markdown field).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
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
    for match, line in _bracketed(body, REFERENCE):
        if match.group(1):
            refs.append(Reference(match.group(0)[2:-2], f"{match.group(1)}:{match.group(2)}", "embed", line))
        else:
            refs.append(Reference(match.group(0)[2:-2], match.group(2), "item", line))
    return refs


# Anything in double brackets on one line: what an author meant as a reference, spelled or not.
_BRACKETED = re.compile(r"\[\[([^\[\]\n]{1,200})\]\]")


def odd_references(body: str) -> list[tuple[str, int]]:
    """(inside, 0-based line) of each `[[…]]` outside code that is no reference (REFERENCE does not
    match it): a look-alike letter, an invisible character, a path. The page shows them as text."""
    return [(match.group(1), line) for match, line in _bracketed(body, _BRACKETED)
            if not REFERENCE.fullmatch(match.group(0))]


def _bracketed(body: str, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], int]]:
    """(match, 0-based line in `body`) of `pattern` in the inline texts of `body`, code left out."""
    if "[[" not in body:  # most texts have none: skip the parse
        return
    lines = body.split("\n")
    for token in _parser().parse(body):
        if token.type != "inline" or token.map is None:
            continue
        text = "".join(child.content for child in token.children or [] if child.type != "code_inline") \
            if token.children else token.content
        source_lines = lines[token.map[0]:token.map[1]]
        for match in pattern.finditer(text):
            yield match, token.map[0] + next((i for i, src in enumerate(source_lines) if match.group(0) in src), 0)


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


def _inline_words(token: Token) -> list[str]:
    words = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return words


# --- what a text links to, and texts Markdown renders too slowly ------------------------------

@dataclass(frozen=True)
class Target:
    url: str             # the link or image destination as written (entities decoded)
    image: bool
    line: int            # 0-based line inside the text


# An inline destination, with one level of parentheses inside: [x](a_(b).png)
_INLINE_DESTINATION = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^()\s]*\)[^\s()]*)*)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)


def link_targets(body: str) -> list[Target]:
    """Every link and image destination in a text, read from the source as Python-Markdown will.

    Read with regular expressions rather than markdown-it: markdown-it drops `file:` links
    that Python-Markdown (MkDocs) keeps, and a check must see what the site will hold.
    """
    if "](" not in body and "]:" not in body:
        return []
    targets = []
    for match in _INLINE_DESTINATION.finditer(body):
        opening = body.rfind("[", body.rfind("\n", 0, match.start()) + 1, match.start())
        image = opening > 0 and body[opening - 1] == "!"
        targets.append(Target(_destination(match.group(1)), image, body.count("\n", 0, match.start())))
    for match in _REFERENCE_DEFINITION.finditer(body):
        label = re.escape(match.group(1))
        image = re.search(rf"!\[[^\]\n]*\]\[{label}\]|!\[{label}\](?!\()", body, re.IGNORECASE) is not None
        targets.append(Target(_destination(match.group(2)), image, body.count("\n", 0, match.start())))
    return targets


# --- local images: files of the content folder a text shows ----------------------------------------

# What browsers show (EMF/WMF, TIFF are not; the importer converts or leaves them out).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
# The docs-folder (and site) folder the content's images are copied to, under their content path.
MEDIA_FOLDER = "_media"
_INLINE_IMAGE = re.compile(r"(!\[[^\]\n]*\]\(\s*)(<[^>\n]*>|[^\s()<>]+)")


def local_image(url: str, origin: str) -> str | None:
    """The content-folder path ("figures/figure-3.png") of an image a text at `origin` ("content/findings/
    S3.en.md", as check names it) shows by `url`; None for a remote, absolute or outside path or another format."""
    path = url.strip("<>").split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path.lower()) or path.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(origin).partition("/")[2], path))
    if resolved.startswith("..") or not resolved.lower().endswith(IMAGE_SUFFIXES):
        return None
    return resolved


def local_images(body: str, origin: str) -> list[str]:
    """The content-folder paths of the local images a text shows (inline images)."""
    return [found for target in link_targets(body) if target.image and (found := local_image(target.url, origin))]


def with_image_paths(body: str, origin: str, to_media: Callable[[str], str]) -> str:
    """The text with each local image's destination made `to_media(content path)` (the page's own
    relative path to the copy in MEDIA_FOLDER): a text's images show on every page that holds it."""
    if "![" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        found = local_image(match.group(2), origin)
        return match.group(1) + to_media(found) if found else match.group(0)

    return _INLINE_IMAGE.sub(replace, body)


def _destination(raw: str) -> str:
    import html

    return html.unescape(raw.strip().strip("<>")).strip()


# Python-Markdown's inline parser is quadratic in the brackets a paragraph leaves open (or nests):
# 2,000 take about 5 s. Plain text nests a few.
MAX_OPEN_BRACKETS_PER_PARAGRAPH = 200
MAX_OPEN_BRACKETS_PER_TEXT = 2_000


def bracket_overload(body: str) -> tuple[int, int] | None:
    """(0-based line, count) of the paragraph that opens too many nested or unclosed '[', or None."""
    if body.count("[") <= MAX_OPEN_BRACKETS_PER_PARAGRAPH:
        return None
    total = 0
    line = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", body):
        depth = nested = 0
        for char in paragraph:
            if char == "[":
                nested += depth > 0
                depth += 1
            elif char == "]" and depth:
                depth -= 1
        count = max(nested, depth)
        total += count
        if count > MAX_OPEN_BRACKETS_PER_PARAGRAPH or total > MAX_OPEN_BRACKETS_PER_TEXT:
            return line, count if count > MAX_OPEN_BRACKETS_PER_PARAGRAPH else total
        line += paragraph.count("\n")
    return None
