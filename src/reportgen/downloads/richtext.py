"""A Markdown text as blocks of styled runs, for writers that are not HTML (Word).

Paragraphs stay paragraphs, **bold** and *italic* become run styles, list
items become blocks with a marker and a level; anything else (tables, code)
falls back to its plain words. `[[ID]]` references become the bare ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from ..content.markdown import REFERENCE


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    runs: list[Run] = field(default_factory=list)
    list_kind: str | None = None   # "bullet", "ordered" or None (a paragraph)
    number: int = 0                # the item's number in an ordered list
    level: int = 0                 # list nesting, 1 = top level

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


def blocks(markdown: str) -> list[Block]:
    """The text's blocks, in order; empty text gives no block."""
    result: list[Block] = []
    lists: list[list] = []   # stack of [kind, next number]
    pending_item: tuple | None = None
    current: Block | None = None
    table_row: Block | None = None
    bold = italic = 0
    for token in _parser().parse(markdown or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append(["bullet" if kind == "bullet_list_open" else "ordered", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            list_kind, number = lists[-1]
            pending_item = (list_kind, number, len(lists))
            lists[-1][1] += 1
        elif kind in ("paragraph_open", "heading_open"):
            current = Block()
            if pending_item:
                current.list_kind, current.number, current.level = pending_item
                pending_item = None
            elif lists:  # a list item's second paragraph: indented, no marker
                current.level = len(lists)
            result.append(current)
            bold = 1 if kind == "heading_open" else 0
        elif kind == "tr_open":
            current = table_row = Block()
            result.append(current)
        elif kind == "inline" and current is not None:
            if current is table_row and current.runs:  # tables fall back to "cell | cell" lines
                current.runs.append(Run(" | "))
            for child in token.children or []:
                if child.type == "strong_open":
                    bold += 1
                elif child.type == "strong_close":
                    bold -= 1
                elif child.type == "em_open":
                    italic += 1
                elif child.type == "em_close":
                    italic -= 1
                elif child.type in ("text", "code_inline"):
                    current.runs.append(Run(child.content, bold > 0, italic > 0))
                elif child.type == "softbreak":
                    current.runs.append(Run(" ", bold > 0, italic > 0))
                elif child.type == "hardbreak":
                    current.runs.append(Run("\n", bold > 0, italic > 0))
        elif kind in ("fence", "code_block"):
            result.append(Block([Run(token.content.rstrip("\n"))]))
        elif kind in ("paragraph_close", "heading_close"):
            bold = 0
    for block in result:
        block.runs = _merge(block.runs)
    return [block for block in result if block.text.strip()]


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of one style; then [[ID]] references read as the ID."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1].text += run.text
        else:
            merged.append(Run(run.text, run.bold, run.italic))
    for run in merged:
        run.text = REFERENCE.sub(lambda m: m.group(2), run.text)
    return [run for run in merged if run.text]
