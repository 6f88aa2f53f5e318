"""The .docx reader: the archive checked before pandoc runs, pandoc bounded, footnotes, links and
emphasis kept, comments left out, acronym lists typed with tabs read as rows."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from docx import Document
from import_figures import zip_bomb_docx

from reportgen.importer import docx_reader
from reportgen.importer.cover import read_glossary
from reportgen.importer.debris import clean
from reportgen.importer.docx_reader import docx_to_markdown, tab_rows
from reportgen.importer.errors import SourceError

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_zip_bomb_is_refused_before_pandoc_in_well_under_a_second(tmp_path, monkeypatch):
    bomb = zip_bomb_docx(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 1024 * 1024
    monkeypatch.setattr(docx_reader, "_run_pandoc", lambda *a: pytest.fail("pandoc ran on a zip bomb"))
    started = time.perf_counter()
    with pytest.raises(SourceError) as error:
        docx_to_markdown(bomb)
    assert time.perf_counter() - started < 0.5
    message = str(error.value)
    assert message.startswith(f"{bomb}: the part word/document.xml is compressed") and "zip bomb" in message
    assert "\n" not in message


def test_sizes_are_measured_not_taken_from_the_archive(tmp_path, monkeypatch):
    path = tmp_path / "plain.docx"
    Document().save(path)
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1000)
    monkeypatch.setattr(docx_reader, "_check_declared_sizes", lambda *a: None)  # as if the sizes lied
    with pytest.raises(SourceError, match="unpacks to more than"):
        docx_reader.check_archive(path)


def test_too_many_parts(tmp_path, monkeypatch):
    path = tmp_path / "many.docx"
    Document().save(path)
    monkeypatch.setattr(docx_reader, "MAX_ENTRIES", 3)
    with pytest.raises(SourceError, match=r"parts in the archive, more than a Word file has \(at most 3\)"):
        docx_reader.check_archive(path)


@needs_pandoc
def test_pandoc_runs_under_a_memory_limit_and_a_time_limit(tmp_path, monkeypatch):
    path = tmp_path / "small.docx"
    document = Document()
    document.add_paragraph("Texto.")
    document.save(path)
    monkeypatch.setattr(docx_reader, "PANDOC_ADDRESS_SPACE", 64 * 1024 ** 2)
    with pytest.raises(SourceError, match="needs more than 64 MB of memory; refused"):
        docx_to_markdown(path)
    monkeypatch.undo()

    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(docx_reader.subprocess, "run", too_slow)
    with pytest.raises(SourceError, match=r"did not finish reading this Word file in \d+ s"):
        docx_to_markdown(path)


def test_tab_paragraphs_in_a_row_become_rows():
    mark = docx_reader.TAB_MARK
    markdown = f"# Acrónimos{mark}\n\nOIT{mark}Organización\n\nMIMP{mark}{mark}Ministerio\n\nTexto.\n\nUn{mark}suelto.\n"
    assert tab_rows(markdown) == "# Acrónimos\n\nOIT\tOrganización\nMIMP\tMinisterio\n\nTexto.\n\nUn suelto.\n"


@needs_pandoc
def test_word_file_with_footnotes_acronym_list_table_and_comment(tmp_path):
    """Real Word footnotes (written by pandoc), an acronym list typed with tabs, an acronym table,
    a link, bold and italic, and a reviewer's comment, which is left out."""
    source = tmp_path / "report.md"
    source.write_text("# Acrónimos\n\n| Sigla | Significado |\n|---|---|\n| CARE | Centros de Atención |\n"
                      "| INABIF | Programa Integral |\n\n# Conclusiones\n\n"
                      "El **sistema de M&E** fue *débil*[^1], según la [OIT](https://www.ilo.org)[^2].\n\n"
                      "[^1]: Véase el anexo 5 <https://www.ilo.org/eval>.\n\n[^2]: Entrevistas.\n", encoding="utf-8")
    path = tmp_path / "report.docx"
    subprocess.run(["pandoc", "--from=markdown", "--to=docx", "-o", str(path), str(source)], check=True, timeout=120)
    document = Document(path)
    anchor = document.paragraphs[1]
    for term, expansion in (("OIT", "Organización Internacional del Trabajo"), ("MIMP", "Ministerio de la Mujer")):
        paragraph = anchor.insert_paragraph_before(term)
        paragraph.add_run().add_tab()
        paragraph.add_run(expansion)
    commented = document.add_paragraph("Texto revisado.")
    document.add_comment(commented.runs, text="COMENTARIO DEL REVISOR", author="R", initials="R")
    document.save(path)

    markdown = docx_to_markdown(path)
    assert "COMENTARIO" not in markdown
    assert "El **sistema de M&E** fue *débil*[^1], según la [OIT](https://www.ilo.org)[^2]." in markdown
    blocks = clean(markdown.splitlines()).blocks
    notes = {b.number: b.text for b in blocks if b.kind == "footnote"}
    assert notes == {"1": "Véase el anexo 5 <https://www.ilo.org/eval>.", "2": "Entrevistas."}
    acronyms = blocks[1:blocks.index(next(b for b in blocks if b.text == "Conclusiones"))]
    terms = {g["term"]: g["expansion"]["es"] for g in read_glossary(acronyms, "es")}
    assert terms == {"OIT": "Organización Internacional del Trabajo", "MIMP": "Ministerio de la Mujer",
                     "CARE": "Centros de Atención", "INABIF": "Programa Integral"}


def test_a_500_kb_bomb_as_in_the_report_is_refused_before_pandoc(tmp_path, monkeypatch):
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", megabytes=160)  # issue 26: 507 KB drove pandoc to 3.2 GB
    assert 400 * 1024 < bomb.stat().st_size < 700 * 1024
    monkeypatch.setattr(docx_reader, "_run_pandoc", lambda *a: pytest.fail("pandoc ran on a zip bomb"))
    with pytest.raises(SourceError, match="zip bomb"):
        docx_to_markdown(bomb)


def test_notes_pandoc_numbers_apart_in_an_html_table_get_numbers_of_their_own():
    from reportgen.importer.docx_reader import number_table_notes

    markdown = ('Text[^1].\n\n<table>\n<tr><td><p>A cell<a href="#fn1" class="footnote-ref" id="fnref1" '
                'role="doc-noteref"><sup>1</sup></a>.</p></td></tr>\n</table>\n<section class="footnotes '
                'footnotes-end-of-document" role="doc-endnotes">\n<hr />\n<ol>\n<li id="fn1" role="doc-endnote">'
                '<p>The <strong>cell</strong> note.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a>'
                '</p></li>\n</ol>\n</section>\n\nMore.\n\n[^1]: The text note.\n\n[^2]: Another.\n')
    out = number_table_notes(markdown)
    assert "<sup>3</sup>" in out and "[^3]: The <strong>cell</strong> note." in out
    assert "<section" not in out and "[^1]: The text note." in out and out.count("[^3]:") == 1


def test_a_number_typed_at_a_paragraphs_start_is_read_as_the_pdf_gives_it():
    """pandoc writes "1\\. Equip…" so that Markdown keeps the typed number; the import reads it as a
    paragraph or list number, as from a PDF ("1. Equip…"), and leaves other escapes alone."""
    from reportgen.importer.docx_reader import typed_numbers
    assert typed_numbers("1\\. Equip the provinces.\n  204\\. The project…\nPrice 5\\. x\n12\\.5 per cent") == \
        "1. Equip the provinces.\n  204. The project…\nPrice 5\\. x\n12\\.5 per cent"
