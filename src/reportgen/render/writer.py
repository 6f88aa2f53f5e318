"""Content texts as page Markdown: links, embeds, dates, titles, the Markdown files of an item.

Everything content says is untrusted: it is escaped here (render.text) before it goes into a page.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol

from markupsafe import Markup, escape

from .. import labels
from ..content.markdown import MEDIA_FOLDER, plain_text, with_image_paths
from ..graph import Graph
from ..i18n import Texts, localized
from . import charts
from ..urls import PRINT_PAGE, relative
from .page_links import PageLinks
from .tables import table_view
from .text import escape_html, in_language, inline, local_date, render_text, untranslated_mark


class Renderer(Protocol):
    """Renders a template of the page with extra variables (the page's own objects are added)."""

    def __call__(self, template: str, **params: Any) -> str: ...


class PageWriter:
    """Writes one page's content texts in its language, linking from the page."""

    def __init__(self, graph: Graph, texts: Texts, links: PageLinks, render: Renderer):
        self.graph = graph
        self.texts = texts
        self.links = links
        self.render = render   # embedded tables are a template of their own

    def md(self, text: object, embeds: bool = False) -> Markup:
        body = render_text(self.texts.tr(text), self.link, self.embed if embeds else None, self._numbered)
        return self.in_original(body, self.texts.fallback(text), block=True)

    def lead_in(self, label: str, text: object) -> Markup:
        """An item's text opened by its bold label ("**H1.** The…"), as reports print key findings; a
        text that opens with a block (a list, a table, a heading) gets its label on a line of its own."""
        body = render_text(self.texts.tr(text), self.link, None, self._numbered)
        separator = "\n\n" if _BLOCK_START.match(str(body)) else " "
        lead = Markup(f"**{escape_html(label)}**{separator}")
        return self.in_original(lead + body, self.texts.fallback(text), block=True)

    def line(self, text: object) -> Markup:
        written = render_text(inline(self.texts.tr(text)), self.link, None, self._numbered)
        return self.in_original(written, self.texts.fallback(text))

    def html_line(self, text: object) -> Markup:
        """A one-line text as plain words for raw HTML (escaped), marked when shown in the original's
        language (the explorer's rows, the matrix, table headings written as HTML)."""
        return self.in_original(Markup(escape(self.texts.plain(text))), self.texts.fallback(text))

    def in_original(self, html: Markup, lang: str | None, block: bool = False, attributes: str = "") -> Markup:
        """A content text shown in the original language for want of a translation: its language and
        the untranslated mark (nothing when `lang` is None)."""
        if lang is None:
            return html
        return in_language(html, lang, self.texts.lang, block, untranslated_mark(self.texts, lang), attributes)

    def line_quoting_original(self, text: object) -> Markup:
        """A one-line text that may be, or quote, the original language's words ("Residential Care Centre
        (Centro de Atención Residencial)", or the original itself where no translation was given): those
        words carry their language (WCAG 3.1.2)."""
        written = self.line(text)
        original = self.texts.original
        if self.texts.lang == original or self.texts.fallback(text):   # (the original itself: marked by line)
            return written
        quoted = render_text(inline(localized(text, original, original)), self.link, None, self._numbered)
        if not str(quoted) or str(quoted) not in str(written):
            return written
        marked = Markup(f'<span lang="{escape(original)}">') + quoted + Markup("</span>")
        return Markup(str(written).replace(str(quoted), str(marked), 1))

    @property
    def _numbered(self) -> bool:
        return self.graph.ctx.config.numbered_paragraphs

    def cell(self, text: object) -> Markup:
        """A one-line text for a Markdown table cell."""
        return Markup(str(self.line(text)).replace("|", "\\|"))

    def excerpt(self, text: object, words: int = 30) -> Markup:
        """The first words of a text, as page Markdown (marked when shown in the original's language)."""
        short = self._first_words(text, words)
        return self.in_original(Markup(escape_html(short).replace("*", "\\*").replace("_", "\\_")),
                                self.texts.fallback(text))

    def html_excerpt(self, text: object, words: int = 30) -> Markup:
        """The first words of a text for raw HTML (the explorer's rows), marked as `html_line` marks."""
        return self.in_original(Markup(escape(self._first_words(text, words))), self.texts.fallback(text))

    def _first_words(self, text: object, words: int) -> str:
        plain = plain_text(self.texts.tr(text)).split()
        return " ".join(plain[:words]) + (" …" if len(plain) > words else "")

    def date(self, text: object) -> Markup:
        """A date field in the page's language (Babel); free text such as "Diciembre 2024" stays."""
        written = self.texts.tr(text)
        formatted = local_date(written, self.texts.lang) if written else ""
        return self.line(text) if formatted == written else Markup(escape(formatted))

    def fm_title(self, text: object) -> Markup:
        """A page title for the front matter: one line, HTML-escaped (the theme prints titles raw),
        quoted as a JSON string, which is also a YAML string (no metadata can be injected)."""
        return Markup(json.dumps(nav_title(self.texts.tr(text)), ensure_ascii=False))

    def title_of(self, item_id: str) -> str:
        return labels.title_of(self.graph, item_id, self.texts)

    def link(self, item_id: str, label: str | None = None) -> Markup:
        if self.graph.get(item_id) is None:  # the graph checks refuse these; keep the words if one slips through
            return Markup(escape(item_id))
        # plain_text decodes entities ("&lt;" -> "<"): escape again before it goes back into Markdown.
        title = _md_title(escape_html(plain_text(self.title_of(item_id)).replace("\n", " ")))
        text = escape_html(inline(label)) if label else item_id
        written = Markup(f'[{text}]({self.links.href(item_id)} "{title}")')
        # a label that is (or ends with: "3. Title") the item's title, shown in the original language
        lang = self.texts.fallback(labels.title_text(self.graph, item_id)) if label else None
        own = escape_html(inline(self.title_of(item_id)))
        if lang is None or not own or not text.endswith(own):
            return written
        marked = Markup(text[: len(text) - len(own)]) + in_language(Markup(own), lang, self.texts.lang)
        return Markup(f'[{marked}]({self.links.href(item_id)} "{title}") ') + untranslated_mark(self.texts, lang)

    def embed(self, name: str, in_annex: bool = False) -> Markup:
        """A table or chart of the content, `[[table:ID]]` / `[[chart:ID]]` (content escaped when rendered)."""
        kind, _, key = name.partition(":")
        if kind == "chart":
            chart = self.graph.charts[key]
            figure = self.links.anchor(f"chart-{chart.id}")  # unique in the one-page edition too
            return Markup(charts.render_chart(chart, self.graph.nodes[chart.table].model, self.texts, figure,
                                              in_annex, paged=self.links.single_page))
        node = self.graph.nodes[key]
        # On the annexes page a heading names the table; a printed report still gives its caption
        # ("Tabla 3. …"), which its list of tables and a reader of the PDF go by.
        named = in_annex and not (self.links.single_page and node.model.caption)
        view = table_view(node.model, self.texts, self, self.links.is_table_home(node), named)
        return Markup(self.render("pages/_table.md.j2", t=view))

    # --- an item's Markdown files --------------------------------------------------------------
    def markdown_file(self, owner: str, field_name: str) -> tuple[str | None, bool]:
        return labels.markdown_file(self.graph.content, owner, field_name, self.texts)

    def summary(self) -> Markup:
        return self._file_block("evaluation", "summary")

    def narrative(self, section: Any, top: int = 3) -> Markup:
        return self._file_block(section.id, "narrative", top)

    def document_body(self, document: Any) -> Markup:
        return self._file_block(document.id, "body", top=2)

    def _file_block(self, owner: str, field_name: str, top: int = 3) -> Markup:
        text, translated = self.markdown_file(owner, field_name)
        if text is None:
            return Markup("")
        origin = self.graph.content.markdown_origins.get(
            (owner, field_name, self.texts.lang if translated else self.texts.original))
        if origin:  # the text's images, as copied into the site (project.py), seen from the page that shows them
            page = PRINT_PAGE if self.links.single_page else self.links.page
            text = with_image_paths(text, origin, lambda path: relative(f"{MEDIA_FOLDER}/{path}", page))
        body = render_text(shift_headings(text, top), self.link, self.embed, self._numbered)
        original = self.texts.original
        if translated or self.texts.lang == original:
            return body
        # Interface texts are trusted (they come from the templates folder), content is not.
        s = self.texts.s
        language = self.texts.language_name(original)
        notice = Markup(f'!!! note "{s["untranslated_title"].format(language=language)}"\n\n'
                        f'    {s["untranslated_notice"].format(language=language)}\n\n')
        return notice + in_language(body, original, self.texts.lang, block=True, attributes=" data-search-exclude")


_HEADING = re.compile(r"^(#{1,6})(?=[ \t])", re.MULTILINE)
# What opens a Markdown block other than a paragraph: list item, heading, table, quote, HTML, admonition,
# fence, indented code.
_BLOCK_START = re.compile(r"(?:[-*+] |\d+[.)] |#|\||>|<|!!!|```|~~~| {4})")


def shift_headings(text: str, top: int = 3) -> str:
    """The page owns the levels above `top`: a text's highest heading becomes level `top`,
    and the others keep their distance from it (capped at 6)."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(text)]
    if not levels:
        return text
    shift = top - min(levels)
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift), text)


def nav_words(text: str) -> str:
    """A title for the navigation or the site name: its words only, on one line (site.py escapes
    it where it hands it to the theme)."""
    return " ".join(plain_text(text).split())


def nav_title(text: str) -> str:
    """A title the theme prints as HTML without escaping (a page's front matter): words only, escaped."""
    return theme_text(nav_words(text))


def theme_text(text: str) -> str:
    """The one rule for text the theme prints raw (Material's templates do not escape): HTML-escaped.
    Author text reaches a page either through this, or as page Markdown (escaped by render.text, then
    sanitised by render.sanitize)."""
    return str(escape(text))


def tooltip_text(text: str) -> str:
    """Text for a title attribute. Material's tooltips (content.tooltips) render a title as HTML,
    so angle brackets are replaced by lookalikes: the words stay, no tag can form."""
    return text.replace("&lt;", "‹").replace("&gt;", "›").replace("<", "‹").replace(">", "›")


def _md_title(title: str) -> str:
    return tooltip_text(title[:200]).replace("\\", "").replace("[", "(").replace("]", ")")
