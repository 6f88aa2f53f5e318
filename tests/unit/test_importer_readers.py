"""Which reader a source goes to, and the refusals every source shares."""

from __future__ import annotations

import pytest
from pdf_maker import PdfPage, write_pdf

from reportgen.importer import readers
from reportgen.importer.errors import SourceError
from reportgen.importer.readers import read_source


def test_a_pdf_is_read_as_a_pdf_whatever_its_name(tmp_path):
    page = PdfPage().line(80, ("bold", "Conclusiones"), size=16).line(120, "El proyecto fue pertinente.")
    source = write_pdf(tmp_path / "report.txt", [page])
    read = read_source(source)
    assert read.kind == "pdf" and read.lines[:3] == ["# Conclusiones", "", "El proyecto fue pertinente."]


def test_text_is_read_as_it_is(tmp_path):
    source = tmp_path / "report.md"
    source.write_text("\ufeff# Conclusiones\r\n\r\nTexto.", encoding="utf-8")
    read = read_source(source)
    assert (read.kind, read.lines, read.shown_as) == ("text", ["# Conclusiones", "", "Texto."], "report.md")


def test_shared_refusals(tmp_path, monkeypatch):
    with pytest.raises(SourceError, match=r"no such file \(give the path of a \.md, \.txt, \.docx, \.pdf or \.html report\)"):
        read_source(tmp_path / "missing.pdf")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 100)
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", 50)
    with pytest.raises(SourceError, match="too large for a report"):
        read_source(big)


def test_ligature_glyphs_become_their_letters(tmp_path):
    """A designed PDF's text keeps "ﬃ" as one character: "Eﬃciency" would match no criterion nor search."""
    source = tmp_path / "report.md"
    source.write_text("## Eﬃciency\n\nSigniﬁcant and ﬂexible, eﬀective.\n", encoding="utf-8")
    read = read_source(source)
    assert read.lines[:3] == ["## Efficiency", "", "Significant and flexible, effective."]
    assert list(read.repaired.values()) == [4]
