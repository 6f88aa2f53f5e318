"""portal/search.py without Pagefind: the record pages it indexes (text, target, filters) and the
search page's filters. Every text is escaped; filters are in the reader's language."""

from __future__ import annotations

from datetime import date

import pytest

from reportgen.portal.artifacts import Artifact
from reportgen.portal.records import make_library
from reportgen.portal.search import evaluation_html, group_html, record_html, search_filters
from reportgen.render.pages import Templates


@pytest.fixture(scope="module")
def s() -> dict:
    return Templates().strings("en")["portal"]


def _library(tmp_path):
    first = {"languages": ["es", "en"], "items": [
        {"id": "R1", "type": "recommendation", "text": {"es": "Reforzar <b>la</b> red", "en": "Strengthen the network"}},
        {"id": "C1", "type": "conclusion", "text": {"es": "Uno", "en": "One"}},
        {"id": "C2", "type": "conclusion", "text": {"es": "Dos", "en": "Two"}}],
        "evaluation": {"code": "EV-1", "title": {"es": "Alianzas", "en": "Alliances"},
                       "country": {"es": "Perú", "en": "Peru"}, "completion_date": {"es": "2019"},
                       "summary_text": {"es": "Resumen **breve**", "en": "Short summary"}}}
    second = {"languages": ["fr"], "items": [{"id": "L1", "type": "lesson", "title": {"fr": "Leçon"},
                                              "text": {"fr": "Apprendre"}}],
              "evaluation": {"code": "EV-2", "title": {"fr": "Évaluation"}, "completion_date": {"fr": "2023"}}}
    return make_library([Artifact(tmp_path / "a", {}, first), Artifact(tmp_path / "b", {}, second)],
                        ["en", "es"], date(2025, 1, 1))


def test_a_recommendation_record(tmp_path, s):
    library = _library(tmp_path)
    html = record_html(library.of_kind("recommendation")[0], "es", s)
    # No title: its first words stand for one; HTML in a text is text.
    assert '<h1 data-pagefind-meta="title">EV-1 · R1. Reforzar &lt;b&gt;la&lt;/b&gt; red …</h1>' in html
    assert "<p>EV-1 R1 Reforzar &lt;b&gt;la&lt;/b&gt; red</p>" in html  # the code and ID make R1 findable
    assert 'data-pagefind-meta="target:e/ev-1/recommendations/#R1"' in html
    assert 'data-pagefind-meta="evaluation:Alianzas"' in html
    assert '<span data-pagefind-filter="kind">recommendation</span>' in html  # keys: one option per value
    assert '<span data-pagefind-filter="year">2019</span>' in html
    assert '<span data-pagefind-filter="country">pe</span>' in html  # the same key in every index


def test_a_lesson_in_a_language_its_evaluation_lacks(tmp_path, s):
    lesson = _library(tmp_path).of_kind("lesson")[0]
    html = record_html(lesson, "en", s)
    assert '<html lang="en">' in html
    assert "EV-2 · L1. Leçon" in html and "Apprendre" in html  # shown in French, indexed in English
    assert "target:e/ev-2/lessons/#L1" in html


def test_conclusions_share_one_record_with_a_heading_each(tmp_path, s):
    library = _library(tmp_path)
    html = group_html(library.evaluations[0], library.of_kind("conclusion"), "en", s)
    assert '<h2 id="C1">EV-1 C1</h2><p>One</p><h2 id="C2">EV-1 C2</h2><p>Two</p>' in html
    assert "target:e/ev-1/en/conclusions/" in html and "#C1" not in html.split("target:")[1].split('"')[0]
    assert "EV-1 · Conclusions" in html


def test_an_evaluation_record_leads_to_its_portal_page(tmp_path, s):
    html = evaluation_html(_library(tmp_path).evaluations[0], "en", s)
    assert "target:en/evaluations/ev-1/index.html" in html
    assert "EV-1 · Alliances" in html
    assert "Short summary" in html and "**" not in html
    assert '<span data-pagefind-filter="kind">evaluation</span>' in html


def test_the_search_pages_filters(tmp_path, s):
    filters = {f.key: f for f in search_filters(_library(tmp_path), "en", s)}
    assert list(filters) == ["year", "country", "language", "kind"]
    assert filters["year"].values == (("2023", "2023"), ("2019", "2019"))  # newest first
    assert filters["country"].values == (("pe", "Peru"),)
    assert filters["language"].values == (("en", "English"), ("fr", "French"), ("es", "Spanish"))  # by label
    assert filters["kind"].name == "Kind of item"
    assert [k for k, _ in filters["kind"].values] == ["evaluation", "recommendation", "lesson", "conclusion"]


def test_a_filter_without_values_is_left_out(tmp_path, s):
    library = _library(tmp_path)
    for evaluation in library.evaluations:
        evaluation.facets["country"] = []
    assert "country" not in {f.key for f in search_filters(library, "en", s)}


# --- the index is complete when the Pagefind service is stopped (issue 23 item 5) ----------------------

WRITER = """
import sys, time
path, parts = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for n in range(parts):
        out.write("x" * 1000)
        out.flush()
        time.sleep(0.1)
print("closed", flush=True)
time.sleep(30)
"""


def test_the_service_is_stopped_only_once_no_file_of_the_bundle_is_open(tmp_path):
    """Pagefind answers `write_files` while its last writes are still pending (tokio, no flush) and the
    API then kills it: written_by waits until the process holds no file of the output open."""
    import subprocess
    import sys

    from reportgen.downloads.common import run_coroutine
    from reportgen.portal.search import written_by

    (tmp_path / "bundle").mkdir()
    target = tmp_path / "bundle" / "wasm.en.pagefind"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), "10"], stdout=subprocess.PIPE, text=True)
    try:
        while not target.exists():  # the writer has the file open
            pass
        run_coroutine(written_by(writer.pid, tmp_path / "bundle"))
        assert target.read_bytes() == b"x" * 10_000  # complete: the wait ended when the file was closed
        assert writer.stdout.readline() == "closed\n"
        run_coroutine(written_by(None, tmp_path / "bundle"))  # no process to look at: no wait
    finally:
        writer.kill()
        writer.wait()


# --- record pages written in the order Pagefind then numbers them (issue 23 item 5) ----------------------

def test_records_written_so_that_pagefind_numbers_them_by_address_and_nothing_is_rewritten(tmp_path, monkeypatch):
    """On a file system that lists a folder's names in the order of their creation or its reverse
    (tmpfs), write_records makes Pagefind's walk find the pages in the order renumber_pages wants; the
    bundle then says the same as one written in any other order and renumbered, byte for byte."""
    import shutil

    from reportgen.downloads.common import run_coroutine
    from reportgen.portal import pagefind_order
    from reportgen.portal.pagefind_order import _read, by_address, order_bundle
    from reportgen.portal.search import _index, _listing_order, scratch_folder, write_records

    pages = {lang: [(f"ev-{n}/{kind}-R{k}.html",
                     f'<html lang="{lang}"><body><main data-pagefind-body><h1>{lang} {n} {kind} {k}</h1>'
                     f'<p>word{n} other{k} {kind}</p><div data-pagefind-filter="year">{2015 + n % 3}</div>'
                     f'</main></body></html>') for n in range(12) for kind in ("recommendation", "lesson")
                    for k in range(1, 4)] for lang in ("es", "en")}
    scratch = scratch_folder(tmp_path / "site")
    try:
        if _listing_order(scratch) == 0:
            pytest.skip(f"{scratch}'s file system lists names in neither creation order (no tmpfs here)")
        write_records(scratch, pages)
        run_coroutine(_index(scratch, tmp_path / "ordered"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for meta in sorted((tmp_path / "ordered").glob("pagefind.*.pf_meta")):
        numbered = _read(meta)[1]
        assert by_address(tmp_path / "ordered", numbered) == list(range(len(numbered)))  # in order already
    # the same pages written in another order (a hash-ordered file system), indexed and renumbered
    other = tmp_path / "site" / "shuffled"
    for lang, records in pages.items():
        for name, html in sorted(records, key=lambda record: hash(record[0]) % 97):
            (other / lang / name).parent.mkdir(parents=True, exist_ok=True)
            (other / lang / name).write_text(html, encoding="utf-8")
    run_coroutine(_index(other, tmp_path / "renumbered"))
    calls: list[int] = []
    original = pagefind_order._words
    monkeypatch.setattr(pagefind_order, "_words", lambda *args: calls.append(1) or original(*args))
    assert order_bundle(tmp_path / "ordered") and not calls  # nothing decoded: only recompressed
    assert order_bundle(tmp_path / "renumbered")

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    assert calls and files(tmp_path / "ordered") == files(tmp_path / "renumbered")
