"""Links and anchors as seen from one page: the URL rules (reportgen.urls) bound to the page."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.schema import Item
from ..graph import Node
from ..urls import Linker, chapter_anchor, page_url, relative
from . import views


@dataclass(frozen=True)
class PageLinks:
    """Where things are from `page`; in the one-page edition every link is an anchor on the page."""

    linker: Linker
    page: str
    single_page: bool = False        # a chapter of the one-page (print/PDF) edition
    downloads: tuple[str, ...] = ()  # the downloads this build makes ("pdf", "data")

    def href(self, item_id: str) -> str:
        """Relative link to the item's Markdown page (MkDocs checks it)."""
        return self.linker.href(item_id, self.page)

    def url(self, item_id: str) -> str:
        """Relative URL of the item on the built site, for HTML that MkDocs does not rewrite."""
        return self.linker.url(item_id, self.page)

    def page_link(self, path: str) -> str:
        return relative(path, self.page)

    def page_url(self, path: str) -> str:
        return page_url(path, self.page)

    def anchor(self, name: str) -> str:
        """A heading anchor, unique in the one-page edition too."""
        return f"{chapter_anchor(self.page)}-{name}" if self.single_page else name

    def page_attr(self) -> Markup:
        """The page title's anchor in the one-page edition (links to a page land there)."""
        return Markup(f"{{#{chapter_anchor(self.page)}}}") if self.single_page else Markup("")

    @staticmethod
    def old_anchors(item: Item) -> Markup:
        """Former IDs of a renamed item stay valid anchors, so pasted links keep working."""
        return Markup("".join(f'<div id="{old}" class="rg-old-id"></div>\n\n' for old in item.old_ids))

    @staticmethod
    def slug(term: str) -> str:
        """An anchor or filter value made of a term's ASCII words."""
        return views.slug(term, "term")

    def download_url(self, name: str) -> str:
        """URL of a file in this language's downloads/ folder (not a page: MkDocs does not check it)."""
        return page_url("index.md", self.page) + f"downloads/{name}"

    def has_download(self, name: str) -> bool:
        """Whether this build makes the file (none with --no-downloads, no PDF without Chromium)."""
        return ("pdf" if name.endswith(".pdf") else "data") in self.downloads

    def facet_url(self, facet: str, value: str) -> str:
        return page_url(views.facet_page(facet, value), self.page)

    def is_table_home(self, table_node: Node) -> bool:
        """Whether a table lives on this page (its row IDs are anchors here, nowhere else)."""
        return self.linker.table_page(table_node) == self.page
