"""The unit everything after the debris repair works on: a block of the source, with its line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str                 # "heading", "para", "table" or "footnote"
    text: str                 # Markdown (a table's text is its rows joined, for searching)
    line: int                 # 1-based line of the source where the block starts
    level: int = 0            # heading level (1-6)
    rows: list[list[str]] = field(default_factory=list)  # table cells (Markdown)
    number: str = ""          # footnote number
