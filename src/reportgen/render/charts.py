"""Charts drawn at build time as static, accessible SVG (no chart library, no network).

Each chart is a horizontal bar chart with a title, a text description for
screen readers, and the data table beside it (in a collapsible block).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from .text import inline

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 330
PLOT_WIDTH = 380
VALUE_WIDTH = 60
WIDTH = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
GROUP_HEADER = 26
COLORS = ("#1f5f99", "#b3541e", "#2e7d32")  # contrast >= 4.5:1 on white


@dataclass
class Bar:
    label: str                # full text: the description and the data table
    value: float | None
    anchor: str = ""

    @property
    def short(self) -> str:   # what fits beside the bar
        return _short(self.label)


@dataclass
class Group:
    title: str
    bars: list[Bar]


def render_chart(name: str, ctx) -> str:
    if name == "budget-components":
        groups = [Group("", [Bar(inline(ctx.tr(c.label)), c.percent, c.id) for c in ctx.content.budget_components])]
        return _figure(name, ctx.s["budget_components"], groups, ctx, reference=None, unit="%")
    if name == "outcome-indicators":
        groups = []
        for objective in ctx.content.objectives:
            bars = [Bar(inline(ctx.tr(i.indicator)), i.achievement, i.id)
                    for i in ctx.content.indicators if i.objective == objective.id]
            groups.append(Group(inline(ctx.tr(objective.text)), bars))
        title = ctx.s["achievement_chart"]
        return _figure(name, title, groups, ctx, reference=100, unit="%")
    raise KeyError(name)


def _short(text: str, limit: int = 52) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure(name: str, title: str, groups: list[Group], ctx, reference: float | None, unit: str) -> str:
    values = [b.value for g in groups for b in g.bars if b.value is not None]
    maximum = max(values + [reference or 0, 1])
    scale = PLOT_WIDTH / maximum
    rows: list[str] = []
    y = 4
    for index, group in enumerate(groups):
        if group.title:  # above the bars, on its own line, cut to the chart's width
            rows.append(f'<text x="0" y="{y + 16}" class="rg-chart-group">{escape(_short(group.title, 110))}</text>')
            y += GROUP_HEADER
        color = COLORS[index % len(COLORS)]
        for bar in group.bars:
            width = 0 if bar.value is None else max(bar.value * scale, 1)
            value_text = "—" if bar.value is None else f"{bar.value:g}{unit}"
            rows.append(
                f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" class="rg-chart-label">'
                f'{escape(bar.short)}</text>'
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{color}"/>'
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 15}" class="rg-chart-value">{value_text}</text>')
            y += BAR_HEIGHT + GAP
    height = y + 6
    if reference is not None:  # the target line, labelled below the last bar
        x = LABEL_WIDTH + reference * scale
        # Drawn first, so group titles and bars sit on top of it.
        rows.insert(0, f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="rg-chart-reference"/>'
                       f'<text x="{x + 3:.1f}" y="{height + 14}" class="rg-chart-reference-label">{reference:g}{unit}</text>')
        height += 18
    description = "; ".join(f"{b.label}: {'—' if b.value is None else f'{b.value:g}{unit}'}"
                            for g in groups for b in g.bars)
    svg = (f'<svg class="rg-chart" role="img" viewBox="0 0 {WIDTH + 60} {height}" '
           f'aria-labelledby="chart-{name}-title chart-{name}-desc" xmlns="http://www.w3.org/2000/svg">'
           f'<title id="chart-{name}-title">{escape(title)}</title>'
           f'<desc id="chart-{name}-desc">{escape(description)}</desc>' + "".join(rows) + "</svg>")
    table_rows = "".join(
        f"<tr><td>{escape(g.title)}</td><td>{escape(b.label)}</td>"
        f"<td>{'—' if b.value is None else f'{b.value:g}{unit}'}</td></tr>"
        for g in groups for b in g.bars)
    data = (f'<details class="rg-chart-data"><summary>{escape(ctx.s["chart_data"])}</summary>'
            f'<table><thead><tr><th scope="col">{escape(ctx.s["group"])}</th>'
            f'<th scope="col">{escape(ctx.s["label"])}</th><th scope="col">{escape(ctx.s["value"])}</th></tr>'
            f'</thead><tbody>{table_rows}</tbody></table></details>')
    return f'<figure class="rg-figure" id="chart-{name}">{svg}<figcaption>{escape(title)}</figcaption>{data}</figure>\n'
