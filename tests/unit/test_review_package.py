"""review/package.py: hostile Office files are refused (or read harmlessly) before anything is parsed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reportgen.review import package
from reportgen.review.package import Package, PackageError

MINIMAL_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", MINIMAL_TYPES)
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def refused(path: Path) -> str:
    with pytest.raises(PackageError) as caught:
        Package(path, ".docx")
    return caught.value.message + " / " + caught.value.hint


def test_not_a_zip(tmp_path):
    (tmp_path / "x.docx").write_text("just text, renamed")
    assert "not a .docx file" in refused(tmp_path / "x.docx")


def test_macros_are_refused_by_name_and_by_content(tmp_path):
    assert "macros" in refused(docx(tmp_path / "x.docm", {"word/document.xml": "<x/>"}))
    assert "vbaProject.bin" in refused(docx(tmp_path / "y.docx", {"word/vbaProject.bin": b"\0" * 10}))
    with zipfile.ZipFile(tmp_path / "t.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", MINIMAL_TYPES.replace(
            "</Types>", '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.'
            'macroEnabled.main+xml"/></Types>'))
    assert "macro-enabled" in refused(tmp_path / "t.docx")


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = docx(tmp_path / "bomb.docx", {"word/document.xml": b"\0" * 20_000_000})
    assert path.stat().st_size < 100_000
    assert "zip bomb" in refused(path)


def test_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_ENTRIES", 50)
    assert "entries" in refused(docx(tmp_path / "many.docx", {f"word/p{i}.xml": "<x/>" for i in range(60)}))


def test_too_large_inflated_in_total(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 1000)
    assert "inflates to" in refused(docx(tmp_path / "big.docx", {"word/document.xml": "<x>" + "a " * 800 + "</x>"}))


def test_too_large_a_file(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_FILE_BYTES", 100)
    assert "at most" in refused(docx(tmp_path / "big.docx", {"word/document.xml": "<x/>"}))


def test_a_part_is_read_with_a_hard_cap(tmp_path):
    path = docx(tmp_path / "x.docx", {"word/document.xml": "<x>" + "a" * 5000 + "</x>"})
    with Package(path, ".docx") as opened:
        with pytest.raises(PackageError, match="larger than"):
            opened.read("word/document.xml", limit=100)


def test_entities_and_external_references_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">'
           '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;&c;</w:t></w:r></w:p></w:body></w:document>')
    path = docx(tmp_path / "xxe.docx", {"word/document.xml": xml})
    with Package(path, ".docx") as opened:
        root = opened.xml("word/document.xml")
    text = "".join(root.itertext())
    assert "TOP-SECRET" not in text and "aaaaaaaaaa" not in text


def test_broken_xml_is_told(tmp_path):
    path = docx(tmp_path / "broken.docx", {"word/document.xml": "<w:document"})
    with Package(path, ".docx") as opened:
        with pytest.raises(PackageError, match="not valid XML"):
            opened.xml("word/document.xml")
