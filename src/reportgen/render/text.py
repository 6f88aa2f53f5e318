"""Turn a content text into Markdown that is safe to place in a generated page.

Content is untrusted: raw HTML is escaped so it shows as text, `[[ID]]`
references become links to the item in the reader's language, and embed
lines (`[[table:NAME]]`) are replaced by generated Markdown.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..content.markdown import REFERENCE

# `<https://…>` autolinks are Markdown, not HTML: keep them.
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_SCHEME = r"(?:javascript|vbscript|data|file)\s*:"
# An inline link to a script URL, with one level of parentheses inside: [x](javascript:alert(1))
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*" + _SCHEME + r"[^()\s]*(?:\([^()]*\)[^()\s]*)*\)", re.IGNORECASE)
# A reference definition to one: [x]: javascript:alert(1)
_UNSAFE_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)<?\s*" + _SCHEME + r".*$", re.IGNORECASE | re.MULTILINE)


def escape_html(body: str) -> str:
    """Make raw HTML inert while leaving Markdown (and autolinks) alone."""
    parts = []
    position = 0
    for match in _AUTOLINK.finditer(body):
        parts.append(body[position:match.start()].replace("<", "&lt;"))
        parts.append(match.group(0))
        position = match.end()
    parts.append(body[position:].replace("<", "&lt;"))
    text = "".join(parts)
    # Links to script URLs lose their target but keep their words.
    text = _UNSAFE_REFERENCE.sub(r"\1#", _UNSAFE_LINK.sub("](#)", text))
    # "{" would start a Markdown attribute list ({: onclick=...}): content never sets attributes.
    return text.replace("{", "&#123;")


def render_text(body: str | None, ctx, embeds: bool = False) -> Markup:
    """Content Markdown -> page Markdown (Markup, so templates do not escape it twice)."""
    if not body:
        return Markup("")
    text = escape_html(body)

    def replace(match: re.Match) -> str:
        kind, target = match.group(1), match.group(2)
        if kind:
            if not embeds:
                return ""
            return ctx.embed(f"{kind}:{target}")
        return ctx.link(target)

    return Markup(REFERENCE.sub(replace, text))


def inline(body: str | None) -> str:
    """A one-line text for headings, table cells and titles: newlines folded."""
    return " ".join((body or "").split())


def attribute(value: str) -> str:
    return str(escape(value))
