"""A Word file's figures: the pictures pandoc names (`<img src="media/image3.png" …>`), taken from the
archive (already bounded by docx_reader.check_archive), kept when a browser shows them.

Each picture becomes a Markdown image whose destination is a placeholder, `reportgen-figure:N`
(`FIGURE_URL`), with its caption ("Figure 3. …", "Gráfico 2: …", "Graphique 1 –", the paragraph
below the picture, or above it) as its alt text: the importer only knows later which file of the
project the text goes to, and writes the picture and its path then (run.py). A picture in a format
browsers do not show (EMF, WMF, TIFF…) is converted to PNG when LibreOffice is on the machine, else
it stays an `<img>` tag whose `data-left-out` says why, which IMPORT.md reports with its line.
"""

from __future__ import annotations

import base64
import html
import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# At most this many pictures, each at most this large, are kept (a report has tens, of a few hundred KB).
MAX_FIGURES = 300
MAX_FIGURE_BYTES = 16 * 1024 * 1024
CONVERT_TIMEOUT = 60
FIGURE_URL = "reportgen-figure:"
# A figure's Markdown image as the importer writes it (alt text, placeholder destination).
FIGURE = re.compile(r"!\[([^\]\n]*)\]\(" + re.escape(FIGURE_URL) + r"(\d+)\)")

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((media/[^)\s]+)\)")
_ATTRIBUTE = re.compile(r'\b(src|alt)="([^"]*)"')
# "Figure 3. …", "Fig. 3:", "Gráfico 2: …", "Graphique 1 – …", "Carte 2", "Mapa 1", "Photo 4"… (not tables).
CAPTION = re.compile(r"^\**\s*(?:Figure|Fig\.|Figura|Gráfico|Grafico|Graphique|Graph|Chart|Diagram|Diagrama|"
                     r"Diagramme|Map|Mapa|Carte|Photo|Foto|Picture|Illustration|Ilustración|Imagen|Image|Box|"
                     r"Encadré|Recuadro)\s*(\d{1,3})\b\s*\**\s*[:.\-–—]?", re.I)
_CONVERTIBLE = {"emf", "wmf", "tiff", "bmp"}
SHOWN = ("png", "jpg", "gif", "svg")


@dataclass
class Figure:
    number: int          # the placeholder's N, in order of the document
    data: bytes
    suffix: str          # "png", "jpg", "gif", "svg"
    caption_number: str  # the caption's own number ("3"), "" when the picture has no numbered caption


def figures(markdown: str, source: Path) -> tuple[str, dict[int, Figure]]:
    """The Markdown with every picture a browser can show as a placeholder image, and those pictures."""
    paragraphs = markdown.split("\n\n")
    found: dict[int, Figure] = {}
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        pictures: dict[str, tuple[bytes, str]] = {}  # part -> (data, format), each part read once

        def picture(src: str) -> str | None:
            part = _part(src, names)
            if part is not None and part not in pictures:
                info = archive.getinfo(part)
                data = archive.read(part) if info.file_size <= MAX_FIGURE_BYTES else b""
                pictures[part] = (data, image_kind(data, part) if data else "too large")
            return part

        def replace(src: str, alt: str, index: int, original: str) -> str:
            part = picture(src)
            if part is None:
                return original
            data, kind = pictures[part]
            why = ("" if kind in SHOWN else
                   f"{MAX_FIGURE_BYTES // 1024 ** 2} MB or more, larger than a figure of a report; save a smaller "
                   "picture and add it by hand" if kind == "too large" else
                   f"its format ({kind.upper()}) is not shown by browsers and could not be converted (LibreOffice "
                   "is needed); save the picture as PNG in Word (right click, Save as Picture) and add it by hand"
                   if kind in _CONVERTIBLE else f"its format ({kind}) is not an image browsers show")
            if not why and len(found) >= MAX_FIGURES:
                why = f"more than {MAX_FIGURES} pictures in one report; add the others by hand"
            if why:
                return f'<img alt="{html.escape(alt)}" data-left-out="{html.escape(why)}">'
            return placed_figure(paragraphs, index, found, data, kind, alt)[1]

        def each_picture(paragraph: str, index: int, use: Callable[[str, str, int, str], str]) -> str:
            paragraph = _IMG_TAG.sub(lambda m: _tag(m.group(0), lambda src, alt: use(src, alt, index, m.group(0))),
                                     paragraph)
            return _MD_IMAGE.sub(lambda m: use(m.group(2), m.group(1), index, m.group(0)), paragraph)

        holding = [index for index, paragraph in enumerate(paragraphs) if "media/" in paragraph]
        for index in holding:  # read first: the pictures to convert are converted in one run
            each_picture(paragraphs[index], index, lambda src, alt, i, original: (picture(src), original)[1])
        pictures.update(converted({part: data for part, (data, kind) in pictures.items() if kind in _CONVERTIBLE}))
        for index in holding:
            paragraphs[index] = each_picture(paragraphs[index], index, replace)
    return "\n\n".join(paragraphs), found


def _tag(tag: str, replace: Callable[[str, str], str]) -> str:
    attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
    return replace(attributes["src"], attributes.get("alt", "")) if "src" in attributes else tag


def _part(src: str, names: set[str]) -> str | None:
    """The archive's part pandoc's `src` names ("media/image1.png" is "word/media/image1.png")."""
    path = posixpath.normpath(posixpath.join("word", src))
    if path in names:
        return path
    base = posixpath.basename(src)
    return next((name for name in sorted(names) if name.endswith("/" + base) and "media" in name), None)


def image_kind(data: bytes, name: str = "") -> str:
    """The picture's format from its first bytes (an extension can lie); the extension otherwise."""
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
        return "emf"
    if head.startswith((b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")):
        return "wmf"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if b"<svg" in head.lower():  # an SVG that runs scripts is no figure
        return "svg with scripts" if re.search(rb"<script|javascript:|\bon[a-z]+\s*=", data, re.I) else "svg"
    return posixpath.splitext(name)[1].lstrip(".").lower() or "unknown"


_FODT = ('<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
         'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:'
         'opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
         'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
         '{pictures}</office:text></office:body></office:document>')
_PICTURE = ('<text:p><draw:frame draw:name="p{n}" text:anchor-type="as-char" svg:width="16cm" svg:height="9cm">'
            '<draw:image><office:binary-data>{data}</office:binary-data></draw:image></draw:frame></text:p>')
_DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


def converted(pictures: dict[str, bytes]) -> dict[str, tuple[bytes, str]]:
    """Pictures browsers do not show (EMF, WMF…) as PNG, all in one run of LibreOffice in its own process
    (time-limited): a flat text document holding them, saved as XHTML, whose pictures LibreOffice writes as
    PNG. {} when LibreOffice is not on the machine or fails (the pictures are then left out, and said)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not pictures or office is None:
        return {}
    parts = list(pictures)
    with tempfile.TemporaryDirectory(prefix="reportgen-media-") as folder:
        source = Path(folder) / "pictures.fodt"
        source.write_text(_FODT.format(pictures="".join(
            _PICTURE.format(n=n, data=base64.b64encode(pictures[part]).decode()) for n, part in enumerate(parts))),
            encoding="utf-8")
        try:
            office_run = subprocess.Popen([office, "--headless", "--norestore", "--convert-to",
                                           "html:XHTML Writer File:UTF8", f"-env:UserInstallation=file://{folder}/profile",
                                           "--outdir", folder, str(source)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            return {}
        try:
            office_run.wait(CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:  # LibreOffice and the processes it started end with it
            os.killpg(office_run.pid, signal.SIGKILL)
            office_run.wait()
            return {}
        try:
            page = (Path(folder) / "pictures.html").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return {}
    images = [base64.b64decode(data) for data in _DATA_PNG.findall(page)]
    if len(images) != len(parts):  # which picture is which is unknown: none is taken
        return {}
    return {part: (data, "png") for part, data in zip(parts, images) if image_kind(data) == "png"}


def placed_figure(paragraphs: list[str], index: int, found: dict[int, Figure], data: bytes, kind: str,
                  alt: str = "") -> tuple[Figure, str]:
    """The next figure of `found`, the picture in `paragraphs[index]`, and its placeholder image, whose
    alt text is its caption (or the picture's own alt text)."""
    caption, number = _caption(paragraphs, index)
    figure = Figure(len(found) + 1, data, kind, number)
    found[figure.number] = figure
    label = " ".join((caption or alt or f"Figure {figure.number}").replace("[", "(").replace("]", ")").split())
    return figure, f"![{label}]({FIGURE_URL}{figure.number})"


def _caption(paragraphs: list[str], index: int) -> tuple[str, str]:
    """The figure's caption and its number: the paragraph below the picture, or the one above."""
    for near in (index + 1, index - 1):
        if 0 <= near < len(paragraphs):
            text = " ".join(paragraphs[near].split())
            match = CAPTION.match(text)
            if match and len(text) < 300 and "media/" not in text:
                return text.replace("**", "").replace("*", "").strip(), match.group(1)
    own = CAPTION.match(" ".join(_IMG_TAG.sub("", paragraphs[index]).split()))
    return ("", own.group(1)) if own else ("", "")


def file_names(found: dict[int, Figure]) -> dict[int, str]:
    """Each figure's file in the project's content folder: figures/figure-3.png by its caption's number,
    figures/picture-N.png (N: its order) when it has none or shares it."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for number, figure in sorted(found.items()):
        stem = f"figure-{figure.caption_number}" if figure.caption_number else f"picture-{number}"
        if stem in taken:
            stem = f"picture-{number}"
        taken.add(stem)
        names[number] = f"figures/{stem}.{figure.suffix}"
    return names
