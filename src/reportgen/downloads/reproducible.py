"""Same content, same bytes: the date stamped into downloads is the content's (BuildContext.source_epoch).

So two builds of the same content give identical PDFs, XLSX and DOCX files.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

_ISO_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_PDF_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def fixed_zip(data: bytes, epoch: int, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite an Office file (a ZIP) with fixed entry times and document dates (and the entries
    named in `replace` with other bytes)."""
    out = io.BytesIO()
    write_fixed_zip(out, data, epoch, dict(replace or {}))
    return out.getvalue()


def write_fixed_zip(out: BinaryIO, data: bytes, epoch: int,
                    replace: dict[str, bytes | Callable[[], Iterable[bytes]]] | None = None) -> None:
    """fixed_zip written into `out`; an entry of `replace` may be given as a function of its parts, written
    as they come (a sheet of tens of thousands of rows is never held whole): the same bytes as the whole
    entry (ZipFile.writestr is one write to the entry)."""
    moment = time.gmtime(max(epoch, 315532800))  # ZIP dates start in 1980
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", moment).encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = replace[info.filename] if replace and info.filename in replace else source.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=moment[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            if callable(body):
                with target.open(entry, "w") as stream:
                    for part in body():
                        stream.write(part)
                continue
            if info.filename == "docProps/core.xml":
                body = _ISO_DATE.sub(iso, body)
            target.writestr(entry, body)


def fix_pdf_dates(path: Path, epoch: int) -> None:
    """Chromium stamps the print time and DOM node IDs: make both stable, in place (same lengths)."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp, path.read_bytes())
    # Tagged-PDF structure IDs are the browser's DOM node counters, which depend on what it
    # printed before: number them in order of appearance instead (same width, same offsets).
    numbers: dict[bytes, bytes] = {}
    data = _PDF_NODE_ID.sub(lambda m: b"(node" + numbers.setdefault(m.group(1), b"%08d" % len(numbers)) + b")",
                            data)
    path.write_bytes(data)
