"""What an item is called and what it says, in one language: shared by the pages and the downloads."""

from __future__ import annotations

from typing import Any

from .content import registry
from .content.loader import ContentSet
from .graph import Graph
from .i18n import Texts


def title_of(graph: Graph, item_id: str, texts: Texts) -> str:
    """An item's title (or name, text, label) in the language; a data row is named by its first cell."""
    return texts.tr(title_text(graph, item_id)) or item_id


def title_text(graph: Graph, item_id: str) -> object:
    """An item's title as written (a localized text, a cell's value), or its ID when it has none."""
    node = graph.nodes[item_id]
    model = node.model
    if node.kind == "table_row" and model.label is None:
        assert node.parent is not None, "a row has its table"
        first = node.parent.model.columns[0].id
        return model.cells.get(first) or item_id
    for name in ("title", "name", "text", "label"):
        if getattr(model, name, None) is not None:
            return getattr(model, name)
    return item_id


def markdown_file(content: ContentSet, owner: str, field_name: str, texts: Texts) -> tuple[str | None, bool]:
    """(text, translated?) of a Markdown file field, falling back to the original language."""
    files = content.markdown_files
    own = files.get((owner, field_name, texts.lang))
    if own is not None:
        return own, True
    return files.get((owner, field_name, texts.original)), False


def criteria_of_recommendation(graph: Graph, rec: Any) -> list[str]:
    """The criteria a recommendation names, then those of the conclusions it cites."""
    seen: list[str] = list(rec.criteria)
    for cid in rec.conclusions:
        criterion = graph.criterion_of(cid)
        if criterion and criterion not in seen:
            seen.append(criterion)
    return seen


def linked_items(rec: Any) -> list[str]:
    """Every item a recommendation links to but those its own rows show (addressees, criteria), in field order."""
    return [item for name in registry.link_fields(type(rec)) if name not in ("addressees", "criteria")
            for item in getattr(rec, name)]
