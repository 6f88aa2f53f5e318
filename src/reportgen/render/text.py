"""Turn a content text into Markdown that is safe to place in a generated page.

Content is untrusted: raw HTML is escaped so it shows as text, `[[ID]]`
references become links to the item in the reader's language, and embed
lines (`[[table:NAME]]`) are replaced by generated Markdown.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import Callable

from markupsafe import Markup, escape

from ..content.markdown import REFERENCE
from ..i18n import Texts, language_name as language_name, localized as localized  # long imported from here

# `<https://…>` autolinks are Markdown, not HTML: keep them.
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
# An inline link's destination, with one level of parentheses inside: [x](javascript:alert(1))
_INLINE_TARGET = re.compile(r"\]\(\s*(<?[^()\s]*(?:\([^()]*\)[^()\s]*)*)")
# A reference definition: [x]: javascript:alert(1)
_REFERENCE_TARGET = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)


def _is_unsafe(target: str) -> bool:
    """Markdown decodes entities and the browser drops blanks and controls: compare as it will."""
    decoded = html.unescape(target.lstrip("<"))
    squeezed = "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace()).lower()
    return squeezed.startswith(_UNSAFE_SCHEMES)


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
    text = _INLINE_TARGET.sub(lambda m: "](#" if _is_unsafe(m.group(1)) else m.group(0), text)
    text = _REFERENCE_TARGET.sub(lambda m: m.group(1) + "#" if _is_unsafe(m.group(2)) else m.group(0), text)
    # "{" would start a Markdown attribute list ({: onclick=...}): content never sets attributes.
    return text.replace("{", "&#123;")


_NUMBERED_LINE = re.compile(r"^(\d{1,4})\.[ \t]+(?=\S)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def _number_mark(number: str) -> str:
    return f'<span class="rg-para-number" id="para-{number}">{number}.</span> '


def number_paragraphs(text: str, mark: Callable[[str], str] = _number_mark) -> str:
    """"85. The project…" is paragraph 85 of the report, not item 1 of a list.

    A line that starts with a number and a full stop starts a numbered paragraph, which keeps
    its number, visibly and as an anchor (#para-85) that a reviewer can link to, whatever the
    blank lines: "50. …" "51. …" "52. …" on consecutive lines (how converted PDFs look) are three
    paragraphs, not a list numbered 1, 2, 3. A numbered line inside a block continues a run
    (its number is the previous one plus one) or it stays text. A run that starts at 1 and has
    more than one line is a real list and is left alone. `mark(number)` replaces the "85. "
    (other writers, e.g. Word, mark it their own way).
    """
    lines = text.split("\n")
    out: list[str] = []
    run: list[int] = []          # the numbers of the current block's numbered lines
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _NUMBERED_LINE.match(line)
        if not line.strip():
            run = []
        elif match:
            number = int(match.group(1))
            block_start = not out or not out[-1].strip()
            if (block_start or (run and number == run[-1] + 1)) and not _opens_list(lines, index, number, run):
                if not block_start:
                    out.append("")
                out.append(mark(str(number)) + line[match.end():])
                run.append(number)
                continue
        out.append(line)
    return "\n".join(out)


def _opens_list(lines: list[str], index: int, number: int, run: list[int]) -> bool:
    """"1." followed on the next line by "2.": a list, kept as one."""
    if run or number != 1 or index + 1 >= len(lines):
        return False
    following = _NUMBERED_LINE.match(lines[index + 1])
    return following is not None and following.group(1) == "2"


def render_text(body: str | None, link: Callable[[str], str], embed: Callable[[str], str] | None = None,
                numbered: bool = False) -> Markup:
    """Content Markdown -> page Markdown (Markup, so templates do not escape it twice).

    `link(ID)` writes a `[[ID]]` reference; `embed("table:ID")` an embed line, which is dropped
    where no `embed` is given (one-line texts); `numbered`: the project numbers its paragraphs.
    """
    if not body:
        return Markup("")
    text = escape_html(body)
    if numbered:
        text = number_paragraphs(text)

    def replace(match: re.Match[str]) -> str:
        kind, target = match.group(1), match.group(2)
        if kind:
            return embed(f"{kind}:{target}") if embed is not None else ""
        return link(target)

    # As `check` reads them: a `[[…]]` inside code (a span or a fenced block) is text, not a reference.
    parts, position = [], 0
    for code in _CODE.finditer(text):
        parts += [REFERENCE.sub(replace, text[position:code.start()]), code.group(0)]
        position = code.end()
    return Markup("".join(parts) + REFERENCE.sub(replace, text[position:]))


# A code span (`…`, ``…``) or a fenced block (```…```, ~~~…~~~), as far as `[[…]]` is concerned.
_CODE = re.compile(r"^\s{0,3}(```|~~~).*?^\s{0,3}\1|(`+)(?!`).*?(?<!`)\2(?!`)", re.S | re.M)


def inline(body: str | None) -> str:
    """A one-line text for headings, table cells and titles: newlines folded."""
    return " ".join((body or "").split())


def short_title(title: str, limit: int = 60) -> str:
    """A title cut at a word to fit a running header: "Alianzas en Acción para … …"."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:·-–")
    return cut + " …"


def css_string(text: str) -> str:
    """A quoted CSS string that is safe inside a <style> element (content comes from many hands)."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,;:·—–-/()?!'":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


# Dates as content writes them: ISO, or a day and an English month ("06 December 2024").
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%B %Y")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")


def local_date(text: str, lang: str) -> str:
    """A date in the page's language ("6 de diciembre de 2024"); other text is returned as it is."""
    from babel.dates import format_date

    value = " ".join(str(text).split())
    for fmt in _DATE_FORMATS:
        try:
            day = _parse_english_date(value, fmt)
        except ValueError:
            continue
        month_only = fmt in ("%B %Y", "%Y-%m")
        return format_date(day, "MMMM y" if month_only else "long", locale=lang)
    return str(text)


def _parse_english_date(value: str, fmt: str) -> datetime.date:
    """strptime with English month names whatever the process locale is."""
    if "%B" in fmt or "%b" in fmt:
        words = value.replace(",", " ").split()
        month = next((i for i, m in enumerate(_MONTHS, 1) for w in words
                      if w.lower() in (m, m[:3])), None)
        if month is None:
            raise ValueError(value)
        numbers = [int(w) for w in words if w.isdigit()]
        if fmt == "%B %Y" and len(words) == 2 and len(numbers) == 1:
            return datetime.date(numbers[0], month, 1)
        if fmt != "%B %Y" and len(words) == 3 and len(numbers) == 2:
            day, year = sorted(numbers)
            return datetime.date(year, month, day)
        raise ValueError(value)
    return datetime.datetime.strptime(value, fmt).date()


def in_language(html: Markup, lang: str | None, page_lang: str, block: bool = False, mark: Markup | None = None,
                attributes: str = "") -> Markup:
    """A passage in another language than the page's, marked with it (WCAG 3.1.2): a `<span lang>` around
    a one-line text, a `<div lang markdown="block">` around blocks. `mark`, after a line or before the
    blocks, says (in the page's language) that the passage is there for want of a translation. The one
    way every such passage is written: table columns and glossary quotes in their language, YAML texts
    and Markdown files shown in the original language."""
    if not lang or lang == page_lang or not str(html).strip():
        return html
    if block:
        before = Markup('<p class="rg-untranslated-note">') + mark + Markup("</p>\n\n") if mark else Markup("")
        return (before + Markup(f'<div lang="{escape(lang)}" markdown="block"{attributes}>\n\n') + html
                + Markup("\n\n</div>"))
    return Markup(f'<span lang="{escape(lang)}">') + html + Markup("</span>") + (Markup(" ") + mark if mark else "")


def untranslated_mark(texts: Texts, lang: str) -> Markup:
    """The discreet mark of a text shown in the original language ("(es)"), its explanation as a
    tooltip ("Not translated yet: shown in Spanish"); interface texts, in the page's language."""
    s = texts.s
    title = s["untranslated_mark_title"].format(language=texts.language_name(lang))
    shown = s["untranslated_mark"].format(code=lang)
    return Markup(f'<small class="rg-untranslated" title="{escape(title)}">{escape(shown)}</small>')
