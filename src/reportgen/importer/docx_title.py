"""A Word document's Title and Subtitle paragraphs, which pandoc moves into its metadata (and so
out of the Markdown the importer reads): given back as a heading and a paragraph at the top.

Only the start of word/document.xml is read (the title opens a document): the first
`MAX_PARAGRAPHS` paragraphs, streamed, so that a large or hostile file costs nothing more.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PARAGRAPHS = 40
STYLES = {"title": "title", "subtitle": "subtitle"}


def title_markdown(path: Path) -> str:
    """'# Title\\n\\nSubtitle\\n\\n' for the document's Title/Subtitle paragraphs ('' when none)."""
    from lxml import etree

    found: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
            seen = 0
            for _, element in etree.iterparse(stream, events=("end",), tag=f"{W}p", resolve_entities=False,
                                              no_network=True, huge_tree=False):
                seen += 1
                style = element.find(f"{W}pPr/{W}pStyle")
                kind = STYLES.get((style.get(f"{W}val") or "").lower()) if style is not None else None
                text = "".join(t.text or "" for t in element.iter(f"{W}t")).strip()
                if kind and text:
                    found.append((kind, text))
                element.clear()
                if seen >= MAX_PARAGRAPHS:
                    break
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ""  # the reader proper says what is wrong with the file
    return "".join(f"# {text}\n\n" if kind == "title" else f"{text}\n\n" for kind, text in found)
