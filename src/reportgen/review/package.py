"""Opening an Office file (.docx, .xlsx) a reviewer sent: a zip, checked before anything is read.

A hostile file can be a zip bomb (a few KB that inflate to gigabytes), hold thousands of
entries, carry macros, or hide XML entities and references to outside files. Here the
archive's directory is checked first (file size, number of entries, total and per-entry
inflated size, compression ratio), every entry is read with a hard cap, macros are refused,
and XML is parsed without DTDs, entities or network.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Self

from lxml import etree

MAX_FILE_BYTES = 100_000_000        # a 500-page draft with pictures stays well below
MAX_ENTRIES = 5_000
MAX_TOTAL_BYTES = 500_000_000       # all entries inflated
MAX_XML_BYTES = 100_000_000         # one XML part inflated
MAX_RATIO = 200                     # inflated / compressed, for entries above 1 MB inflated
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


class PackageError(Exception):
    """A file that cannot be read safely: the message says what and what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


class Package:
    """The parts of a checked Office file, read on demand."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PackageError(f"cannot read the file ({exc.strerror or exc})", "check the path") from None
        if size > MAX_FILE_BYTES:
            raise PackageError(f"the file is {size / 1e6:.0f} MB; at most {MAX_FILE_BYTES // 1_000_000} MB is read",
                               "save a copy without pictures (the comments stay) and import that")
        if path.suffix.lower() in (".docm", ".xlsm", ".dotm"):
            raise PackageError(f"{path.suffix} files contain macros, which reportgen does not open",
                               f"save it as {kind} (File › Save As) and import that")
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise PackageError(f"not a {kind} file (it is not a zip archive, or it is damaged)",
                               f"open it in Word/Excel/LibreOffice and save it as {kind}") from None
        if len(infos) > MAX_ENTRIES:
            raise PackageError(f"the archive holds {len(infos)} entries (at most {MAX_ENTRIES})",
                               f"this is not an ordinary {kind} file; save it again as {kind}")
        total = 0
        for info in infos:
            total += info.file_size
            if info.filename.rsplit("/", 1)[-1].lower() in MACRO_PARTS:
                raise PackageError(f"the file contains macros ({info.filename}), which reportgen does not open",
                                   f"save it as a macro-free {kind} (File › Save As) and import that")
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise PackageError(f"entry {info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
                                   " times (a zip bomb?)", f"this is not an ordinary {kind} file; it is not read")
        if total > MAX_TOTAL_BYTES:
            raise PackageError(f"the archive inflates to {total / 1e6:.0f} MB (at most "
                               f"{MAX_TOTAL_BYTES // 1_000_000} MB)", f"this is not an ordinary {kind} file")
        self.names = {info.filename for info in infos}
        types = self.read("[Content_Types].xml")
        if types is not None and b"macroEnabled" in types:
            raise PackageError("the file is macro-enabled, which reportgen does not open",
                               f"save it as a macro-free {kind} (File › Save As) and import that")

    def read(self, name: str, limit: int = MAX_XML_BYTES) -> bytes | None:
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise PackageError(f"part {name} cannot be read ({exc})", "open the file and save it again") from None
        if len(data) > limit:
            raise PackageError(f"part {name} is larger than {limit // 1_000_000} MB", "it is not read")
        return data

    def refuse_declarations(self) -> None:
        """Refuse a file whose XML declares a DTD or entities (Office never writes them): for readers that
        parse the parts themselves (openpyxl), so that nothing is expanded or fetched."""
        for name in sorted(self.names):
            if name.endswith((".xml", ".rels", ".vml")):
                head = self.read(name) or b""
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise PackageError(f"part {name} declares a DTD or entities, which Office files never do",
                                       "this file was not written by Excel or LibreOffice; it is not read")

    def xml(self, name: str) -> Any:  # an lxml element: lxml ships no type information
        """A part as an XML tree (None when the file has no such part); never resolves entities."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise PackageError(f"part {name} is not valid XML ({exc})", "open the file and save it again") from None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
