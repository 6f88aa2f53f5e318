"""The import's guards against hostile or odd sources, before and around the readers.

- `sniff`: what a file really is, from its first bytes, whatever its name says: an old binary
  Word file (.doc) or a password-protected Office file (both OLE compound files, not zips).
- `check_office_package`: a .docx that carries macros, or whose XML declares a DTD or entities
  (Word never writes them: an entity bomb, or an external entity reading a file of this machine).
- `decode_text`: the text of a .md/.txt/.html source: UTF-8, UTF-16/32 (with or without a BOM),
  or else Windows-1252; control characters (NUL, ESC, …) dropped and counted.
- `bounded`: runs the whole reading and recognition in a child process with an address-space
  limit, a CPU-time limit and a wall-clock limit, so that no source (a PDF bomb, a pathological
  text) can take the machine's memory or hang the command; the child's refusal comes back as a
  SourceError, a child killed by its limits as a one-line refusal too.
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
import re
import resource
import signal
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .errors import SourceError

# --- what a file is ---------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def sniff(path: Path, head: bytes) -> None:
    """Refuse, by their first bytes, files that are no report format whatever they are named."""
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as stream:
            data = stream.read(4 * 1024 * 1024)
        if _ENCRYPTED_PACKAGE in data:
            raise SourceError(f"{path}: the Word file is protected by a password (an encrypted package); "
                              "open it in Word, remove the password (File › Info › Protect Document) and save it "
                              "as .docx")
        raise SourceError(f"{path}: an old Word (.doc) or other binary Office file, not a .docx; open it in Word or "
                          "LibreOffice and save it as .docx (Word Document), then import that")


MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MAX_XML_SCAN = 64 * 1024  # a DTD sits before the root element: the head of each part is enough


def check_office_package(path: Path) -> None:
    """Refuse a .docx carrying macros or XML declarations (DTD, entities) in any of its parts."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.rsplit("/", 1)[-1].lower() in MACRO_PARTS:
                raise SourceError(f"{path}: the file contains macros ({info.filename}), which reportgen does not "
                                  "open; save it as a macro-free .docx (File › Save As › Word Document) and import that")
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
        if b"macroEnabled" in types:
            raise SourceError(f"{path}: the file is macro-enabled (a .docm), which reportgen does not open; save it "
                              "as a macro-free .docx (File › Save As › Word Document) and import that")
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            with archive.open(info) as part:
                head = part.read(MAX_XML_SCAN)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise SourceError(f"{path}: the part {info.filename} declares a DTD or entities, which Word never "
                                  "writes (an entity bomb, or a reference to a file of this machine); refused as "
                                  "unsafe: open the report in Word and save it as .docx again")
        for name in WELL_FORMED_PARTS:
            if name in archive.namelist():
                _check_xml(path, archive, name)


# The parts the readers parse (pandoc and docx_numbers/docx_title): a damaged one is named.
WELL_FORMED_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml")


def _check_xml(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    from lxml import etree

    try:
        with archive.open(name) as part:
            for _ in etree.iterparse(part, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                     huge_tree=False):
                pass
    except etree.XMLSyntaxError as exc:
        line = f", line {exc.lineno}" if exc.lineno else ""
        raise SourceError(f"{path}: the part {name} is not XML{line} ({exc.msg}); the Word file is damaged: open it "
                          "in Word (it offers to repair it) and save it as .docx again") from None


# --- text ---------------------------------------------------------------------------------------------

# Control characters no report holds (tab, line feed and carriage return are kept); DEL too.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a text file, a form feed is a page break (a PDF's text: `pdftotext`): the plain-text reader
# reads its pages' footnotes with it, then drops it. Every other control character is debris.
TEXT_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
CONTROLS_DROPPED = "control characters (NUL, ESC, form feed…) dropped"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class DecodedText:
    text: str
    encoding: str                                   # what the text was read as
    repaired: dict[str, int] = field(default_factory=dict)  # what was changed, for IMPORT.md


def drop_nul_bytes(data: bytes) -> tuple[bytes, int]:
    """A page in a one-byte encoding or UTF-8 without its NUL bytes (lxml would read each as U+FFFD,
    left in the text), and how many there were; a UTF-16 or UTF-32 page (NULs in its characters) as is."""
    count = data.count(b"\x00")
    if not count or data.startswith(tuple(bom for bom, name in _BOMS if "16" in name or "32" in name)) \
            or count > len(data) // 10:
        return data, 0
    return data.replace(b"\x00", b""), count


def decode_text(path: Path, data: bytes) -> DecodedText:
    """The text of a source file, or a SourceError naming the file when it is no text."""
    encoding = _encoding(data)
    repaired: dict[str, int] = {}
    if encoding is None:  # no BOM, not UTF-16, not UTF-8
        if b"\x00" in data[:65536]:
            raise SourceError(f"{path}: this is a binary file, not Markdown or text "
                              "(convert the report to Markdown, or give the .docx)")
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise SourceError(f"{path}:{line}: neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x}); "
                              "save the file as UTF-8 and import it again") from None
        encoding = "cp1252"
        repaired["text read as Windows-1252 (Latin-1), not UTF-8: check its accented letters"] = 1
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise SourceError(f"{path}:{line}: not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x} at "
                              f"byte {exc.start}); save the file as UTF-8 and import it again") from None
    text = text.removeprefix("\ufeff")
    controls = len(TEXT_CONTROL_CHARACTERS.findall(text))
    if controls:
        if controls > max(16, len(text) // 100):  # more than 1 %: not a text with a few stray bytes
            raise SourceError(f"{path}: this is a binary file, not Markdown or text ({controls} control characters); "
                              "convert the report to Markdown, or give the .docx")
        text = TEXT_CONTROL_CHARACTERS.sub("", text)
        repaired[CONTROLS_DROPPED] = controls
    return DecodedText(text, encoding, repaired)


def _encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    if len(sample) >= 4:
        # Text in UTF-16 without a BOM: a NUL beside nearly every ASCII character.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.4 * half and odd < 0.05 * half:
            return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


# --- bounded reading ----------------------------------------------------------------------------------

# The import of the bundled 180-page PDF peaks at about 300 MB resident; pandoc, a grandchild, sets
# its own lower limit. Address space is larger than resident memory (mapped libraries).
MEMORY_BYTES = 4 * 1024 ** 3
SECONDS = 900            # wall clock, for the reading and recognition of one source
T = TypeVar("T")


def bounded(function: Callable[[], T], shown: Path, seconds: float = SECONDS, memory: int = MEMORY_BYTES) -> T:
    """`function()` run in a forked child within `memory` bytes of address space and `seconds`; its
    SourceError is raised here; a child that runs out of memory or time is refused in one line."""
    if os.name != "posix":  # pragma: no cover - the limits are POSIX; elsewhere the reading is unbounded
        return function()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, function, memory, seconds), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise SourceError(f"{shown}: reading the source took more than {seconds:.0f} s; refused (a file built to "
                              "hang readers, or a report to split into smaller files)")
        try:
            kind, value = receive.recv()
        except (EOFError, OSError):
            kind, value = "died", None
    except BaseException:  # Ctrl-C, SIGTERM, the time limit: the child goes with the command
        child.kill()
        raise
    finally:
        receive.close()
        child.join(5)  # it has answered (or been killed): it ends now, or is ended
        if child.is_alive():
            child.kill()
            child.join()
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "error":
        raise SourceError(value)
    died = kind == "died"
    if kind == "memory" or died and child.exitcode in (-signal.SIGKILL, -signal.SIGSEGV):
        raise SourceError(f"{shown}: reading the source needs more than {memory // 1024 ** 2} MB of memory; refused "
                          "(a decompression bomb, or a report to split into smaller files)")
    if died and child.exitcode == -signal.SIGXCPU:
        raise SourceError(f"{shown}: reading the source took more than {seconds:.0f} s of processor time; refused "
                          "(a file built to hang readers, or a report to split into smaller files)")
    raise SourceError(f"{shown}: the source could not be read ({value or f'the reader stopped, code {child.exitcode}'}); "
                      "export it again from its source, or try another format (.docx, .pdf, .md)")


def _child(send: multiprocessing.connection.Connection, function: Callable[[], object], memory: int,
           seconds: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the child
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        message: tuple[str, object] = ("ok", function())
    except SourceError as exc:
        message = ("error", str(exc))
    except MemoryError:
        message = ("memory", None)
    except RecursionError:
        message = ("crash", "its structure is nested too deeply")
    except Exception as exc:  # noqa: BLE001 - any reader's failure is the same to the user: one line
        message = ("crash", f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ''}")
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", None))
    finally:
        send.close()
