"""The report's order of findings sections: their labels in natural order ("9.2" before "9.10")."""

from __future__ import annotations

import re

from ..content.schema import Section
from ..graph import Graph


def number_key(label: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of section numbers: "9.2" before "9.10", "A.2" after "9.10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.findall(r"\d+|[^\W\d_]+", label))


def ordered_sections(graph: Graph) -> list[Section]:
    return sorted(graph.content.sections, key=lambda sec: number_key(sec.number))
