"""portal/pagefind_merge.py (issue 23, item 5): the search index merged from per-evaluation parts is the
bundle Pagefind writes for every record at once, byte for byte, and answers queries alike in Chromium;
an unchanged evaluation's part is taken from the cache, a changed one's indexed again."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from reportgen.portal import pagefind_merge, search
from reportgen.portal.build import build_portal, read_artifact
from reportgen.portal.config import load_config
from reportgen.portal.pagefind_order import _read
from reportgen.portal.records import make_library

sys.path.insert(0, str(Path(__file__).parent))
from test_portal_incremental import DAY, write_artifact, write_portal  # noqa: E402

# Enough distinct words that each language's index has several chunks (Pagefind ends a chunk once its
# postings weigh 20,000), words with accents (a folded word with its variants) and shared words.
WORDS = [f"palabra{n}" for n in range(2600)] + ["evaluación", "acción", "niño", "institucionalización"]
EVALUATIONS = (1, 2, 3, 4)


def many_words(n: int) -> str:
    return " " + " ".join(WORDS[(n * 577 + k * 7) % len(WORDS)] for k in range(2200))


def files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def assemble(root: Path, out: Path) -> None:
    result = build_portal(root, out, from_artifacts=root / "artifacts", build_date=DAY)
    for process in result.removals + result.splitting:  # old trees removed, the search index's parts split: detached
        assert process.wait(timeout=300) == 0


def whole_bundle(root: Path, target: Path) -> Path:
    """Pagefind on every record page at once (no parts), put in order: the reference."""
    config = load_config(root, check_folders=False)
    artifacts = [read_artifact(root / "artifacts" / f"ev{n}")[0] for n in EVALUATIONS]
    library = make_library([a for a in artifacts if a is not None], config.languages, DAY)
    target.mkdir()
    search.write_search_index(library, config, target)
    return target / search.BUNDLE


@pytest.fixture
def portal(tmp_path, monkeypatch) -> Path:
    for n in EVALUATIONS:
        write_artifact(tmp_path / "artifacts", n, many_words(n))
    # Parts are merged whenever one is cached (the library is small: by default it would be indexed whole).
    monkeypatch.setattr(search, "MERGE_SHARE", 1)
    return write_portal(tmp_path, list(EVALUATIONS))


def indexed_records(monkeypatch) -> list[list[str]]:
    """The record pages each Pagefind run of this test was given."""
    runs: list[list[str]] = []
    index = search._index

    async def counting(scratch: Path, output: Path) -> None:
        runs.append(sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*.html")))
        await index(scratch, output)

    monkeypatch.setattr(search, "_index", counting)
    return runs


def test_the_merged_bundle_is_pagefinds_whole_bundle_byte_for_byte(portal, tmp_path, monkeypatch):
    runs = indexed_records(monkeypatch)
    assemble(portal, tmp_path / "first")  # every part missing: indexed whole, split by a detached process
    parts = sorted(p.name.split(".")[0] for p in (portal / ".reportgen-portal" / "search" / "parts").glob("*.part"))
    assert parts == sorted(f"ev-{n}" for n in EVALUATIONS for _ in ("es", "en"))
    write_artifact(portal / "artifacts", 3, many_words(3) + " cambiado nuevo")
    assemble(portal, tmp_path / "second")
    # Only the changed evaluation's record pages were indexed again; the others' parts were merged.
    assert len(runs) == 2 and runs[1] and all("/ev-3/" in f"/{name}" for name in runs[1])
    assert len(runs[1]) < len(runs[0]) / 3
    merged = files(tmp_path / "second" / search.BUNDLE)
    whole = files(whole_bundle(portal, tmp_path / "whole"))
    assert sorted(merged) == sorted(whole)
    assert [name for name in whole if merged[name] != whole[name]] == []
    # The case the merge is for: several index chunks, words with variants.
    meta = _read(next((tmp_path / "second" / search.BUNDLE).glob("pagefind.es_*.pf_meta")))
    assert len(meta[2]) > 1
    chunks = [_read(tmp_path / "second" / search.BUNDLE / "index" / f"{ref[2]}.pf_index")[0] for ref in meta[2]]
    assert any(entry[2] for chunk in chunks for entry in chunk)


def test_a_part_is_reused_until_its_evaluation_changes_and_pruned_when_it_leaves(portal, tmp_path, monkeypatch):
    runs = indexed_records(monkeypatch)
    assemble(portal, tmp_path / "out")
    cache = portal / ".reportgen-portal" / "search"
    before = {p.name: p.stat().st_mtime_ns for p in (cache / "parts").glob("*.part")}
    write_artifact(portal / "artifacts", 2, many_words(2) + " otra")
    assemble(portal, tmp_path / "out")
    after = {p.name: p.stat().st_mtime_ns for p in (cache / "parts").glob("*.part")}
    # ev-2's parts (both languages) are new, under a new key; the old ones are gone; the others untouched.
    assert sorted(set(after) - set(before)) == sorted(n for n in after if n.startswith("ev-2."))
    assert sorted(set(before) - set(after)) == sorted(n for n in before if n.startswith("ev-2."))
    assert all(before[name] == after[name] for name in set(before) & set(after))
    assert len(runs) == 2 and {name.split("/")[1] for name in runs[1]} == {"ev-2"}
    # Nothing changed: no Pagefind run at all (the previous bundle is taken whole).
    assemble(portal, tmp_path / "out")
    assert len(runs) == 2
    # An evaluation leaves the portal: its parts and fragments are removed by the next merge that indexes.
    write_portal(portal, [1, 2, 3])
    write_artifact(portal / "artifacts", 1, many_words(1) + " otra vez")
    assemble(portal, tmp_path / "out")
    assert not list((cache / "parts").glob("ev-4.*")) and not list((cache / "fragments").glob("ev-4.*"))


def test_record_pages_are_made_only_for_the_parts_whose_inputs_changed(portal, tmp_path, monkeypatch):
    runs = indexed_records(monkeypatch)
    made: list[str] = []
    evaluation_html = search.evaluation_html

    def counting(evaluation, lang, s):
        made.append(f"{lang}/{evaluation.slug}")
        return evaluation_html(evaluation, lang, s)

    monkeypatch.setattr(search, "evaluation_html", counting)
    assemble(portal, tmp_path / "out")  # every part missing: every record page made
    assert sorted(made) == sorted(f"{lang}/ev-{n}" for n in EVALUATIONS for lang in ("es", "en"))
    inputs = json.loads((portal / ".reportgen-portal" / "search" / search.INPUTS).read_text())
    assert sorted(inputs) == sorted(made)
    made.clear()
    write_artifact(portal / "artifacts", 2, many_words(2) + " otra")
    assemble(portal, tmp_path / "out")
    # Only the changed evaluation's record pages were made (and indexed); the others' parts named from
    # their inputs; the bundle is Pagefind's whole one all the same.
    assert sorted(made) == ["en/ev-2", "es/ev-2"]
    assert {name.split("/")[1] for name in runs[1]} == {"ev-2"}
    merged = files(tmp_path / "out" / search.BUNDLE)
    whole = files(whole_bundle(portal, tmp_path / "whole"))
    assert sorted(merged) == sorted(whole) and [name for name in whole if merged[name] != whole[name]] == []
    # An evaluation leaves: its entries leave the inputs.
    write_portal(portal, [1, 2, 3])
    assemble(portal, tmp_path / "out")
    inputs = json.loads((portal / ".reportgen-portal" / "search" / search.INPUTS).read_text())
    assert sorted(inputs) == sorted(f"{lang}/ev-{n}" for n in (1, 2, 3) for lang in ("es", "en"))


def test_an_unreadable_cached_part_is_dropped_and_indexed_again_with_a_warning(portal, tmp_path, monkeypatch):
    runs = indexed_records(monkeypatch)
    assemble(portal, tmp_path / "first")
    cache = portal / ".reportgen-portal" / "search"
    damaged = next((cache / "parts").glob("ev-1.es.*.part"))
    damaged.write_bytes(damaged.read_bytes()[:100])  # a truncated file
    fragments = next(p for p in (cache / "fragments").glob("ev-4.en.*") if p.is_dir())
    next(fragments.glob("*.pf_fragment")).unlink()  # a part whose fragments are not all there
    write_artifact(portal / "artifacts", 3, many_words(3) + " cambiado nuevo")
    result = build_portal(portal, tmp_path / "second", from_artifacts=portal / "artifacts", build_date=DAY)
    for process in result.removals + result.splitting:
        assert process.wait(timeout=300) == 0
    assert len(result.warnings) == 1 and "2 cached part(s)" in result.warnings[0]
    assert "ev-1 (es)" in result.warnings[0] and "ev-4 (en)" in result.warnings[0]
    # Run 2 indexed the changed evaluation; run 3 the two parts that could not be read, nothing else.
    assert len(runs) == 3 and {name.split("/")[1] for name in runs[1]} == {"ev-3"}
    assert {tuple(name.split("/")[:2]) for name in runs[2]} == {("es", "ev-1"), ("en", "ev-4")}
    merged = files(tmp_path / "second" / search.BUNDLE)
    whole = files(whole_bundle(portal, tmp_path / "whole"))
    assert sorted(merged) == sorted(whole) and [name for name in whole if merged[name] != whole[name]] == []
    # Made again: readable, and the next assembly merges without a warning or a Pagefind run.
    assert all(pagefind_merge.read_part(part) is not None for part in (cache / "parts").glob("*.part"))
    write_artifact(portal / "artifacts", 2, many_words(2) + " otra")
    result = build_portal(portal, tmp_path / "second", from_artifacts=portal / "artifacts", build_date=DAY)
    # (run 4 was whole_bundle's, the reference)
    assert result.warnings == [] and len(runs) == 5 and {name.split("/")[1] for name in runs[4]} == {"ev-2"}


def test_an_unreadable_part_is_not_a_part(tmp_path):
    part = pagefind_merge.Part([["es_abc1234", 3]], {"kind": {"recommendation": [0]}}, ["title"])
    part.add("palabra", [[0, [1, 2], []]], [])
    part.add("accion", [], [("acción", [[0, [3], []]])])
    part.close()
    path = tmp_path / "p.part"
    pagefind_merge.write_part(path, part)
    again = pagefind_merge.read_part(path)
    assert again is not None and again.words == part.words and again.blob == part.blob
    assert again.variants == part.variants and list(again.table) == list(part.table)
    path.write_bytes(path.read_bytes()[:-1])  # cut short
    assert pagefind_merge.read_part(path) is None
    path.write_bytes(b'{"format": "other"}\n')
    assert pagefind_merge.read_part(path) is None


QUERIES = [("es", "evaluacion", {}), ("es", "palabra1", {}), ("en", "palabra25", {}), ("es", "EV-3 R1", {}),
           ("en", "KA2.1", {}), ("es", "palabra7", {"kind": ["recommendation"]}), ("en", "lesson", {"kind": ["lesson"]})]
SEARCH = """async ([query, filters]) => {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.options({});
  const found = await pagefind.search(query, {filters});
  const pages = await Promise.all(found.results.map(async r => {
      const d = await r.data(); return [d.url, d.meta.title, r.score.toFixed(6)]; }));
  return {pages, unfiltered: found.unfilteredResultCount, filters: found.filters,
          totals: found.totalFilters, all: await pagefind.filters()};
}"""


@pytest.mark.browser
def test_queries_on_the_merged_bundle_answer_as_on_a_whole_one(portal, tmp_path, monkeypatch, browser):
    from conftest import serve_folder

    assemble(portal, tmp_path / "first")
    write_artifact(portal / "artifacts", 1, many_words(1) + " cambiado")
    assemble(portal, tmp_path / "merged")
    shutil.copytree(tmp_path / "merged", tmp_path / "fresh", ignore=shutil.ignore_patterns(search.BUNDLE))
    whole_bundle(portal, tmp_path / "whole")
    shutil.copytree(tmp_path / "whole" / search.BUNDLE, tmp_path / "fresh" / search.BUNDLE)
    answers = {}
    for name in ("merged", "fresh"):
        server = serve_folder(tmp_path / name)
        page = browser.new_page()
        try:
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/es/404.html")
            answers[name] = [page.evaluate(SEARCH.replace("./pagefind/", "/pagefind/"), [query, filters])
                             for _, query, filters in QUERIES]
        finally:
            page.close()
            server.shutdown()
    assert answers["merged"] == answers["fresh"]
    found = dict(zip((q for _, q, _ in QUERIES), answers["merged"]))
    assert found["evaluacion"]["pages"] and found["palabra1"]["pages"]
    assert found["EV-3 R1"]["pages"][0][1].startswith("EV-3 · R1.")
    assert found["KA2.1"]["pages"] and found["palabra7"]["pages"]
    assert all("/recommendation-" in url for url, _, _ in found["palabra7"]["pages"])
    assert found["lesson"]["all"]["kind"]["lesson"] == 4 and json.dumps(found["lesson"]["totals"])


def _part(pages: int, words: list[tuple[str, list[list[object]], list[tuple[str, list[list[object]]]]]]):
    part = pagefind_merge.Part([[f"en_{n:07d}", 10] for n in range(pages)], {}, ["title"])
    for word, postings, variants in words:
        part.add(word, postings, variants)
    part.close()
    return part


def test_chunk_bounds_and_variant_order_are_pagefinds(tmp_path):
    """What Pagefind 1.5 wrote for 300 evaluations (a chunk ends once its postings weigh 20,000; the bounds
    are the shortest prefixes telling neighbours apart, but `actual` stays whole where `ac` would sort
    before its chunk's first bound `activ`; `acompañado`, found first, before `acompañadas`: a word's
    variants in the order of their first page)."""
    light, heavy = [[0, [], []]], [[0, list(range(19_998)), []]]  # weights 1 and 19,999
    chunks = [("237", "a"), ("abil", "achiev"), ("acquir", "action"), ("activ", "actual"), ("adapt", "address")]
    first = _part(1, [(word, postings, []) for a, b in chunks for word, postings in ((a, light), (b, heavy))]
                  + [("1", [], [("1ñb", light)])])
    second = _part(1, [("1", [], [("1ña", light)])])
    name, count = pagefind_merge.merge_parts([first, second], "en", tmp_path)
    meta = _read(tmp_path / f"pagefind.{name}.pf_meta")
    assert count == 2 and [ref[:2] for ref in meta[2]] == [
        ["1", "a"], ["ab", "ach"], ["acq", "actio"], ["activ", "actual"], ["ad", "address"]]
    words = {entry[0]: entry for ref in meta[2] for entry in _read(tmp_path / "index" / f"{ref[2]}.pf_index")[0]}
    # (a word found only in its variants: `1ñb` found first, on page 0, `1ña` on page 1)
    assert [variant for variant, _ in words["1"][2]] == ["1ñb", "1ña"] and words["1"][1] == []
    assert words["1"][2][1][1] == [[1, [], []]]  # the second part's page follows the first's
