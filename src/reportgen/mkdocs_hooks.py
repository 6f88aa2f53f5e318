"""MkDocs hooks that reportgen registers in every language build (see site.mkdocs_config)."""

from __future__ import annotations

import html as html_lib
import re
from typing import TYPE_CHECKING

from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.toc import TableOfContents

from reportgen import render_cache
from reportgen.render.regions import add_scroll_bars, wrap_markdown_tables
from reportgen.render.sanitize import sanitize

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

DESCRIPTION_LENGTH = 200
_PARAGRAPH = re.compile(r'<p(?![^>]*class="[^"]*rg-meta)\b[^>]*>(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_SKIPPED = re.compile(r'<(div|details|aside|nav)\b[^>]*class="[^"]*(admonition|rg-meta|rg-not-found)[^"]*"[^>]*>.*?</\1>',
                      re.DOTALL)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    texts = (config.get("extra") or {}).get("reportgen_theme") or {}
    return add_scroll_bars(wrap_markdown_tables(sanitize(html)), texts)


def describe_page(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Each page's own description (meta description, link previews): its first sentence-long paragraph.

    Here rather than in on_page_content, which the preview's page cache skips for a page it gives back.
    Escaped here: the theme prints the description as it is (content text must never become markup)."""
    if page.content and not page.meta.get("description"):
        description = page_description(page.content)
        if description:
            page.meta["description"] = html_lib.escape(description, quote=True)
    return context


# Material's search plugin indexes a page in its on_page_context (priority 0): for each heading it walks the
# page's table of contents from the top to find the heading's entry, whose address is "#" + the heading's
# id, the address it gives a heading it does not find. On the page of 2,000 recommendations (2,000 headings
# in its table of contents) that is 2 million steps per language. So the table of contents is set aside for
# the plugin's turn (every heading then takes the "not found" address, the same) and put back for the theme,
# which draws it. tests/test_search_index.py compares the index with Material's own on the bundled site.
_TOC_ASIDE: dict[int, TableOfContents] = {}


@event_priority(100)  # before every plugin of the default priority (Material's search)
def toc_aside(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    _TOC_ASIDE[id(page)] = page.toc
    page.toc = TableOfContents([])
    return context


@event_priority(-100)  # after them, before the theme renders the page
def toc_back(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    if id(page) in _TOC_ASIDE:
        page.toc = _TOC_ASIDE.pop(id(page))
    return context


on_page_context = CombinedEvent(toc_aside, describe_page, toc_back)


def page_description(html: str) -> str:
    """The words of the first paragraph of some length (notices, meta lines and lines of links skipped), cut at a word
    within DESCRIPTION_LENGTH characters; "" when the page has none."""
    for match in _PARAGRAPH.finditer(_SKIPPED.sub("", html)):
        words = " ".join(html_lib.unescape(_TAG.sub("", match.group(1))).split())
        linked = sum(len(_TAG.sub("", link)) for link in _LINK.findall(match.group(1)))
        if len(words) < 40 or linked * 2 >= len(words):  # too short, or a line of links
            continue
        if len(words) <= DESCRIPTION_LENGTH:
            return words
        cut = words[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:—–-")
        return cut + "…"
    return ""


# The live preview's workers keep the last build's MkDocs objects, to render a page again alone
# (render_cache.render_page); in any other build these keep nothing.
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    render_cache.keep(config=config, files=files, nav=nav)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    render_cache.keep(env=env)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    render_cache.keep(complete=True)
