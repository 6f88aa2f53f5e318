"""The bundled evaluation's Word draft, commented at 50 places, comes back with every comment in place.

`reportgen export docx` writes the draft; this test plays 8 reviewers: margin comments at 40
places (findings, conclusions, recommendations, lessons, good practices, section analyses, table
cells, the executive summary, chapters' texts), tracked insertions and deletions at 10 more,
spread over the whole document, and comments on the words of 3 footnotes. `reportgen comments import` must put each one on the item and
paragraph whose bookmark holds it, with the words it was anchored to. The expectation comes from
the draft itself (the innermost reportgen bookmark around each run), never from a list of IDs.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli

ROUND = "word-round"
PLACES, CHANGES, FOOTNOTES = 40, 10, 3
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs_in_bookmarks(document, footnote_places: dict | None = None):
    """(run element, (item, paragraph)) for every run with text, by the innermost open reportgen bookmark;
    `footnote_places` receives footnote ID -> the place of its reference."""
    from docx.oxml.ns import qn

    from reportgen.review.wordmap import draft_map_of

    names = draft_map_of(Path(document.path)).bookmarks
    open_marks: dict[str, tuple[str, int | None]] = {}
    order: list[str] = []
    for element in document.docx.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:r"),
                                                    qn("w:footnoteReference")):
        if element.tag == qn("w:footnoteReference"):
            inner = next((open_marks[i] for i in reversed(order) if i in open_marks), None)
            if footnote_places is not None and inner is not None:
                footnote_places[element.get(qn("w:id"))] = inner
        elif element.tag == qn("w:bookmarkStart"):
            place = names.lookup(element.get(qn("w:name")))
            if place is not None:
                open_marks[element.get(qn("w:id"))] = place
                order.append(element.get(qn("w:id")))
        elif element.tag == qn("w:bookmarkEnd"):
            open_marks.pop(element.get(qn("w:id")), None)
        else:
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            inner = next((open_marks[i] for i in reversed(order) if i in open_marks), None)
            if inner is not None and len(text.split()) >= 4 and element.getparent().tag == qn("w:p"):
                yield element, inner


class _Draft:
    def __init__(self, path: Path):
        from docx import Document

        self.path = path
        self.docx = Document(path)


def _spread(candidates: list, count: int) -> list:
    """`count` candidates evenly over the document, at most one per (item, paragraph)."""
    unique = list({place: (run, place) for run, place in reversed(candidates)}.values())[::-1]
    step = len(unique) / count
    return [unique[int(i * step)] for i in range(count)]


def _track(run, number: int, author: str) -> str:
    """Turn a run into a tracked deletion (even numbers) or add a tracked insertion after it (odd)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if number % 2 == 0:
        change = OxmlElement("w:del")
        run.addprevious(change)
        change.append(run)
        for text in run.findall(qn("w:t")):
            text.tag = qn("w:delText")
    else:
        change = OxmlElement("w:ins")
        inserted = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = f" inserted words {number}"
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        inserted.append(text)
        change.append(inserted)
        run.addnext(change)
    change.set(qn("w:id"), str(90000 + number))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2026-12-01T10:00:00Z")
    return "deleted" if number % 2 == 0 else "inserted"


def _comment_in_footnotes(draft: Path, comment_ids: list[int], places: dict) -> dict:
    """Move each comment's range onto the words of a footnote, spread over the report (python-docx
    cannot anchor a comment in a footnote): the comment belongs where the footnote's reference stands."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(draft) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    body = etree.fromstring(parts["word/document.xml"])
    notes = etree.fromstring(parts["word/footnotes.xml"])
    footnotes = [f for f in notes.iter(W + "footnote") if f.get(W + "id") in places
                 and any(len((t.text or "").split()) >= 3 for t in f.iter(W + "t"))]
    expected = {}
    for number, comment_id in enumerate(comment_ids):
        markers = [e for e in body.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")
                   if e.get(W + "id") == str(comment_id)]
        start, end, reference = (markers[0], markers[1], markers[2].getparent())
        footnote = footnotes[(number + 1) * len(footnotes) // (len(comment_ids) + 1)]
        run = next(r for r in footnote.iter(W + "r") if len("".join(t.text or "" for t in r.iter(W + "t")).split()) >= 3)
        for marker in (start, end, reference):
            marker.getparent().remove(marker)
        run.addprevious(start)
        run.addnext(end)
        end.addnext(reference)
        words = " ".join("".join(t.text or "" for t in run.iter(W + "t")).split())
        expected[f"FN comment {number}"] = (places[footnote.get(W + "id")], words)
    parts["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return expected


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    from docx.text.run import Run

    project = tmp_path_factory.mktemp("word-round") / "project"
    project.mkdir()
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "reportgen.yml", project / "reportgen.yml")
    draft = project / "draft.docx"
    exported = run_cli("export", "docx", "--project", project, "-o", draft)
    assert exported.returncode == 0, exported.stderr
    document = _Draft(draft)
    footnote_places: dict = {}
    chosen = _spread(list(_runs_in_bookmarks(document, footnote_places)), PLACES + CHANGES)
    expected = {}
    for number, (run, place) in enumerate(chosen):
        author = f"Revisor {number % 8}"
        if number < PLACES:
            words = " ".join("".join(t.text or "" for t in run.iter(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")).split())
            document.docx.add_comment([Run(run, None)], f"RT comment {number}", author, "RV")
            expected[f"RT comment {number}"] = (place, words)
        else:
            expected[f"change {number}"] = (place, _track(run, number, author))
    footnote_comments = [document.docx.add_comment([Run(run, None)], f"FN comment {n}", "Revisor FN", "RF")
                         for n, (run, _) in enumerate(chosen[:FOOTNOTES])]  # their ranges move into footnotes
    document.docx.save(draft)
    expected.update(_comment_in_footnotes(draft, [c.comment_id for c in footnote_comments], footnote_places))
    imported = run_cli("comments", "import", ROUND, draft, "--name", "Word round", "--date", "2026-12", cwd=project)
    assert imported.returncode == 0, imported.stderr
    data = yaml.safe_load((project / "content" / "rounds" / f"{ROUND}.yaml").read_text(encoding="utf-8"))
    return expected, data["comments"], imported.stdout


def test_fifty_places_over_the_whole_report(round_trip):
    expected, _, _ = round_trip
    kinds = Counter(place[0].rstrip("0123456789.") for place, _ in expected.values())
    assert len(expected) == PLACES + CHANGES + FOOTNOTES
    assert len(kinds) >= 6, kinds  # findings, conclusions, recommendations, sections, the summary, ...


def test_every_comment_lands_on_its_item_and_paragraph_with_its_words(round_trip):
    from reportgen.review.anchors import normalise

    expected, comments, _ = round_trip
    by_text = {c["text"]: c for c in comments}
    wrong = []
    for text, ((item, paragraph), words) in expected.items():
        if not text.startswith(("RT comment", "FN comment")):
            continue
        got = by_text.get(text)
        quote = (got or {}).get("quote") or ""
        # A long quote is kept to its first words and marked " …" (review/word.py).
        quoted = normalise(quote.removesuffix(" …")) in normalise(words) if quote.endswith(" …") \
            else normalise(words) in normalise(quote)
        if got is None or (got.get("target"), got.get("paragraph")) != (item, paragraph) or not quoted:
            wrong.append((text, item, paragraph, got and (got.get("target"), got.get("paragraph"), got.get("quote"))))
    assert wrong == []


def test_every_tracked_change_is_a_suggestion_in_its_place(round_trip):
    expected, comments, _ = round_trip
    suggestions = [c for c in comments if c.get("suggestion")]
    assert len(suggestions) == CHANGES
    want = Counter((place, kind) for text, (place, kind) in expected.items() if text.startswith("change"))
    got = Counter(((c.get("target"), c.get("paragraph")), "deleted" if c["suggestion"].get("deleted") else "inserted")
                  for c in suggestions)
    assert got == want


def test_the_import_says_all_were_placed(round_trip):
    _, _, stdout = round_trip
    assert f"{PLACES + CHANGES + FOOTNOTES} placed on items" in stdout and " 0 unplaced" in stdout, stdout
