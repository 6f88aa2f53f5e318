"""A Markdown text as blocks of styled runs, for writers that are not HTML (Word).

Paragraphs stay paragraphs, **bold** and *italic* become run styles, list
items become blocks with a marker and a level, headings keep their level,
table rows keep their cells; code falls back to its plain words.

`blocks()` gives every block with plain runs (the ILO templates need no more):
`[[ID]]` references read as the bare ID, links as their words, footnote
bodies as paragraphs at the end. `rich()` keeps what a report document
needs: links (`Run.link`), item references (`Run.ref`), embeds
(`[[table:NAME]]` alone in a paragraph: `Block.embed`), footnote references
(`Run.note`) and the footnotes' bodies apart (`Rich.notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypedDict

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..content.markdown import REFERENCE


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None    # an external link's destination, as written
    ref: str | None = None     # the item an [[ID]] reference names (text: the ID)
    embed: str | None = None   # "table:NAME" / "chart:NAME" (text: the NAME)
    note: int | None = None    # a footnote reference: the footnote's number in the text (text: "")

    def style(self) -> tuple[bool, bool, str | None, str | None, str | None, int | None]:
        return (self.bold, self.italic, self.link, self.ref, self.embed, self.note)


@dataclass
class Block:
    runs: list[Run] = field(default_factory=list)
    list_kind: str | None = None   # "bullet", "ordered" or None (a paragraph)
    number: int = 0                # the item's number in an ordered list
    level: int = 0                 # list nesting, 1 = top level
    heading: int = 0               # a heading's level (1-6), 0 for other blocks
    cells: list[list[Run]] | None = None  # a table row's cells
    header: bool = False           # a table's header row
    note: int | None = None        # the footnote this block belongs to (a footnote's body)
    embed: str | None = None       # a paragraph that is only an embed: "table:NAME" / "chart:NAME"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Rich:
    blocks: list[Block]                  # the text's own blocks, in order (no footnote bodies)
    notes: dict[int, list[Block]]        # footnote number -> its body's blocks, in order of definition


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


def blocks(markdown: str) -> list[Block]:
    """The text's blocks, in order, footnote bodies last; empty text gives no block."""
    result = []
    for block in _parse(markdown):
        block.runs = [Run(run.text, run.bold, run.italic) for run in block.runs if run.text]
        block.runs = _merge(block.runs)
        if block.text.strip():
            result.append(block)
    return result


def rich(markdown: str) -> Rich:
    """The text's blocks with links, references, embeds and footnotes kept apart."""
    body: list[Block] = []
    notes: dict[int, list[Block]] = {}
    for block in _parse(markdown):
        block.runs = _merge(block.runs)
        if block.cells is not None:
            block.cells = [_merge(cell) for cell in block.cells]
        embeds = [run for run in block.runs if run.embed]
        if block.cells is None and len(embeds) == 1 and not block.list_kind and not block.heading \
                and not "".join(r.text for r in block.runs if not r.embed).strip():
            block.embed, block.runs = embeds[0].embed, []
        elif not (block.text.strip() or any(r.note is not None for r in block.runs) or block.cells):
            continue
        (notes.setdefault(block.note, []) if block.note is not None else body).append(block)
    return Rich(body, notes)


def _parse(markdown: str) -> list[Block]:
    result: list[Block] = []
    lists: list[tuple[str, int]] = []   # stack of (kind, next number)
    pending_item: tuple[str, int, int] | None = None
    current: Block | None = None
    table_row: Block | None = None
    in_head = False
    note: int | None = None
    bold = italic = 0
    links: list[str | None] = []
    for token in _parser().parse(markdown or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append(("bullet" if kind == "bullet_list_open" else "ordered", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            list_kind, number = lists[-1]
            pending_item = (list_kind, number, len(lists))
            lists[-1] = (list_kind, number + 1)
        elif kind == "footnote_open":
            note = token.meta.get("id", 0)
        elif kind == "footnote_close":
            note = None
        elif kind in ("paragraph_open", "heading_open"):
            current = Block(note=note)
            if pending_item:
                current.list_kind, current.number, current.level = pending_item
                pending_item = None
            elif lists:  # a list item's second paragraph: indented, no marker
                current.level = len(lists)
            if kind == "heading_open":
                current.heading = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            result.append(current)
            bold = 1 if kind == "heading_open" else 0
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            current = table_row = Block(cells=[], header=in_head, note=note)
            result.append(current)
        elif kind == "inline" and current is not None:
            cells = current.cells if current is table_row else None
            if cells is not None:
                if current.runs:  # without cells, a table reads as "cell | cell" lines
                    current.runs.append(Run(" | "))
                cells.append([])
            for child in token.children or []:
                for run in _inline(child, bold, italic, links):
                    current.runs.append(run)
                    if cells is not None:
                        cells[-1].append(Run(**vars(run)))
                if child.type == "strong_open":
                    bold += 1
                elif child.type == "strong_close":
                    bold -= 1
                elif child.type == "em_open":
                    italic += 1
                elif child.type == "em_close":
                    italic -= 1
                elif child.type == "link_open":
                    href = child.attrGet("href")
                    links.append(href if isinstance(href, str) else None)
                elif child.type == "link_close" and links:
                    links.pop()
        elif kind in ("fence", "code_block"):
            result.append(Block([Run(token.content.rstrip("\n"))], note=note))
        elif kind in ("paragraph_close", "heading_close"):
            bold = 0
            links = []
    return result


class _Style(TypedDict):
    bold: bool
    italic: bool


def _inline(child: Token, bold: int, italic: int, links: list[str | None]) -> list[Run]:
    link = links[-1] if links else None
    style: _Style = {"bold": bold > 0, "italic": italic > 0}
    if child.type in ("text", "code_inline"):
        return _references(child.content, link, style) if child.type == "text" else \
            [Run(child.content, link=link, **style)]
    if child.type == "image":  # the picture's words: its alt text
        return [Run(child.content, link=link, **style)] if child.content else []
    if child.type == "softbreak":
        return [Run(" ", link=link, **style)]
    if child.type == "hardbreak":
        return [Run("\n", link=link, **style)]
    if child.type == "footnote_ref":
        return [Run("", note=child.meta.get("id", 0), **style)]
    return []


def _references(text: str, link: str | None, style: _Style) -> list[Run]:
    """Text with [[ID]] references and [[table:NAME]] embeds as runs of their own."""
    if "[[" not in text:
        return [Run(text, link=link, **style)]
    runs, position = [], 0
    for match in REFERENCE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position:match.start()], link=link, **style))
        if match.group(1):
            runs.append(Run(match.group(2), embed=f"{match.group(1)}:{match.group(2)}", **style))
        else:
            runs.append(Run(match.group(2), ref=match.group(2), link=link, **style))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:], link=link, **style))
    return runs


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of one style (references, embeds and footnote marks stay whole)."""
    merged: list[Run] = []
    for run in runs:
        if not run.text and run.note is None:
            continue
        if merged and merged[-1].style() == run.style() and not (run.ref or run.embed or run.note is not None):
            merged[-1].text += run.text
        else:
            merged.append(Run(**vars(run)))
    return merged
