"""The HTML reader: a report saved as a web page (.html) -> Markdown lines.

lxml parses the page (any HTML a browser opens, however broken) and keeps its main text: the
page's `<main>`/`<article>` when it has one, else its `<body>`, without navigation, scripts,
styles, forms or the permalink marks of generated sites (`¶`). Footnotes as Python-Markdown,
pandoc and Word write them (a reference `<sup><a href="#fn:3">` and a list of notes) become
Markdown footnotes `[^3]` with their definitions. pandoc then writes the rest as Markdown
(headings, emphasis, links, lists, tables), as for a .docx, so everything after this step is
the same whatever the source was.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from ..xmltypes import HtmlElement, XmlElement
from .docx_reader import bounded_pandoc  # the same bounds as for a Word file
from .errors import SourceError

# Elements that are never the report's text.
_DROP = ("script", "style", "noscript", "template", "nav", "form", "button", "input", "select",
         "textarea", "svg", "iframe", "object", "header", "footer", "aside", "dialog")
# The marks a generated page adds after each heading ("¶", "#") and after each note ("↩").
_DROP_CLASSES = ("headerlink", "footnote-backref", "reversefootnote", "footnote-back", "md-source",
                 "md-header", "md-footer", "md-sidebar", "md-search", "md-dialog", "md-skip")
_NOTE_TOKEN = "RGNOTE{}RGEND"
_WEB_LINK = re.compile(r"^(?:https?:|mailto:|ftp:)", re.I)
_NOTE_TOKEN_RE = re.compile(r"RGNOTE([A-Za-z0-9_.-]+?)RGEND(:?)")
_NOTE_TARGET = re.compile(r"^#(?:fn[:\-_.]?|footnote[:\-_.]?|ftn)([A-Za-z0-9_.-]+)$", re.I)
_NOTE_ID = re.compile(r"^(?:fn[:\-_.]?|footnote[:\-_.]?|ftn)([A-Za-z0-9_.-]+)$", re.I)


# A link to an anchor of the same document ("[C1](#c1)", "[F2](#rg_F2)"): the import makes its own
# pages and anchors, so such a link keeps its words only (web links are kept as they are).
_INTERNAL_LINK = re.compile(r"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]\(#[^)\s]*(?:\s+\"[^\"\n]*\")?\)")


_URL_LINK = re.compile(r"(?<!!)\[(?P<text>(?:https?|ftp)://[^\]\s]+)\]\((?P<url>[^)\s]+)\)")


def unlink_internal(markdown: str) -> str:
    """Markdown with its links to anchors of the same document replaced by their words, and a web
    link whose words are its address written as the address (`<https://…>`), as the author did."""
    markdown = _INTERNAL_LINK.sub(lambda m: m.group(1), markdown)
    return _URL_LINK.sub(lambda m: f"<{m.group('text')}>" if unquote(m.group("url")) == unquote(m.group("text"))
                         else m.group(0), markdown)


def read_html(path: Path, data: bytes) -> str:
    """The page's main text as Markdown (SourceError with a reason when it has none)."""
    try:
        from lxml import etree, html as lxml_html
    except ImportError:  # pragma: no cover - lxml is a dependency
        raise SourceError("lxml is needed to read .html files and was not found (pip install lxml)") from None
    parser = lxml_html.HTMLParser()
    try:
        document = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"{path}: not an HTML page lxml can read ({exc}); save the page again from a browser") from None
    for error in parser.error_log:
        if "Excessive depth" in error.message:  # lxml stops there and drops the rest without a word
            raise SourceError(f"{path}:{error.line}: the page's elements are nested more than 256 deep, which no "
                              "report's page is (a page built to break readers?); lxml stops reading there: "
                              "save the report from its source as .docx or .md and import that")
    root = _main(document)
    for element in list(root.iter(*_DROP)):
        _remove(element)
    for element in list(root.iter()):
        classes = set((element.get("class") or "").split())
        if classes & set(_DROP_CLASSES):
            _remove(element)
    _footnotes(root)
    _captions_above(root)
    for link in list(root.iter("a")):
        # A link into the page's own site ("../annexes/ANX2/", "#c1"): the import makes its own
        # pages, so the link keeps its words. Web and mail links are kept.
        if not _WEB_LINK.match(link.get("href") or ""):
            link.drop_tag()
    body = etree.tostring(root, encoding="unicode", method="html")
    markdown = _pandoc(path, body)
    markdown = unlink_internal(_NOTE_TOKEN_RE.sub(lambda m: f"[^{m.group(1)}]{m.group(2)}", markdown))
    markdown = re.sub(r"[ \t\u00a0]+$", "", markdown, flags=re.M)
    if not markdown.strip():
        raise SourceError(f"{path}: the page has no text (only navigation or scripts?)")
    return markdown


def _main(document: HtmlElement) -> HtmlElement:
    for xpath in ("//article", "//main", "//*[@role='main']", "//body"):
        found = document.xpath(xpath)
        if found:
            # The longest candidate: a site's page has one article; a print page may have several.
            return max(found, key=lambda e: len(e.text_content())) if xpath == "//article" else found[0]
    return document


def _captions_above(root: HtmlElement) -> None:
    """A table's `<caption>` as the paragraph above the table, where a printed report has it and the
    table reader looks for "Table 3. …" (pandoc would write it after the table)."""
    for caption in list(root.iter("caption")):
        table = caption.getparent()
        if table is None or table.getparent() is None:
            continue
        paragraph = caption.makeelement("p", {})
        paragraph.text = caption.text
        for child in caption:
            paragraph.append(child)
        table.remove(caption)
        table.addprevious(paragraph)


def _remove(element: XmlElement) -> None:
    """Drop an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _footnotes(root: HtmlElement) -> None:
    """Footnote references and definitions -> tokens pandoc leaves alone, made [^N] afterwards."""
    from lxml import etree

    notes: dict[str, HtmlElement] = {}
    for item in root.iter("li", "div", "p", "aside"):
        match = _NOTE_ID.match(item.get("id") or "")
        if match and not (item.get("id") or "").lower().startswith(("fnref", "footnote-ref")):
            notes[match.group(1)] = item
    if not notes:
        return
    for link in list(root.iter("a")):
        match = _NOTE_TARGET.match(link.get("href") or "")
        if not match or match.group(1) not in notes:
            continue
        parent = link.getparent()
        holder = parent if parent is not None and parent.tag == "sup" else link
        holder.tail = _NOTE_TOKEN.format(match.group(1)) + (holder.tail or "")
        _remove(holder)
    containers: set[XmlElement] = set()
    for number, item in notes.items():
        paragraphs = [etree.tostring(child, encoding="unicode", method="html") for child in item]
        if not paragraphs:  # the note's text sits directly in the list item
            paragraphs = [f"<p>{etree.tostring(item, encoding='unicode', method='html')}</p>"]
        text = " ".join(lxml_text(p) for p in paragraphs)
        definition = item.makeelement("p", {})
        definition.text = _NOTE_TOKEN.format(number) + ": "
        # Keep the note's own inline markup: move the children of its first paragraph.
        first = item[0] if len(item) and item[0].tag == "p" else None
        if first is not None and len(item) == 1:
            definition.text += first.text or ""
            for child in list(first):
                definition.append(child)
        else:
            definition.text += text
        container = item.getparent()
        if container is not None:
            containers.add(container)
            container.addprevious(definition)
    for container in containers:
        # The list of notes has been moved out as definitions; its rule (<hr>) and list go.
        above = container.getparent()
        if above is not None:
            for child in list(above):
                if child.tag == "hr":
                    _remove(child)
        _remove(container)


def lxml_text(fragment: str) -> str:
    from lxml import html as lxml_html

    return " ".join(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def _pandoc(path: Path, body: str) -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise SourceError("pandoc is needed to read .html files and was not found "
                          "(install the Debian package 'pandoc': scripts/setup.sh does it)")
    return bounded_pandoc([pandoc, "--from=html-native_divs-native_spans", "--to=gfm+footnotes", "--wrap=none"],
                          path, "this page", split="split the page, or save the report in another format",
                          stdin=body)
