"""The report as a Word document: order, headings, footnotes, links, bookmarks, identity, hostile text.

Checked in-process on the sample content (tests/fixtures/sample), with the package's XML read back:
every bookmarkStart has one bookmarkEnd with its id, ids and names are unique, every footnote
reference and internal link resolves, and the custom XML part maps every bookmark.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.downloads.common import Texts
from reportgen.downloads.docx_report import report_docx, report_docx_name
from reportgen.project import Project, check
from reportgen.render.pages import Templates
from reportgen.review.incoming import bookmark_name, parse_bookmark
from reportgen.review.wordmap import Identity, draft_map_of, read_map

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _project(tmp_path: Path, config: str = "languages: [es, en]\n", edit=None) -> Project:
    shutil.copytree(SAMPLE, tmp_path / "content")
    (tmp_path / "reportgen.yml").write_text(config, encoding="utf-8")
    if edit:
        edit(tmp_path / "content")
    return Project(tmp_path)


def _write(project: Project, lang: str = "es", edition: str = "review"):
    checked = check(project, edition)
    assert not checked.report.errors, [p.format() for p in checked.report.errors]
    templates = Templates(project.template_dirs, checked.ctx.config.vocabulary)
    return report_docx(checked.graph, Texts(checked.graph, templates, lang))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def check_structure(data: bytes) -> dict:
    """The package's invariants; returns what was found for further checks."""
    parts = _parts(data)
    body = etree.fromstring(parts["word/document.xml"])
    starts = body.iter(W + "bookmarkStart")
    names, ids = {}, set()
    for start in starts:
        mark_id, name = start.get(W + "id"), start.get(W + "name")
        assert mark_id not in ids, f"bookmark id {mark_id} used twice"
        assert name.lower() not in {n.lower() for n in names}, f"bookmark name {name} used twice"
        assert len(name) <= 40 and name[0].isalpha(), name
        ids.add(mark_id)
        names[name] = mark_id
    ends = [end.get(W + "id") for end in body.iter(W + "bookmarkEnd")]
    assert sorted(ends) == sorted(ids), "every bookmarkStart needs exactly one bookmarkEnd with its id"
    # An end comes after its start in document order.
    order = {}
    for position, element in enumerate(body.iter(W + "bookmarkStart", W + "bookmarkEnd")):
        order.setdefault(element.get(W + "id"), []).append((position, element.tag))
    for mark_id, seen in order.items():
        assert [tag for _, tag in sorted(seen)] == [W + "bookmarkStart", W + "bookmarkEnd"], mark_id
    anchors = [link.get(W + "anchor") for link in body.iter(W + "hyperlink") if link.get(W + "anchor")]
    assert set(anchors) <= set(names), set(anchors) - set(names)
    references = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    notes = set()
    if references:
        footnotes = etree.fromstring(parts["word/footnotes.xml"])
        notes = {n.get(W + "id") for n in footnotes.iter(W + "footnote") if n.get(W + "type") is None}
        separators = {n.get(W + "type") for n in footnotes.iter(W + "footnote") if n.get(W + "type")}
        assert separators == {"separator", "continuationSeparator"}
        assert b"footnotes.xml" in parts["word/_rels/document.xml.rels"]
        assert b"footnotes+xml" in parts["[Content_Types].xml"]
    assert sorted(references) == sorted(notes), "every footnote is referenced once, every reference resolves"
    return {"parts": parts, "body": body, "bookmarks": names, "anchors": anchors, "footnotes": len(notes)}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("docx"))
    written = _write(project)
    return project, written, check_structure(written.data)


def _texts(found) -> list[tuple[str, str]]:
    """(style, text) of the body's paragraphs, in order."""
    result = []
    for p in found["body"].iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        result.append((style.get(W + "val") if style is not None else "", text))
    return result


def test_chapters_in_reading_order_with_heading_styles(sample):
    _, _, found = sample
    headings = [(style, text) for style, text in _texts(found) if style.startswith("Heading")]
    level_one = [text for style, text in headings if style == "Heading1"]
    s = Templates().strings("es")
    assert level_one == [s[key] for key in ("cover", "glossary", "executive_summary", "findings", "conclusions",
                                            "lessons", "good_practices", "recommendations", "annexes")]
    assert ("Heading3", "1. Adaptación del proyecto a las necesidades") in headings
    assert all(style in {f"Heading{n}" for n in range(1, 7)} for style, _ in headings)


def test_footnotes_are_word_footnotes(sample):
    _, written, found = sample
    assert written.footnotes == found["footnotes"] >= 1
    footnotes = found["parts"]["word/footnotes.xml"].decode()
    assert "Nota de muestra sobre las fuentes" in footnotes or "Sample note" in footnotes
    assert "[^1]" not in "".join(text for _, text in _texts(found))


def test_references_link_to_bookmarks_and_every_item_has_one(sample):
    project, written, found = sample
    names = found["bookmarks"]
    for item in ("H1", "H2", "S1", "C1", "R1", "page:summary", "page:cover"):
        assert bookmark_name(item) in names, item
    assert bookmark_name("C1") in found["anchors"]  # [[C1]] in S1's narrative
    # A question is not written in the document: its reference keeps its words, without a dead link.
    assert bookmark_name("Q1") not in found["anchors"]
    assert written.bookmarks["finding"] == sum(1 for n in names if parse_bookmark(n) and parse_bookmark(n)[0]
                                               .startswith("H") and parse_bookmark(n)[1] is None)


def test_paragraph_bookmarks_span_each_paragraph_of_an_item(sample):
    _, written, found = sample
    names = found["bookmarks"]
    assert bookmark_name("S1", 1) in names and bookmark_name("S1", 2) in names
    assert bookmark_name("H1", 1) in names
    body = found["body"]
    # The bookmark of S1's first paragraph opens and closes inside one paragraph: its words.
    start = next(e for e in body.iter(W + "bookmarkStart") if e.get(W + "name") == bookmark_name("S1", 1))
    paragraph = start.getparent()
    assert paragraph.tag == W + "p"
    assert any(e.get(W + "id") == start.get(W + "id") for e in paragraph.iter(W + "bookmarkEnd"))
    assert "entrevistas" in "".join(t.text for t in paragraph.iter(W + "t"))
    assert written.bookmarks["paragraph"] == sum(1 for n in names if parse_bookmark(n) and parse_bookmark(n)[1])


def test_identity_and_bookmark_map(sample, tmp_path):
    _, written, found = sample
    core = found["parts"]["docProps/core.xml"].decode()
    identity = Identity.from_identifier(written.identity.identifier())
    assert identity == written.identity
    assert identity.evaluation == "SAMPLE/00/01/XXX" and identity.edition == "review" and identity.language == "es"
    assert written.identity.identifier().replace("&", "&amp;") in core
    path = tmp_path / "draft.docx"
    path.write_bytes(written.data)
    draft = draft_map_of(path)
    assert draft is not None and draft.identity == written.identity
    assert set(draft.bookmarks.entries) == set(found["bookmarks"])
    assert draft.bookmarks.lookup(bookmark_name("S1", 2)) == ("S1", 2)
    assert read_map(b"<other/>") is None and read_map(b"not xml") is None


def test_public_edition_leaves_out_internal_items_and_comments(tmp_path):
    def internal(content: Path):
        path = content / "recommendations.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("- id: R3\n", "- id: R3\n  visibility: internal\n", 1), encoding="utf-8")

    project = _project(tmp_path, edit=internal)
    written = _write(project, edition="public")
    found = check_structure(written.data)
    assert bookmark_name("R3") not in found["bookmarks"] and bookmark_name("R1") in found["bookmarks"]
    assert written.identity.edition == "public" and written.identity.round is None
    assert report_docx_name("public", "es") == "report-es.docx" and report_docx_name("review", "en") == "draft-en.docx"


def test_numbered_paragraphs_keep_the_reports_numbers(tmp_path):
    def numbered(content: Path):
        (content / "findings" / "S1.es.md").write_text(
            "85. El análisis se apoya en entrevistas.\n\n86. Un segundo párrafo con [[C1]].\n\n"
            "Un párrafo sin número.\n\n1. una lista\n2. de dos\n", encoding="utf-8")

    project = _project(tmp_path, "languages: [es, en]\nnumbered_paragraphs: true\n", numbered)
    found = check_structure(_write(project).data)
    names = found["bookmarks"]
    assert bookmark_name("S1", 85) in names and bookmark_name("S1", 86) in names
    assert bookmark_name("S1", 3) not in names  # unnumbered paragraphs: the section's bookmark covers them
    texts = [text for _, text in _texts(found)]
    assert "85. El análisis se apoya en entrevistas." in texts
    assert "1. una lista" in texts


def test_hostile_text_unusual_ids_and_long_texts_do_not_break_the_document(tmp_path, monkeypatch):
    long_id = "X" + "a" * 60
    # check refuses control characters (text.control_character); the writer must survive them all the same
    monkeypatch.setattr("reportgen.content.yamlfile.find_control_character", lambda text: None)

    def hostile(content: Path):
        narrative = content / "findings" / "S1.es.md"
        narrative.write_text(
            "Control \x01\x02\x0b\x1f characters, \ue000 markers\ue001 and \ufffe.\n\n"
            "[a script](javascript:alert(1)) [web](https://example.org/a?b=1&c=2)\n\n"
            + ("Muy largo " * 20000) + "\n\n<script>alert(1)</script> {: onclick=x}\n\n[^nota]\n\n"
            "[^nota]: Una nota con [[C1]] y **negrita**.\n\n| a |\n|---|\n| [[C1]] |\n", encoding="utf-8")
        findings = content / "findings" / "S1.yaml"
        text = findings.read_text(encoding="utf-8")
        text = text.replace("  - id: H2\n", f"  - id: {long_id}\n    text: {{es: 'Hallazgo de ID largo', en: 'Long'}}\n"
                            "  - id: H2\n", 1)
        text = text.replace("  - id: H1\n", "  - id: SPE13.1-x_y\n    text: {es: \"| a |\\n|---|\\n| tabla |\", en: 'Dots'}\n"
                            "  - id: H1\n", 1)
        findings.write_text(text, encoding="utf-8")
        evaluation = content / "evaluation.yaml"
        evaluation.write_text(evaluation.read_text(encoding="utf-8").replace(
            "code: SAMPLE/00/01/XXX", 'code: "SAMPLE\\x01;00%"'), encoding="utf-8")

    project = _project(tmp_path, edit=hostile)
    written = _write(project)
    found = check_structure(written.data)
    hashed = bookmark_name(long_id)
    assert "__h" in hashed and hashed in found["bookmarks"]
    maps = [read_map(data) for name, data in found["parts"].items() if name.startswith("customXml/item")]
    draft = next(m for m in maps if m is not None)
    assert draft.bookmarks.lookup(hashed) == (long_id, None)
    assert bookmark_name("SPE13.1-x_y") in found["bookmarks"]
    assert "SPE13.1-x_y. " in [text for _, text in _texts(found)]  # a finding opening with a table keeps its ID
    assert draft.identity.evaluation == "SAMPLE;00%" == Identity.from_identifier(
        written.identity.identifier()).evaluation
    document = found["parts"]["word/document.xml"].decode()
    rels = found["parts"]["word/_rels/document.xml.rels"].decode()
    assert "javascript" not in rels and "https://example.org/a?b=1&amp;c=2" in rels
    assert "\x01" not in document and "\ue000" not in document
    assert "<script>" not in document  # the words are text: escaped in the XML
    assert found["footnotes"] >= 1


def test_english_document_falls_back_to_the_original_where_untranslated(tmp_path):
    def untranslated(content: Path):
        (content / "findings" / "S1.en.md").unlink()
        findings = content / "findings" / "S1.yaml"
        findings.write_text(findings.read_text(encoding="utf-8").replace("    en: S1.en.md\n", ""),
                            encoding="utf-8")

    project = _project(tmp_path, edit=untranslated)
    found = check_structure(_write(project, "en").data)
    texts = " ".join(text for _, text in _texts(found))
    assert "Key findings" in texts and "entrevistas" in texts


def test_a_word_comment_inside_a_paragraph_is_traced_back_to_its_item_and_paragraph(sample, tmp_path):
    """What a comment reader does: the bookmarks open where the comment starts name its place."""
    import docx

    _, written, _ = sample
    document = docx.Document(io.BytesIO(written.data))
    paragraph = next(p for p in document.paragraphs
                     if any(e.get(W + "name") == bookmark_name("S1", 1) for e in p._p.iter(W + "bookmarkStart")))
    document.add_comment(paragraph.runs[0], text="¿Qué fuentes?", author="MIMP", initials="M")
    path = tmp_path / "commented.docx"
    document.save(str(path))

    body = etree.fromstring(_parts(path.read_bytes())["word/document.xml"])
    open_marks: dict[str, str] = {}
    for element in body.iter(W + "bookmarkStart", W + "bookmarkEnd", W + "commentRangeStart"):
        if element.tag == W + "bookmarkStart":
            open_marks[element.get(W + "id")] = element.get(W + "name")
        elif element.tag == W + "bookmarkEnd":
            open_marks.pop(element.get(W + "id"), None)
        else:
            break
    names = draft_map_of(path).bookmarks
    places = [names.lookup(name) for name in open_marks.values()]
    assert ("S1", 1) in places and ("S1", None) in places


def test_the_same_content_gives_the_same_file(sample):
    from reportgen.downloads.reproducible import fixed_zip

    project, written, _ = sample
    again = _write(project)
    assert fixed_zip(again.data, 0) == fixed_zip(written.data, 0)


def test_the_review_sites_draft_is_sent_out_for_the_projects_open_round(tmp_path):
    import dataclasses

    from reportgen.downloads import write_downloads

    project = _project(tmp_path, "languages: [es, en]\nopen_round: draft-3\n")
    results = {}
    for edition in ("review", "public"):
        checked = check(project, edition)
        checked.graph.ctx = dataclasses.replace(checked.ctx, downloads=("data",))  # the Word files, no PDF
        site = tmp_path / f"site-{edition}"
        write_downloads(checked.graph, Templates(project.template_dirs, checked.ctx.config.vocabulary), site)
        [docx] = site.rglob(f"{report_docx_name(edition, 'es')}")
        results[edition] = draft_map_of(docx).identity.sent_for
    assert results == {"review": "draft-3", "public": None}
