"""Charts declared over a table's columns, drawn at build time as static, accessible SVG.

Bar and stacked-bar charts are horizontal, each label written above its bar
and wrapped (never cut), so long labels stay whole on a phone; a pie chart
has a legend under it. The SVG's coordinate width (`WIDTH`) is also its
smallest rendered width (the stylesheet sets `min-width`), so its text is never
drawn smaller than `FONT` px. Every chart carries a text alternative that says
what is drawn (chart type, each label and value, in the page's locale) and its
data as a table in a collapsible block.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import escape

from ..content.markdown import line_words
from ..content.tables import Chart, Column, Table, data_rows
from ..i18n import Texts
from .tables import format_number
from .text import in_language, untranslated_mark

WIDTH = 320            # viewBox width = minimum rendered width in px (see reportgen.css)
PAGE_WIDTH = 640       # a bar chart drawn for the page (one-page edition, PDF): the text column's width
PAGE_HEIGHT = 860      # … in parts of at most this height (a page: reportgen.css, .rg-chart--page)
FONT = 13              # label size in px at the minimum width
LINE = 17              # line height of wrapped labels
BAR = 16
GAP = 12
MIN_VALUE_ROOM = 48    # right of the longest bar: its value
CHAR_WIDTH = 0.6 * FONT  # a generous average glyph width, for wrapping
PIE_RADIUS = 100
# Contrast >= 3:1 on white for each (WCAG 1.4.11), told apart by lightness as well as hue.
COLORS = ("#1f5f99", "#b3541e", "#2e7d32", "#6a3d9a", "#8a6d00", "#a0224b", "#006d77", "#5c5c5c")


@dataclass
class Bar:
    label: str                   # words, for wrapping and the text alternative
    values: list[float | None]   # one per value column


@dataclass
class Group:
    title: str
    bars: list[Bar]


def render_chart(chart: Chart, table: Table, texts: Texts, figure: str, in_annex: bool = False,
                 paged: bool = False) -> str:
    """A <figure>: the SVG, its caption (not on the annexes page, whose heading names it), data and source.

    `figure` is the figure's anchor ("chart-ID", prefixed by its chapter in the one-page edition).
    `paged` (the one-page edition, printed as the PDF): a bar chart as wide as the page's text, cut
    between bars into SVGs of at most a page each (one SVG taller than a page is sliced through
    its bars by the printer, and at the phone's width the 34-indicator chart ran over four pages).
    """
    groups = chart_groups(chart, table, texts)
    columns = [_column(table, name) for name in chart.value_columns]
    formats = [_formatter(chart.unit if chart.unit is not None else c.unit, c.decimals, texts.lang) for c in columns]
    fmt = formats[0]  # bar ends, pie slices and the reference (stacked columns share one unit)
    legend = [_words(texts, c.label) for c in columns]
    stacked = chart.type == "stacked-bar"
    width, parts_of = WIDTH, [groups]
    if chart.type == "pie":
        drawn = [_pie(groups, fmt)]
    else:
        if paged:
            width, parts_of = PAGE_WIDTH, _page_parts(groups, PAGE_WIDTH, legend if stacked else [])
        maximum = _maximum(groups, chart.reference, stacked)
        drawn = [_bars(part, fmt, legend if stacked and n == 0 else [], chart.reference, stacked, width, maximum)
                 for n, part in enumerate(parts_of)]
    title = _words(texts, chart.title)
    description = text_alternative(chart, groups, legend, formats, texts)
    css = "rg-chart rg-chart--page" if width != WIDTH else "rg-chart"
    svgs = []
    for n, (body, height) in enumerate(drawn):
        suffix = f"-{n + 1}" if n else ""  # the first part is the chart; the others say they continue it
        svgs.append(f'<svg class="{css}" role="img" viewBox="0 0 {width} {height}" width="{width}" '
                    f'aria-labelledby="{figure}-title{suffix} {figure}-desc{suffix}" xmlns="http://www.w3.org/2000/svg">'
                    f'<title id="{figure}-title{suffix}">{escape(title)}{f" ({n + 1}/{len(drawn)})" if len(drawn) > 1 else ""}</title>'
                    f'<desc id="{figure}-desc{suffix}">{escape(description) if not n else ""}</desc>{body}</svg>')
    svg = "".join(svgs)
    caption = "" if in_annex else f"<figcaption>{_html(texts, chart.caption or chart.title)}</figcaption>"
    source = chart.source or table.source
    parts = [f'<figure class="rg-figure" id="{figure}">', caption, f'<div class="rg-scroll">{svg}</div>',
             _data_table(chart, table, groups, formats, texts)]
    if chart.notes:
        parts.append(f'<p class="rg-chart-notes">{_html(texts, chart.notes, texts.plain(chart.notes))}</p>')
    if source:
        parts.append(f'<p class="rg-source">{escape(texts.s["source_label"])}: {_html(texts, source)}</p>')
    return "".join(parts) + "</figure>\n"


def chart_groups(chart: Chart, table: Table, texts: Texts) -> list[Group]:
    """The data rows of the table, in order, under their row groups (one untitled group if none)."""
    groups: dict[str | None, Group] = {g.id: Group(_words(texts, g.label), []) for g in table.groups}
    order: list[Group] = []
    label_column = _column(table, chart.label_column)
    for row in data_rows(table):
        group = groups.get(row.group) or (order[-1] if order and not order[-1].title else Group("", []))
        if group not in order:
            order.append(group)
        value = row.cells.get(chart.label_column)
        number = _number(value)
        label = (format_number(number, texts.lang, label_column.unit, label_column.decimals)
                 if number is not None else _words(texts, value))
        group.bars.append(Bar(label, [_number(row.cells.get(name)) for name in chart.value_columns]))
    return order


# A value column's numbers as the page writes them ("—" for none).
Format = Callable[[float | None], str]


def _formatter(unit: str | None, decimals: int | None, lang: str) -> Format:
    return lambda value: "—" if value is None else format_number(value, lang, unit, decimals)


def text_alternative(chart: Chart, groups: list[Group], legend: list[str], formats: list[Format], texts: Texts) -> str:
    """"Bar chart. Group: label: 54,83 %; …" in the page's language."""
    parts = []
    fmt = formats[0]
    for group in groups:
        items = []
        for bar in group.bars:
            if len(legend) > 1:
                values = ", ".join(f"{name} {f(v)}" for name, v, f in zip(legend, bar.values, formats))
            else:
                values = fmt(bar.values[0])
            items.append(f"{bar.label}: {values}")
        parts.append((f"{group.title}: " if group.title else "") + "; ".join(items))
    text = f"{texts.s['chart_types'][chart.type]}. " + ". ".join(parts) + "."
    if chart.reference is not None:
        text += f" {texts.s['chart_reference']}: {fmt(chart.reference)}."
    return text


def _totals(groups: list[Group], stacked: bool) -> list[float]:
    return [sum(v or 0 for v in bar.values) if stacked else (bar.values[0] or 0) for g in groups for bar in g.bars]


def _maximum(groups: list[Group], reference: float | None, stacked: bool) -> float:
    return max(_totals(groups, stacked) + [reference or 0, 1e-9])


def _page_parts(groups: list[Group], width: int, legend: list[str]) -> list[list[Group]]:
    """The groups cut between bars into parts of at most PAGE_HEIGHT (a cut group's title repeated)."""
    def lines(words: str) -> int:
        return len(wrap(words, int(width / CHAR_WIDTH))) * LINE + 2
    parts: list[list[Group]] = [[]]
    height = sum(lines(entry) for entry in legend) + 6 if legend else 0
    for group in groups:
        current = Group(group.title, [])
        parts[-1].append(current)
        height += lines(group.title) if group.title else 0
        for bar in group.bars:
            tall = lines(bar.label) + BAR + GAP
            if height + tall > PAGE_HEIGHT - LINE - 4 and any(g.bars for g in parts[-1]):
                current = Group(group.title, [])
                parts.append([current])
                height = lines(group.title) if group.title else 0
            current.bars.append(bar)
            height += tall
    return [[g for g in part if g.bars] for part in parts]


def _bars(groups: list[Group], fmt: Format, legend: list[str], reference: float | None, stacked: bool,
          width: int = WIDTH, maximum: float | None = None) -> tuple[str, int]:
    totals = _totals(groups, stacked)
    maximum = maximum if maximum is not None else max(totals + [reference or 0, 1e-9])
    # Room right of the longest bar for its value, written out in full.
    plot = width - max([len(fmt(t)) * CHAR_WIDTH + 8 for t in totals] + [MIN_VALUE_ROOM])
    scale = plot / maximum
    out: list[str] = []
    y = 0
    if legend:
        out_legend, y = _legend(legend, y, width)
        out += out_legend
    for index, group in enumerate(groups):
        if group.title:
            text, y = _wrapped(group.title, 0, y, "rg-chart-group", width)
            out.append(text)
        for bar in group.bars:
            text, y = _wrapped(bar.label, 0, y, "rg-chart-label", width)
            out.append(text)
            if reference is not None:  # the target, behind each bar only (a line across would cross the labels)
                out.append(f'<line x1="{reference * scale:.1f}" y1="{y - 1}" x2="{reference * scale:.1f}" '
                           f'y2="{y + BAR + 1}" class="rg-chart-reference"/>')
            x = 0.0
            values = bar.values if stacked else bar.values[:1]
            for serie, value in enumerate(values):
                if not value:  # nothing to draw (the value is in the text alternative and the data table)
                    continue
                length = max(value * scale, 1.5)
                color = COLORS[(serie if stacked else index) % len(COLORS)]
                out.append(f'<rect class="rg-chart-bar" x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" '
                           f'fill="{color}"/>')
                x += length
            total = sum(v or 0 for v in values) if any(v is not None for v in values) else None
            out.append(f'<text x="{x + 5:.1f}" y="{y + BAR - 3}" class="rg-chart-value">{escape(fmt(total))}</text>')
            y += BAR + GAP
    height = y
    if reference is not None:  # the target's value, under the last bar
        x = reference * scale
        anchor = "end" if x > width - 40 else "middle"
        out.append(f'<text x="{x:.1f}" y="{height + LINE - 2}" text-anchor="{anchor}" '
                   f'class="rg-chart-reference-label">{escape(fmt(reference))}</text>')
        height += LINE + 4
    return "".join(out), height


def _pie(groups: list[Group], fmt: Format) -> tuple[str, int]:
    bars = [bar for g in groups for bar in g.bars]
    values = [max(bar.values[0] or 0, 0) for bar in bars]
    total = sum(values) or 1
    cx, cy = WIDTH / 2, PIE_RADIUS + 4
    out: list[str] = []
    angle = -math.pi / 2
    for index, value in enumerate(values):
        color = COLORS[index % len(COLORS)]
        share = value / total
        if share >= 0.9999:
            out.append(f'<circle class="rg-chart-slice" cx="{cx}" cy="{cy}" r="{PIE_RADIUS}" fill="{color}"/>')
            continue
        end = angle + share * 2 * math.pi
        large = 1 if share > 0.5 else 0
        x1, y1 = cx + PIE_RADIUS * math.cos(angle), cy + PIE_RADIUS * math.sin(angle)
        x2, y2 = cx + PIE_RADIUS * math.cos(end), cy + PIE_RADIUS * math.sin(end)
        out.append(f'<path class="rg-chart-slice" d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{PIE_RADIUS},{PIE_RADIUS} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                   f'fill="{color}" stroke="#fff" stroke-width="1.5"/>')
        angle = end
    entries = [f"{bar.label}: {fmt(bar.values[0])}" for bar in bars]
    legend, height = _legend(entries, 2 * PIE_RADIUS + 16)
    return "".join(out + legend), height


def _legend(entries: list[str], y: int, width: int = WIDTH) -> tuple[list[str], int]:
    """One entry a line: a colour swatch and its (wrapped) words."""
    out = []
    for index, entry in enumerate(entries):
        out.append(f'<rect class="rg-chart-swatch" x="0" y="{y + 3}" width="{FONT}" height="{FONT}" fill="{COLORS[index % len(COLORS)]}"/>')
        text, y = _wrapped(entry, FONT + 6, y, "rg-chart-legend", width)
        out.append(text)
    return out, y + 6


def _wrapped(words: str, x: float, y: int, css: str, width: int = WIDTH) -> tuple[str, int]:
    """A <text> of whole words wrapped to the chart's width; returns it and the y below it."""
    lines = wrap(words, int((width - x) / CHAR_WIDTH))
    # A space ends each line but the last, so the text reads (and copies) as the words it wraps.
    spans = "".join(f'<tspan x="{x}" y="{y + (i + 1) * LINE - 4}">{escape(line)}{" " if i < len(lines) - 1 else ""}'
                    f'</tspan>' for i, line in enumerate(lines))
    return f'<text class="{css}">{spans}</text>', y + len(lines) * LINE + 2


def wrap(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in re.split(r"[ \t\n]+", text.strip()):  # not at no-break spaces ("54,83 %")
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + ([current] if current else [])


def _data_table(chart: Chart, table: Table, groups: list[Group], formats: list[Format], texts: Texts) -> str:
    """The drawn values as a table (a reader of numbers, a screen reader, a copy-paste)."""
    grouped = any(g.title for g in groups)
    headers = ([str(escape(texts.s["group"]))] if grouped else []) + [_html(texts, _column(table, chart.label_column).label)]
    headers += [_html(texts, _column(table, name).label) for name in chart.value_columns]
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    rows = "".join(
        "<tr>" + (f"<td>{escape(g.title)}</td>" if grouped else "") + f"<td>{escape(b.label)}</td>"
        + "".join(f'<td class="rg-num">{escape(f(v))}</td>' for v, f in zip(b.values, formats)) + "</tr>"
        for g in groups for b in g.bars)
    return (f'<details class="rg-chart-data"><summary>{escape(texts.s["chart_data"])}</summary>'
            f'<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>')


def _html(texts: Texts, text: object, words: str | None = None) -> str:
    """A one-line text as HTML, with its language and the untranslated mark when shown in the original's."""
    html = escape(_words(texts, text) if words is None else words)
    lang = texts.fallback(text)
    return str(in_language(html, lang, texts.lang, mark=untranslated_mark(texts, lang)) if lang else html)


def _words(texts: Texts, text: object) -> str:
    """A one-line text of the content in the page's language, as plain words."""
    return line_words(texts.tr(text))


def _column(table: Table, name: str) -> Column:
    """A column the chart names (reportgen check has made sure it exists)."""
    column = table.column(name)
    assert column is not None, f"chart column {name!r} not in table {table.id!r}"
    return column


def _number(value: object) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

