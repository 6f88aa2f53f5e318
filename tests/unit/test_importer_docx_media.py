"""A Word file's figures (importer/docx_media.py, run.place_figures): the picture kept with its caption,
pictures browsers do not show converted or said, a figure in a one-line text said, never a file lost."""

from __future__ import annotations

import io
import shutil
import struct
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from import_wordreal import _png  # noqa: E402

from reportgen.importer import docx_media  # noqa: E402
from reportgen.importer.docx_media import FIGURE_URL, figures, file_names, image_kind  # noqa: E402
from reportgen.importer.docx_reader import docx_to_markdown  # noqa: E402
from reportgen.importer.record import ImportRecord  # noqa: E402
from reportgen.importer.run import place_figures  # noqa: E402

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def _docx(path: Path, *paragraphs: str | bytes) -> Path:
    """A Word file of paragraphs; bytes are a picture in a paragraph of its own."""
    document = Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, bytes):
            document.add_picture(io.BytesIO(paragraph))
        else:
            document.add_paragraph(paragraph)
    document.save(path)
    return path


def _swap_pictures(path: Path, data: bytes, suffix: str) -> Path:
    """The same file with every picture's bytes replaced (a format python-docx cannot insert)."""
    out = path.with_name(f"swapped-{suffix}.docx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, data if entry.filename.startswith("word/media/") else source.read(entry))
    return out


def _emf(width: int = 80, height: int = 40) -> bytes:
    """A minimal Windows metafile: its header, a rectangle, its end."""
    rectangle = struct.pack("<II4i", 43, 24, 0, 0, width, height)
    end = struct.pack("<IIIII", 14, 20, 0, 16, 20)
    header = struct.pack("<II4i4iIIIIHHIII2i2i", 1, 88, 0, 0, width, height, 0, 0, 2117, 1058, 0x464D4520, 0x10000,
                         88 + len(rectangle) + len(end), 3, 1, 0, 0, 0, 0, 1024, 768, 320, 240)
    return header + rectangle + end


def _read(path: Path) -> tuple[str, dict]:
    return figures(docx_to_markdown(path), path)


@needs_pandoc
def test_a_picture_becomes_a_figure_with_the_caption_below_it(tmp_path):
    path = _docx(tmp_path / "f.docx", "Some text.", _png(40, 20), "Gráfico 2: Inspecciones por región", "More text.")
    markdown, found = _read(path)
    assert f"![Gráfico 2: Inspecciones por región]({FIGURE_URL}1)" in markdown
    assert "<img" not in markdown and found[1].data == _png(40, 20) and found[1].suffix == "png"
    assert file_names(found) == {1: "figures/figure-2.png"}


@needs_pandoc
def test_the_caption_above_serves_when_none_is_below(tmp_path):
    path = _docx(tmp_path / "f.docx", "Graphique 1 – Inspections par région", _png(40, 20), "The project trained inspectors.")
    markdown, found = _read(path)
    assert f"![Graphique 1 – Inspections par région]({FIGURE_URL}1)" in markdown
    assert file_names(found) == {1: "figures/figure-1.png"}


@needs_pandoc
def test_pictures_without_a_numbered_caption_or_sharing_one_are_named_by_order(tmp_path):
    path = _docx(tmp_path / "f.docx", _png(40, 20), "A photo of the workshop.", "Text.", _png(30, 20),
                 "Figure 1: First", "Text.", _png(20, 20), "Figure 1: Second, numbered alike")
    _, found = _read(path)
    assert file_names(found) == {1: "figures/picture-1.png", 2: "figures/figure-1.png", 3: "figures/picture-3.png"}


@needs_pandoc
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_metafile_is_converted_to_png(tmp_path):
    path = _swap_pictures(_docx(tmp_path / "f.docx", _png(40, 20), "Figure 4: A chart drawn in Excel"), _emf(), "emf")
    assert image_kind(_emf()) == "emf"
    markdown, found = _read(path)
    assert f"![Figure 4: A chart drawn in Excel]({FIGURE_URL}1)" in markdown
    assert found[1].suffix == "png" and image_kind(found[1].data) == "png"
    assert struct.unpack(">II", found[1].data[16:24]) == (80, 40)


@needs_pandoc
def test_a_metafile_without_libreoffice_is_said_not_dropped(tmp_path, monkeypatch):
    path = _swap_pictures(_docx(tmp_path / "f.docx", _png(40, 20), "Figure 4: A chart"), _emf(), "emf")
    markdown = docx_to_markdown(path)
    monkeypatch.setattr(docx_media.shutil, "which", lambda name: None)
    markdown, found = figures(markdown, path)
    assert not found and 'data-left-out="its format (EMF) is not shown by browsers' in markdown


@needs_pandoc
def test_an_svg_that_runs_scripts_and_pictures_beyond_the_limit_are_left_out(tmp_path, monkeypatch):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"/>'
    assert image_kind(svg) == "svg with scripts"
    assert image_kind(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>') == "svg"
    monkeypatch.setattr(docx_media, "MAX_FIGURES", 1)
    path = _docx(tmp_path / "f.docx", _png(40, 20), "Figure 1: One", "Text.", _png(30, 20), "Figure 2: Two")
    markdown, found = _read(path)
    assert len(found) == 1 and "more than 1 pictures in one report" in markdown


def test_figures_are_placed_in_markdown_files_and_said_in_one_line_texts():
    found = {1: docx_media.Figure(1, b"one", "png", "3"), 2: docx_media.Figure(2, b"two", "jpg", "")}
    out = {"content/summary.en.md": f"Text.\n\n![Figure 3: Map]({FIGURE_URL}1)\n",
           "content/findings/S1.en.md": f"![Figure 3: Map]({FIGURE_URL}1)\n",
           "content/conclusions.yaml": f"text: The map ![Photo]({FIGURE_URL}2) shows it.\n"}
    lines = ["x", f"![Photo]({FIGURE_URL}2)"]
    record = ImportRecord()
    files = place_figures(out, found, lines, record)
    assert files["content/summary.en.md"] == "Text.\n\n![Figure 3: Map](figures/figure-3.png)\n"
    assert files["content/findings/S1.en.md"] == "![Figure 3: Map](../figures/figure-3.png)\n"
    assert files["content/conclusions.yaml"] == "text: The map shows it.\n"
    assert files["content/figures/figure-3.png"] == b"one" and "content/figures/picture-2.jpg" not in files
    assert [(entry.line, entry.text[:20]) for entry in record.left_out] == [(2, "an image ('Photo'): ")]
    assert record.found["figures (pictures)"] == 1
