"""The last line of defence: every page's HTML passes an allow-list sanitiser (nh3).

Content text is already escaped before Markdown sees it; this pass makes sure
that whatever Markdown, an extension or a template produced, no script, event
handler or `javascript:`/`data:` URL reaches the reader. The allow-list keeps
what a report needs: tables, emphasis, footnotes, links, details, abbreviations,
the explorer's form and the build-time SVG charts.
"""

from __future__ import annotations

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {
    "abbr", "details", "summary", "figure", "figcaption", "form", "label", "select", "option", "output",
    "button", "del", "ins", "small", "sup", "sub", "span", "div", "section", "caption", "col", "colgroup", "hr", "br",
    "svg", "g", "title", "desc", "rect", "line", "text", "tspan", "path", "circle", "img", "time", "mark", "thead", "tbody", "tfoot",
}
TAGS -= {"script", "style", "iframe", "object", "embed"}

ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"},
    "a": {"href", "hreflang", "download", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "rowspan", "colspan", "headers"},
    "td": {"rowspan", "colspan", "headers"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "option": {"value", "selected"},
    "select": {"name", "disabled"},
    "button": {"type", "disabled"},
    "label": {"for"},
    "output": {"for"},
    "time": {"datetime"},
    "svg": {"viewbox", "viewBox", "xmlns", "width", "height", "preserveaspectratio", "preserveAspectRatio"},
    "rect": {"x", "y", "width", "height", "fill", "rx"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width", "stroke-dasharray"},
    "text": {"x", "y", "text-anchor", "dominant-baseline"},
    "tspan": {"x", "y"},
    "path": {"d", "fill", "stroke", "stroke-width"},   # pie slices: coordinates only, no URL can hide in them
    "circle": {"cx", "cy", "r", "fill", "stroke", "stroke-width"},
    "g": {"transform"},
}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
