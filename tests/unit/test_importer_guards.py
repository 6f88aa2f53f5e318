"""The import's guards: what a file is, its text's encoding, the bounded child, the all-or-nothing write,
the PDF stream pre-check and the language of a text no import reads."""

from __future__ import annotations

import errno
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from reportgen.importer import guards, pdf_reader, writer
from reportgen.importer.blocks import Block
from reportgen.importer.errors import SourceError
from reportgen.importer.guards import bounded, check_office_package, decode_text, drop_nul_bytes, sniff
from reportgen.importer.language import report_language
from reportgen.importer.readers import read_source

TEXT = "# Conclusions\n\nThe project was relevant to the needs of the region.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_texts_are_read_whatever_their_encoding(encoding):
    decoded = decode_text(Path("r.md"), TEXT.encode(encoding))
    assert decoded.text == TEXT and decoded.repaired == {}


def test_windows_1252_is_read_and_said():
    decoded = decode_text(Path("r.md"), "Région, “quoted”\n".encode("cp1252"))
    assert decoded.text == "Région, “quoted”\n" and decoded.encoding == "cp1252"
    assert any("Windows-1252" in what for what in decoded.repaired)


def test_stray_control_characters_are_dropped_and_counted():
    decoded = decode_text(Path("r.md"), (TEXT * 20).replace("region", "re\x00gi\x1bon", 1).encode())
    assert "re\x00" not in decoded.text and "region" in decoded.text
    assert list(decoded.repaired.values()) == [2]


def test_binary_is_refused():
    with pytest.raises(SourceError, match=r"r\.md: this is a binary file"):
        decode_text(Path("r.md"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with pytest.raises(SourceError, match="control characters"):
        decode_text(Path("r.md"), bytes(range(1, 32)) * 100)


def test_ole_files_are_named_for_what_they_are(tmp_path):
    old = tmp_path / "old.docx"
    old.write_bytes(guards.OLE_MAGIC + b"\0" * 600)
    with pytest.raises(SourceError, match=r"old Word \(\.doc\)"):
        sniff(old, old.read_bytes()[:8])
    locked = tmp_path / "locked.docx"
    locked.write_bytes(guards.OLE_MAGIC + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(SourceError, match="protected by a password"):
        sniff(locked, locked.read_bytes()[:8])
    sniff(tmp_path / "x.md", b"# Title\n")  # anything else passes


def _docx(path: Path, parts: dict[str, bytes]) -> Path:
    base = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document xmlns:w='w'/>"}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in {**base, **parts}.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("parts, message", [
    ({"word/vbaProject.bin": b"x"}, r"contains macros \(word/vbaProject\.bin\)"),
    ({"[Content_Types].xml": b"<Types>application/vnd.ms-word.document.macroEnabled.main+xml</Types>"}, "macro-enabled"),
    ({"docProps/core.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'},
     r"the part docProps/core\.xml declares a DTD or entities"),
    ({"word/numbering.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>'}, "entity bomb"),
    ({"word/document.xml": b"not { xml"}, r"the part word/document\.xml is not XML, line 1"),
])
def test_unsafe_or_damaged_word_parts_are_refused(tmp_path, parts, message):
    with pytest.raises(SourceError, match=message):
        check_office_package(_docx(tmp_path / "r.docx", parts))


def test_a_plain_word_package_passes(tmp_path):
    check_office_package(_docx(tmp_path / "r.docx", {"word/styles.xml": b"<styles/>"}))


# --- the bounded child -------------------------------------------------------------------------------

def test_bounded_returns_the_result_and_passes_refusals_on():
    assert bounded(lambda: {"a": "b" * 100_000}, Path("r.pdf")) == {"a": "b" * 100_000}

    def refuse():
        raise SourceError("r.pdf: no")
    with pytest.raises(SourceError, match="^r.pdf: no$"):
        bounded(refuse, Path("r.pdf"))


def test_bounded_stops_a_reader_past_its_time():
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"r\.pdf: reading the source took more than 1 s"):
        bounded(lambda: time.sleep(60), Path("r.pdf"), seconds=1)
    assert time.monotonic() - started < 30  # the child was killed, not waited for


def test_bounded_stops_a_reader_past_its_memory():
    with pytest.raises(SourceError, match=r"r\.pdf: reading the source needs more than 1024 MB of memory"):
        bounded(lambda: bytearray(2 * 1024 ** 3), Path("r.pdf"), memory=1024 ** 3)


def test_a_crashing_reader_is_one_line():
    with pytest.raises(SourceError, match=r"r\.pdf: the source could not be read \(ZeroDivisionError: division by zero\)"):
        bounded(lambda: 1 / 0, Path("r.pdf"))

    def deep(n: int = 0) -> int:
        return deep(n + 1)
    with pytest.raises(SourceError, match="nested too deeply"):
        bounded(deep, Path("r.pdf"))


# --- all or nothing --------------------------------------------------------------------------------

FILES = {"reportgen.yml": "languages: [en]\n", "content/a.yaml": "a: 1\n", "content/findings/b.md": "text\n"}


def test_the_project_is_written_whole(tmp_path):
    out = tmp_path / "deep" / "out"
    written = writer.write_project(out, FILES)
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(FILES)
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch, failure):
    calls = []
    real = Path.write_text

    def write_text(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise failure
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "write_text", write_text)
    out = tmp_path / "out"
    with pytest.raises(SourceError if isinstance(failure, OSError) else KeyboardInterrupt) as raised:
        writer.write_project(out, FILES)
    if isinstance(failure, OSError):
        assert str(raised.value) == (f"{out}: the project cannot be written there (No space left on device); "
                                     "free some disk space; nothing was written")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(SourceError, match=r"out: the project cannot be written there \(Permission denied\); choose a "
                                          "writable folder with --out; nothing was written"):
        writer.write_project(tmp_path / "out", FILES)


def test_a_folder_filled_meanwhile_is_not_touched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "theirs.txt").write_text("theirs")
    with pytest.raises(SourceError, match="filled .* by another program"):
        writer.write_project(out, FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and _names(out) == ["theirs.txt"]


def test_a_name_outside_the_project_is_refused(tmp_path):
    with pytest.raises(SourceError, match="outside the project"):
        writer.write_project(tmp_path / "out", {"content/../../escaped.md": "x"})
    assert list(tmp_path.iterdir()) == []


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- readers' entry points ----------------------------------------------------------------------------

def test_long_lines_deep_nesting_and_reference_syntax(tmp_path, monkeypatch):
    from reportgen.importer import readers

    monkeypatch.setattr(readers, "MAX_LINE_CHARS", 100)
    source = tmp_path / "r.md"
    source.write_text("# Conclusions\n\n" + "x" * 101 + "\n\n" + ">" * 30 + " deep\n\n" + " " * 80 + "- item\n\n"
                      "See [[C1]] and [[chart:c]] but not `[[C2]]`.\n", encoding="utf-8")
    read = read_source(source)
    assert read.lines[2] == "" and read.unread[0][0] == 3 and "101 characters on one line" in read.unread[0][1]
    assert read.lines[4] == ">" * readers.MAX_NESTING + " deep"
    assert read.lines[6] == " " * 4 * readers.MAX_NESTING + "- item"
    assert read.lines[8] == "See `[[C1]]` and `[[chart:c]]` but not `[[C2]]`."
    assert sorted(read.repaired.values()) == [2, 2]


def _pdf_with_stream(tmp_path: Path, body: bytes, filters: bytes) -> Path:
    path = tmp_path / "s.pdf"
    path.write_bytes(b"%%PDF-1.7\n4 0 obj\n<< /Length %d%s >>\nstream\n" % (len(body), filters) + body
                     + b"\nendstream\nendobj\n")
    return path


@pytest.mark.parametrize("filters, layers", [(b" /Filter /FlateDecode", 1),
                                             (b" /Filter [/FlateDecode /FlateDecode]", 2),
                                             (b" /Filter /FlateDecode /Name /Image", 1)])
def test_stream_bombs_are_refused_through_every_layer(tmp_path, monkeypatch, filters, layers):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1024 * 1024)
    body = b"\0" * (4 * 1024 * 1024)
    for _ in range(layers):
        body = zlib.compress(body, 9)
    with pytest.raises(SourceError, match="decompression bomb"):
        pdf_reader.check_streams(_pdf_with_stream(tmp_path, body, filters))


def test_images_are_not_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1024 * 1024)
    body = zlib.compress(b"\0" * (4 * 1024 * 1024))
    pdf_reader.check_streams(_pdf_with_stream(tmp_path, body, b" /Subtype /Image /Filter /FlateDecode"))


def test_a_text_in_another_language_is_refused():
    german = " ".join(["Das Projekt war für die Bedürfnisse der Arbeitnehmer und Arbeitgeber relevant."] * 10)
    with pytest.raises(SourceError, match=r"r\.md: the report is not written in English, French or Spanish"):
        report_language([Block("para", german, 1)], None, Path("r.md"))
    english = " ".join(["The project was relevant to the needs of the workers and of the employers."] * 10)
    assert report_language([Block("para", english, 1)], None, Path("r.md")) == "en"


def test_nul_bytes_leave_a_utf8_page_and_a_utf16_page_keeps_its_own():
    assert drop_nul_bytes("<p>re\x00gion é</p>".encode()) == ("<p>region é</p>".encode(), 1)
    wide = "<p>region</p>".encode("utf-16")
    assert drop_nul_bytes(wide) == (wide, 0)
    assert drop_nul_bytes("<p>region</p>".encode("utf-16-le"))[1] == 0  # (no BOM, but half its bytes are NUL)
