"""PO and XLIFF 1.2 files written and read through translate-toolkit."""

import subprocess

import pytest
from lxml import etree
from translate.storage import factory, po

from reportgen.errors import ContentError
from reportgen.translate.markup import po_text, tokenize
from reportgen.translate.catalog import END_CONTEXT, XLIFF_12, OutEntry, po_bytes, read_catalog, xliff_bytes

ENTRIES = [
    OutEntry("R4.title", "Seguir intentando", "Keep trying", "R4 · recommendation: Seguir intentando",
             "content/recommendations.yaml:12", False),
    OutEntry("S12.narrative#2", "Párrafo con **negrita**\ny dos líneas", "", "S12 · section — paragraph 2 of 13",
             "content/findings/S12.es.md:3", False),
    OutEntry("glossary[OIT].expansion", "Organización Internacional del Trabajo", "International Labour Org",
             "glossary: OIT", "content/glossary.yaml:124", True),
]


def test_po_entries_carry_context_comment_reference_and_fuzzy(tmp_path):
    path = tmp_path / "en.po"
    path.write_bytes(po_bytes(ENTRIES, "es", "en", "PER/17/51/USA"))
    text = path.read_text(encoding="utf-8")
    assert '#. R4 · recommendation: Seguir intentando\n#: content/recommendations.yaml:12\nmsgctxt "R4.title"' in text
    assert '#, fuzzy\nmsgctxt "glossary[OIT].expansion"' in text
    assert '"Language: en\\n"' in text
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    catalog = read_catalog(path, "en.po")
    assert catalog.language == "en"
    assert [(e.context, e.source, e.target, e.fuzzy) for e in catalog.entries] == [
        (e.context, po_text(tokenize(e.source)), e.target, e.fuzzy) for e in ENTRIES]  # markup as tags
    assert [e.line for e in catalog.entries] == [
        i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("#. ") and not line.startswith("#. Tags")][:-1]  # the closing entry


def test_xliff_12_is_read_back_by_translate_toolkit(tmp_path):
    path = tmp_path / "en.xlf"
    path.write_bytes(xliff_bytes(ENTRIES, "es", "en", "PER/17/51/USA"))
    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "1.2" and root.nsmap[None] == XLIFF_12
    assert "document:1.1" not in path.read_text(encoding="utf-8")
    store = factory.getobject(str(path))
    units = [u for u in store.units if not u.isheader() and u.xmlelement.get("resname") != END_CONTEXT]
    assert [(u.xmlelement.get("resname"), u.source, u.target or "") for u in units] == [
        (e.context, e.source.replace("**", ""), e.target) for e in ENTRIES]  # (the toolkit drops inline tags)
    assert [u.isfuzzy() for u in units] == [False, False, True]
    assert units[2].getlanguageNode(lang=None, index=1).get("state") == "needs-review-translation"
    assert units[0].getlocations() == ["content/recommendations.yaml:12"]
    assert "R4 · recommendation" in units[0].getnotes()
    catalog = read_catalog(path, "en.xlf")
    assert catalog.language == "en"
    assert [(e.context, e.target, e.fuzzy) for e in catalog.entries] == [
        (e.context, e.target, e.fuzzy) for e in ENTRIES]


def test_a_cat_tool_marking_a_unit_translated_is_not_fuzzy(tmp_path):
    path = tmp_path / "en.xlf"
    path.write_bytes(xliff_bytes(ENTRIES, "es", "en", "x"))
    tree = etree.parse(str(path))
    ns = {"x": XLIFF_12}
    unit = tree.find(".//x:trans-unit[@resname='glossary[OIT].expansion']", ns)
    unit.find("x:target", ns).set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert not read_catalog(path, "en.xlf").entries[2].fuzzy


@pytest.mark.parametrize("content, line, words", [
    (b'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "unterminated\nmsgstr "y"\n', 5, "end-of-line within string"),
    (b'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x"\nmsgstrr "y"\n', 6, "Syntax error"),
    (b"hello, this is not a PO file\n", 1, "Syntax error"),
    (b"", 1, "not a PO file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", 1, "Syntax error"),
    (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "caf\xe9"\n',
     7, "can't decode"),
])
def test_broken_po_files_are_refused_with_their_line(tmp_path, content, line, words):
    path = tmp_path / "broken.po"
    path.write_bytes(content)
    with pytest.raises(ContentError) as caught:
        read_catalog(path, "broken.po")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("broken.po", line)
    assert words in problem.message


@pytest.mark.parametrize("content, line", [
    (b'<?xml version="1.0"?>\n<xliff version="1.2">\n  <file>\n</xliff>\n', 4),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", 1),
])
def test_broken_xliff_files_are_refused_with_their_line(tmp_path, content, line):
    path = tmp_path / "broken.xlf"
    path.write_bytes(content)
    with pytest.raises(ContentError) as caught:
        read_catalog(path, "broken.xlf")
    assert caught.value.problems[0].line == line
    assert "XLIFF" in caught.value.problems[0].message


def test_unknown_file_types_are_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ContentError, match="unknown catalog type"):
        read_catalog(path, "notes.txt")


def test_po_written_is_what_translate_toolkit_parses(tmp_path):
    store = po.pofile(po_bytes(ENTRIES, "es", "fr", "x"))
    assert store.parseheader()["Language"] == "fr"
    assert [u.getcontext() for u in store.units if not u.isheader()] == [e.context for e in ENTRIES] + [END_CONTEXT]


def test_a_segmented_target_from_a_cat_tool_is_read_as_one_text(tmp_path):
    path = tmp_path / "seg.xlf"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{XLIFF_12}">
 <file original="x" source-language="es" target-language="en" datatype="plaintext"><body>
   <trans-unit id="H38.text" resname="H38.text">
    <source>Uno. Dos.</source>
    <seg-source><mrk mtype="seg" mid="1">Uno.</mrk> <mrk mtype="seg" mid="2">Dos.</mrk></seg-source>
    <target state="translated"><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></target>
   </trans-unit>
 </body></file>
</xliff>
""", encoding="utf-8")
    catalog = read_catalog(path, "seg.xlf")
    assert [(e.context, e.source, e.target, e.fuzzy, e.line) for e in catalog.entries] == [
        ("H38.text", "Uno. Dos.", "One. Two.", False, 4)]
