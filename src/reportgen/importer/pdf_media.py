"""A PDF's pictures as the import's figures: the PDF reader leaves a placeholder paragraph
(`<img src="pdf-picture:K">`) where each picture stands in reading order, with the picture drawn as the
page shows it (pdf_lines.pictures); here each becomes a figure with its caption ("Figure 3. …", the
paragraph below the picture or above it), as a Word file's pictures do (docx_media.py)."""

from __future__ import annotations

import re

from .docx_media import MAX_FIGURE_BYTES, MAX_FIGURES, Figure, placed_figure

PICTURE_URL = "pdf-picture:"
_PLACEHOLDER = re.compile(r'<img src="' + re.escape(PICTURE_URL) + r'(\d+)">')


def pdf_figures(markdown: str, pictures: list[bytes]) -> tuple[str, dict[int, Figure]]:
    """The Markdown with each picture's placeholder made a figure's image, and those figures."""
    paragraphs = markdown.split("\n\n")
    found: dict[int, Figure] = {}
    for index, paragraph in enumerate(paragraphs):
        match = _PLACEHOLDER.fullmatch(paragraph.strip())
        if not match:
            continue
        data = pictures[int(match.group(1))]
        why = (f"more than {MAX_FIGURES} pictures in one report; add the others by hand" if len(found) >= MAX_FIGURES
               else "larger than a figure of a report; add a smaller copy by hand" if len(data) > MAX_FIGURE_BYTES
               else "")
        paragraphs[index] = (f'<img alt="" data-left-out="{why}">' if why
                             else placed_figure(paragraphs, index, found, data, "png")[1])
    return "\n\n".join(paragraphs), found
