"""Where every item lives in the site, and links to it from any page (the URL rules every layer shares).

A page path is the Markdown file's path under the docs folder ("findings/S3.md").
The same paths are used in every language, so an item's URL differs between
languages only by the language prefix.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .content import registry
from .graph import Graph, Node

# item kind -> page holding it, anchored (items with a page of their own, or on their parent's, are not here)
ITEM_PAGES = {t.kind: t.page for t in registry.item_types() if t.page and not t.own_page}


def criterion_page(criterion_id: str) -> str:
    return f"criteria/{criterion_id}.md"


def section_page(section_id: str) -> str:
    return f"findings/{section_id}.md"


def chapter_anchor(page: str) -> str:
    """Anchor of a page's chapter in the one-page edition: "findings/S3.md" -> "section-S3"."""
    stem = page[:-3]
    if stem.startswith("findings/"):
        return "section-" + stem.split("/", 1)[1]
    if stem.startswith("criteria/"):
        return "criterion-" + stem.split("/", 1)[1]
    return "home" if stem == "index" else stem.replace("/", "-")


class Linker:
    def __init__(self, graph: Graph, single_page: bool = False):
        self.graph = graph
        self.single_page = single_page

    def target(self, item_id: str) -> tuple[str, str]:
        """(page path, anchor) of an item; anchor '' for an item that is a page."""
        node = self.graph.nodes[item_id]
        if node.kind in ("table", "table_row", "table_group"):
            return self.table_page(node.parent or node), item_id
        item_type = registry.type_of(node.kind)
        if item_type.own_page:
            return item_type.page.format(id=item_id), ""
        if item_type.page:
            return item_type.page, item_id
        parent = self.graph.parent_of(item_id)
        if parent is None:
            raise KeyError(f"{item_id} ({node.kind}) has no page and no parent")
        return self.target(parent)[0], item_id  # on its parent's page

    def table_page(self, table_node: Node) -> str:
        """An annex table lives on the annexes page; any other on the first findings page embedding it."""
        if not table_node.model.annex:
            for owner in self.graph.embedded_in.get(f"table:{table_node.id}", []):
                owner_node = self.graph.nodes.get(owner) if owner else None
                if owner_node is not None and owner_node.kind == "section":
                    return section_page(owner_node.id)
        return "annexes.md"

    def href(self, item_id: str, from_page: str) -> str:
        """Relative link to the item's Markdown page (MkDocs turns it into a URL and checks it)."""
        page, anchor = self.target(item_id)
        if self.single_page:
            return f"#{anchor or chapter_anchor(page)}"
        return relative(page, from_page) + (f"#{anchor}" if anchor else "")

    def url(self, item_id: str, from_page: str) -> str:
        """Relative URL to the built page, for HTML that MkDocs does not rewrite."""
        page, anchor = self.target(item_id)
        if self.single_page:
            return f"#{anchor or chapter_anchor(page)}"
        return page_url(page, from_page) + (f"#{anchor}" if anchor else "")


PRINT_PAGE = "print.md"  # the one-page edition (printable page, source of the PDF)


@lru_cache(maxsize=16384)
def relative(page: str, from_page: str) -> str:
    if page == from_page:
        return ""
    return posixpath.relpath(page, posixpath.dirname(from_page) or ".")


def directory_url(page: str) -> str:
    """"findings/S3.md" -> "findings/S3/"; "index.md" -> "" (MkDocs use_directory_urls)."""
    stem = page[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=16384)
def page_url(page: str, from_page: str) -> str:
    target, here = directory_url(page), directory_url(from_page)
    if target == here:
        return "./"
    rel = posixpath.relpath(target or ".", here or ".")
    return (rel if rel != "." else ".") + "/"
