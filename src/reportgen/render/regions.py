"""Scroll regions for every table of a page, and the bar that says a table is wider than its column.

reportgen's own tables are written in a scroll region by their templates (`<div class="rg-scroll"
tabindex="0" role="region" aria-label=…>`). Tables written in Markdown (in narratives, the glossary, the
ILO templates) come out of Markdown bare: here, after MkDocs, they get the same region, labelled by the
caption just above them ("Tabla 3. …") or else by their column headings, and an empty header cell (the
corner of a two-way table) becomes a plain cell (a header must name something).

Before every region goes a bar of one line (the two in a box, in which the bar stays in view while the
table scrolls by): a "scroll sideways" hint, a scrollbar at the table's top and
an "expand" button. It takes its room in the page from the start and stays invisible; the theme's script
shows it only for a region wider than its box (reportgen.js), so showing it moves nothing on the page.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Mapping

_BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_CAPTION = re.compile(r"<p>((?:(?!</?p\b).)*)</p>\s*$", re.DOTALL)
_CAPTION_WORDS = re.compile(r"^(Tabla|Table|Tableau|Cuadro|Gráfico|Figure|Figura|Graphique)\s*\w*\s*\d", re.IGNORECASE)
_EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_REGION = re.compile(r'<div(?P<attrs>[^>]*\bclass="[^"]*(?<![\w-])rg-scroll(?![\w-])[^"]*"[^>]*)>')
LABEL_LENGTH = 120


def _words(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAG.sub(" ", fragment)).split())


def _label(before: str, table: str, heading: str) -> str:
    """The caption just above ("Tabla 3. …"), else `heading` (the nearest heading above) and the column
    headings (a page's regions need distinct names: nine recommendations each have a "Field, Value" table)."""
    caption = _CAPTION.search(before[-2000:])
    if caption and _CAPTION_WORDS.match(_words(caption.group(1))):
        label = _words(caption.group(1))
    else:
        columns = ", ".join(w for w in (_words(h) for h in _HEADER.findall(table)[:6]) if w)
        label = f"{heading} — {columns}" if heading and columns else heading or columns
    return label if len(label) <= LABEL_LENGTH else label[:LABEL_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _columns(table: str) -> int:
    first_row = re.search(r"<tr>(.*?)</tr>", table, re.DOTALL)
    return len(re.findall(r"<t[hd]\b", first_row.group(1))) if first_row else 0


def wrap_markdown_tables(page: str) -> str:
    """Every bare (Markdown) table in a labelled, keyboard-reachable scroll region, styled as reportgen's."""
    out: list[str] = []
    last = 0
    heading = ""  # the last heading above: looked for in the text since the last table only (a page of
    # thousands of tables, the printable page, was searched from its top for each: quadratic)
    for match in _BARE_TABLE.finditer(page):
        before = page[last:match.start()]
        headings = _HEADING.findall(before)
        if headings:
            heading = _words(_PERMALINK.sub("", headings[-1]))
        body = _EMPTY_HEADER.sub(lambda m: f"<td{m.group(1) or ''}></td>", match.group(1))
        label = html_lib.escape(_label(page[max(0, match.start() - 2000):match.start()], body, heading) or "—",
                                quote=True)
        # A two-column table (field and value, an ILO template) stacks label over value on a phone.
        kind = "rg-table rg-md-table" + (" rg-fields" if _columns(body) == 2 else "")
        out.append(before + f'<div class="rg-scroll" tabindex="0" role="region" aria-label="{label}">'
                   f'<table class="{kind}">{body}</table></div>')
        last = match.end()
    return "".join(out) + page[last:]


def add_scroll_bars(page: str, texts: Mapping[str, str]) -> str:
    """The (invisible until needed) bar before each scroll region; regions without an ID get one."""
    count = 0
    names: dict[str, int] = {}

    def distinct(found: re.Match[str]) -> str:
        """A page's regions have distinct names (a table shown twice on the one-page edition)."""
        name = found.group(1)
        names[name] = names.get(name, 0) + 1
        return f'aria-label="{name} ({names[name]})"' if names[name] > 1 else found.group(0)

    def bar(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = re.sub(r'aria-label="([^"]*)"', distinct, match.group("attrs"), count=1)
        found = re.search(r'\bid="([^"]+)"', attrs)
        region = found.group(1) if found else f"rg-region-{count}"
        if not found:
            attrs = f' id="{region}"' + attrs
        hint = html_lib.escape(texts.get("table_scroll", "Scroll for more columns →"))
        expand = html_lib.escape(texts.get("table_expand", "Expand"), quote=True)
        shrink = html_lib.escape(texts.get("table_shrink", "Shrink"), quote=True)
        return (f'<div class="rg-scroll-bar"><span class="rg-scroll-hint">{hint}</span>'
                f'<div class="rg-scroll-top" aria-hidden="true"><div></div></div>'
                f'<button type="button" class="rg-expand" aria-controls="{region}" aria-expanded="false" '
                f'data-shrink="{shrink}">{expand}</button></div><div{attrs}>')

    out: list[str] = []
    last = 0
    for match in _REGION.finditer(page):
        end = page.find("</table>", match.end())
        close = page.find("</div>", end) if end >= 0 else -1
        if close < 0 or close < last:
            continue
        close += len("</div>")
        # The bar and its region in one box: the bar stays in view (sticky) while its table scrolls by.
        # A two-column table hardly ever overflows: its bar takes no room until it is needed.
        narrow = " rg-table-box--narrow" if 'class="rg-table rg-md-table rg-fields"' in page[match.end():close] else ""
        out.append(page[last:match.start()] + f'<div class="rg-table-box{narrow}">' + bar(match)
                   + page[match.end():close] + "</div>")
        last = close
    return "".join(out) + page[last:]
