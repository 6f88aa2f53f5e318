"""Charts drawn at build time as static, accessible HTML (no chart library, no network).

Each chart is a horizontal bar chart. Its words are HTML text, so labels keep the
page's font size at every width (an SVG drawn with a viewBox shrinks its text with the
chart: 3 px on a phone) and wrap instead of being cut; on a narrow screen a label
goes above its bar. Only the bars are SVG (one small drawing per row, stretched to
the row's width). Numbers follow the page's locale (Babel): "54,83 %" on a Spanish
page, "54.83%" on an English one. Screen readers get one text alternative naming
the kind of chart and every value; the data table is in a collapsible block.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from .text import inline

COLORS = ("#1f5f99", "#b3541e", "#2e7d32")  # contrast >= 4.5:1 on white
REFERENCE_WIDTH = 0.5                       # of the 100 units of a row's drawing


@dataclass
class Bar:
    label: str                # full text: the row label, the text alternative and the data table
    value: float | None
    anchor: str = ""


@dataclass
class Group:
    title: str
    bars: list[Bar]


def render_chart(name: str, ctx) -> str:
    s = ctx.s
    if name == "budget-components":
        groups = [Group("", [Bar(inline(ctx.tr(c.label)), c.percent, c.id) for c in ctx.content.budget_components])]
        return _figure(name, s["budget_components"], s["budget_components_caption"], groups, ctx, reference=None)
    if name == "outcome-indicators":
        groups = []
        for objective in ctx.content.objectives:
            bars = [Bar(inline(ctx.tr(i.indicator)), i.achievement, i.id)
                    for i in ctx.content.indicators if i.objective == objective.id]
            groups.append(Group(inline(ctx.tr(objective.text)), bars))
        return _figure(name, s["achievement_chart"], s["achievement_chart_caption"], groups, ctx, reference=100)
    raise KeyError(name)


def percent(value: float | None, lang: str) -> str:
    """54.83 → "54,83 %" (es) / "54.83%" (en): the locale's own percent pattern, two decimals at most."""
    if value is None:
        return "—"
    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("#,##0", "#,##0.##", 1)
    return format_percent(value / 100, format=pattern, locale=lang)


def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=lang)


def _figure(name: str, title: str, caption: str, groups: list[Group], ctx, reference: float | None) -> str:
    lang, s = ctx.lang, ctx.s
    values = [b.value for g in groups for b in g.bars if b.value is not None]
    maximum = max(values + [reference or 0, 1])
    rows = []
    for index, group in enumerate(groups):
        if group.title:
            rows.append(f'<p class="rg-chart-group">{escape(group.title)}</p>')
        color = COLORS[index % len(COLORS)]
        rows += [_row(bar, maximum, color, reference, lang) for bar in group.bars]
    described = "; ".join(f"{b.label}: {percent(b.value, lang)}" for g in groups for b in g.bars)
    alternative = s["chart_alternative"].format(title=title, values=described)
    if reference is not None:
        alternative += " " + s["chart_reference_line"].format(value=percent(reference, lang))
    caption = caption.format(reference=percent(reference, lang) if reference is not None else "")
    return (f'<figure class="rg-figure rg-chart" id="chart-{name}">'
            f'<div class="rg-bars" role="img" aria-label="{escape(alternative)}">{"".join(rows)}</div>'
            f'<figcaption>{escape(caption)}</figcaption>{_data_table(groups, ctx)}</figure>\n')


def _row(bar: Bar, maximum: float, color: str, reference: float | None, lang: str) -> str:
    width = 0 if bar.value is None else max(bar.value / maximum * 100, 0.3)
    marks = f'<rect class="rg-chart-bar" x="0" y="0" width="{width:.2f}" height="10" fill="{color}"/>'
    if reference is not None:
        x = reference / maximum * 100 - REFERENCE_WIDTH / 2
        marks += f'<rect class="rg-chart-reference" x="{x:.2f}" y="0" width="{REFERENCE_WIDTH}" height="10"/>'
    return (f'<div class="rg-chart-row"><span class="rg-chart-label">{escape(bar.label)}</span>'
            f'<span class="rg-chart-plot"><svg viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'xmlns="http://www.w3.org/2000/svg">{marks}</svg>'
            f'<span class="rg-chart-value">{escape(percent(bar.value, lang))}</span></span></div>')


def _data_table(groups: list[Group], ctx) -> str:
    s = ctx.s
    rows = "".join(f"<tr><td>{escape(g.title)}</td><td>{escape(b.label)}</td>"
                   f"<td>{escape(percent(b.value, ctx.lang))}</td></tr>" for g in groups for b in g.bars)
    return (f'<details class="rg-chart-data"><summary>{escape(s["chart_data"])}</summary>'
            f'<div class="rg-scroll" tabindex="0" role="region" aria-label="{escape(s["chart_data"])}">'
            f'<table class="rg-table"><thead><tr><th scope="col">{escape(s["group"])}</th>'
            f'<th scope="col">{escape(s["label"])}</th><th scope="col">{escape(s["value"])}</th></tr>'
            f'</thead><tbody>{rows}</tbody></table></div></details>')
