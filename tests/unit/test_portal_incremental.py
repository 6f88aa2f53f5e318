"""Incremental assembly (issue 23, item 5): an assembly that reuses the previous output is byte-identical
to a clean assembly of the same artifacts after one evaluation changed, one was added, one removed, and
after portal.yml changed (then nothing is reused); a failed assembly leaves the previous portal and its
manifest as they were."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from reportgen.output import remove_stale_staging
from reportgen.portal import search
from reportgen.portal.artifacts import EXPORT, FORMAT, META, SITE
from reportgen.portal.build import build_portal
from reportgen.portal.incremental import MANIFEST
from reportgen.portal.pagefind_order import _read, renumber_pages

DAY = date(2026, 12, 6)
COUNTRIES = [{"es": "Perú", "en": "Peru"}, {"es": "Bolivia", "en": "Bolivia"}, {"es": "Chile", "en": "Chile"}]


def export(n: int, words: str = "") -> dict:
    """Evaluation EV-n: two recommendations, a lesson; EV-2's R1 follows up EV-1's R1."""
    code = f"EV-{n}"
    items = [{"id": f"R{k}", "type": "recommendation", "title": {"es": f"Título {k} de {code}{words}",
                                                                  "en": f"Title {k} of {code}{words}"},
              "text": {"es": f"Texto {k} {words}", "en": f"Text {k} {words}"}, "priority": "high" if k == 1 else "low",
              "follows_up": {"evaluation": "EV-1", "recommendation": "R1"} if n == 2 and k == 1 else None}
             for k in (1, 2)]
    items.append({"id": "L1", "type": "lesson", "title": {"es": f"Lección de {code}", "en": f"Lesson of {code}"},
                  "text": {"es": "Lección", "en": "Lesson"}})
    return {"format": "reportgen/1", "languages": ["es", "en"],
            "evaluation": {"code": code, "title": {"es": f"Evaluación {n}", "en": f"Evaluation {n}"},
                           "country": COUNTRIES[n % 3], "completion_date": {"es": f"Junio {2019 + n}",
                                                                             "en": f"June {2019 + n}"}},
            "items": items,
            "management_responses": [{"recommendation": "R2", "status": "accepted", "date": "2025-02-01",
                                      "text": {"es": "Respuesta", "en": "Response"},
                                      "key_actions": [{"id": "KA2.1", "text": {"es": "Acción", "en": "Action"},
                                                       "unit": "Unit", "due": "2026-01-31", "status": "in progress"}]}]}


def write_artifact(artifacts: Path, n: int, words: str = "") -> None:
    folder = artifacts / f"ev{n}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / SITE).mkdir(parents=True)
    (folder / SITE / "index.html").write_text(f"<!doctype html><title>EV-{n}</title>", encoding="utf-8")
    meta = {"format": FORMAT, "code": f"EV-{n}", "languages": ["es", "en"], "edition": "public",
            "fingerprint": "abc", "reportgen": "0", "downloads": False}
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    (folder / EXPORT).write_text(json.dumps(export(n, words)), encoding="utf-8")


def write_portal(root: Path, numbers: list[int], title: str = "Portal") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = [f"title: {title}", "languages: [es, en]", "downloads: false", "evaluations:"]
    (root / "portal.yml").write_text("\n".join(lines + [f"  - evaluations/ev{n}" for n in numbers]) + "\n",
                                     encoding="utf-8")
    return root


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Pagefind numbers an index's pages in the order it finishes reading them, which a loaded machine can
# change from one run to the next; the bundle's files that hold page numbers are compared by what they
# say (pages named by their content-addressed fragment), the others byte for byte.
NUMBERED = (".pf_meta", ".pf_filter", ".pf_index", "pagefind-entry.json")


def comparable(root: Path) -> dict[str, object]:
    found: dict[str, object] = {name: data for name, data in files(root).items()
                                if not (name.startswith("pagefind/") and name.endswith(NUMBERED))}
    bundle = root / "pagefind"
    for meta_path in sorted(bundle.glob("pagefind.*.pf_meta")):
        meta = _read(meta_path)
        lang = meta_path.name.split(".")[1].split("_")[0]
        pages = [page[0] for page in meta[1]]
        found[f"pagefind/{lang} pages"] = sorted(map(tuple, meta[1]))
        for path in sorted((bundle / "filter").glob(f"{lang}_*.pf_filter")):
            name, values = _read(path)
            found[f"pagefind/{lang} filter {name}"] = sorted((value, sorted(pages[n] for n in numbers))
                                                             for value, numbers in values)
        found[f"pagefind/{lang} words"] = sorted(entry[0] for path in sorted((bundle / "index").glob(f"{lang}_*"))
                                                 for entry in _read(path)[0])
    return found


@pytest.fixture
def library(tmp_path) -> Path:
    for n in (1, 2, 3):
        write_artifact(tmp_path / "artifacts", n)
    return tmp_path


def assemble(root: Path, artifacts: Path, out: Path):
    result = build_portal(root, out, from_artifacts=artifacts, build_date=DAY)
    for removal in result.removals:  # old trees, removed by detached processes
        assert removal.wait(timeout=120) == 0
    for split in result.splitting:  # the search index's parts, made by a detached process
        split.wait(timeout=300)
    return result


def check_against_clean(tmp_path: Path, portal: Path, out: Path, name: str):
    """The incremental output `out` equals a clean assembly of the same artifacts, file for file (its
    exports' rows made again: the cache of rows removed first)."""
    clean = tmp_path / f"clean-{name}"
    shutil.rmtree(portal / ".reportgen-portal" / "rows", ignore_errors=True)
    assemble(portal, tmp_path / "artifacts", clean)
    incremental, fresh = comparable(out), comparable(clean)
    assert sorted(incremental) == sorted(fresh)
    assert [path for path in fresh if incremental[path] != fresh[path]] == []


def test_incremental_assembly_equals_a_clean_one_after_each_kind_of_change(library, tmp_path):
    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    first = assemble(portal, artifacts, out)
    assert first.reused_pages == 0 and (out / MANIFEST).is_file() and first.removals == []  # nothing to remove

    same = assemble(portal, artifacts, out)  # nothing changed: every keyed page and the index reused
    assert same.reused_pages > 0 and same.index_reused
    # the first output was swapped out and kept as the spare the next assembly starts from
    assert same.removals == [] and same.kept_sites == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", ".out.spare", "artifacts", "out", "portal"]

    # (a) one evaluation changed: the texts of EV-1, whose R1 EV-2's R1 follows up (a link to it).
    write_artifact(artifacts, 1, words=" changed")
    changed = assemble(portal, artifacts, out)
    assert 0 < changed.reused_pages < same.reused_pages and not changed.index_reused
    assert changed.kept_sites == 2  # EV-2's and EV-3's sites kept from the spare, EV-1's linked again
    # the rest of the spare (its portal pages, EV-1's old site) was removed by a detached process
    assert [str(tmp_path / ".out.old-") in removal.args[3] for removal in changed.removals] == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", ".out.spare", "artifacts", "out", "portal"]
    assert "Title 1 of EV-1 changed" in (out / "en/recommendations/index.html").read_text(encoding="utf-8")
    assert "EV-1 R1</a>" in (out / "en/evaluations/ev-2/index.html").read_text(encoding="utf-8")
    check_against_clean(tmp_path, portal, out, "changed")

    # (b) one evaluation added
    write_artifact(artifacts, 4)
    write_portal(portal, [1, 2, 3, 4])
    added = assemble(portal, artifacts, out)
    assert added.reused_pages > 0 and (out / "es/evaluations/ev-4/index.html").is_file()
    check_against_clean(tmp_path, portal, out, "added")

    # (c) one evaluation removed: the one EV-2 follows up (EV-2's link to it becomes its plain name)
    write_portal(portal, [2, 3, 4])
    removed = assemble(portal, artifacts, out)
    assert removed.reused_pages > 0 and not (out / "es/evaluations/ev-1").exists()
    assert "EV-1 R1</a>" not in (out / "en/evaluations/ev-2/index.html").read_text(encoding="utf-8")
    check_against_clean(tmp_path, portal, out, "removed")

    # (d) portal.yml's title changed: every page shows it, nothing is reused
    write_portal(portal, [2, 3, 4], title="Another portal")
    retitled = assemble(portal, artifacts, out)
    assert retitled.reused_pages == 0 and not retitled.index_reused
    check_against_clean(tmp_path, portal, out, "retitled")


def test_a_failed_assembly_leaves_the_previous_portal_and_manifest(library, tmp_path, monkeypatch):
    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    assemble(portal, artifacts, out)
    before = files(out)
    write_artifact(artifacts, 2, words=" edited")

    def crash(*args, **kwargs):
        raise RuntimeError("killed while indexing")

    monkeypatch.setattr(search, "_index", crash)
    with pytest.raises(RuntimeError):
        assemble(portal, artifacts, out)
    assert files(out) == before  # the last good portal, with the manifest that describes it
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.building")]  # no staging left
    for removal in remove_stale_staging(out, background=True):  # the staging, moved aside, being removed
        assert removal.wait(timeout=120) == 0
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.old")]
    monkeypatch.undo()
    again = assemble(portal, artifacts, out)
    assert again.reused_pages > 0
    check_against_clean(tmp_path, portal, out, "after-crash")


def test_a_page_changed_or_deleted_in_the_output_is_not_trusted_blindly(library, tmp_path):
    """A page missing from the previous output is rendered again (the manifest alone is not enough)."""
    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    assemble(portal, artifacts, out)
    (out / "en/evaluations/ev-3/index.html").unlink()
    assemble(portal, artifacts, out)
    check_against_clean(tmp_path, portal, out, "deleted")


def _pages_by_word(bundle: Path) -> dict[str, list]:
    """Every word (and variant) of every language with the pages it is on, named by fragment, and its
    positions: what the index says, whatever the pages' numbers."""
    found: dict[str, list] = {}
    for meta_path in sorted(bundle.glob("pagefind.*.pf_meta")):
        meta = _read(meta_path)
        lang, pages = meta_path.name.split(".")[1].split("_")[0], [page[0] for page in meta[1]]

        def named(postings):
            page, out = 0, []
            for posting in postings:
                page += posting[0]
                out.append((pages[page], repr(posting[1:])))
            return sorted(out)
        for chunk in sorted((bundle / "index").glob(f"{lang}_*")):
            for word, postings, variants in _read(chunk)[0]:
                found[f"{lang} {word}"] = [named(postings), sorted((v[0], named(v[1])) for v in variants)]
    return found


def test_pages_are_numbered_by_content_so_two_indexings_give_the_same_bytes(library, tmp_path):
    """Pagefind numbers pages in the order it finishes reading them (a loaded machine changes it):
    a bundle renumbered in any other order says the same, and numbering by content makes the bytes equal."""
    tmp_path = library
    portal, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "out"
    assemble(portal, tmp_path / "artifacts", out)
    copies = {}
    for name, order in (("reversed", lambda n: list(reversed(range(n)))),
                        ("shuffled", lambda n: sorted(range(n), key=lambda k: (k * 7919) % (n + 13)))):
        copies[name] = tmp_path / name
        shutil.copytree(out, copies[name])
        assert renumber_pages(copies[name] / "pagefind", order)
        assert files(copies[name] / "pagefind") != files(out / "pagefind")  # other numbers, other bytes
        assert comparable(copies[name]) == comparable(out)
        assert _pages_by_word(copies[name] / "pagefind") == _pages_by_word(out / "pagefind")
        assert renumber_pages(copies[name] / "pagefind")  # numbered by content again: as the assembly wrote it
        assert files(copies[name]) == files(out)


def test_a_file_made_again_with_the_same_bytes_is_the_previous_one(library, tmp_path):
    """After one evaluation changed, the pages rendered again whose bytes are the same (the home page, the
    root page, 404 pages) and the exports whose rows are the same (the follow-up workbooks: EV-1's titles
    are not in them) are the previous output's files, not written again: the same inode and time."""
    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    assemble(portal, artifacts, out)
    kept = ["index.html", "404.html", "en/index.html", "en/404.html", "downloads/follow-up-en.xlsx",
            "downloads/follow-up-es.csv"]
    changed = ["downloads/recommendations-en.xlsx", "downloads/recommendations-en.csv", "en/recommendations/index.html"]
    before = {name: os.stat(out / name) for name in kept + changed}
    write_artifact(artifacts, 1, words=" changed")
    assemble(portal, artifacts, out)
    after = {name: os.stat(out / name) for name in kept + changed}
    assert [name for name in kept if (after[name].st_ino, after[name].st_mtime_ns)
            != (before[name].st_ino, before[name].st_mtime_ns)] == []
    assert [name for name in changed if after[name].st_ino == before[name].st_ino] == []
    check_against_clean(tmp_path, portal, out, "kept")


def test_cards_are_taken_from_the_cache_of_the_previous_assembly(library, tmp_path):
    """After one evaluation changed, only its items' cards are rendered for the lists (the others come
    from the cache of cards), and the output equals a clean assembly that renders every card."""
    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    first = assemble(portal, artifacts, out)
    cards = portal / ".reportgen-portal" / "cards"
    names = [f"ev-{n}.{lang}.{kind}.json" for n in (1, 2, 3) for lang in ("en", "es") for kind in ("lesson", "recommendation")]
    assert sorted(p.name for p in cards.iterdir()) == names
    assert assemble(portal, artifacts, out).cards_rendered == 0  # nothing changed: every list page taken
    assert sorted(p.name for p in cards.iterdir()) == names  # and the cards kept
    write_artifact(artifacts, 1, words=" changed")
    changed = assemble(portal, artifacts, out)
    # EV-1's three items and EV-2's R1, which follows EV-1's R1 up (its link names it), in two languages
    assert (first.cards_rendered, changed.cards_rendered) == (18, 8)
    shutil.rmtree(cards)  # the clean assembly renders every card
    check_against_clean(tmp_path, portal, out, "cards")
    write_portal(portal, [2, 3])
    assemble(portal, artifacts, out)
    assert sorted(p.name for p in cards.iterdir()) == [name for name in names if not name.startswith("ev-1.")]


def test_a_lists_cards_are_written_when_the_list_is_done_and_not_held_after(library, tmp_path, monkeypatch):
    """Reuse.flush_cards: each list's cards go to the cache of cards when the list's pages are written;
    by the end of the assembly none is held (a library's cards are not all in memory at once)."""
    from reportgen.portal.incremental import Reuse

    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    held: list[tuple[int, int]] = []
    flushed: list[tuple[str, str, list[str]]] = []
    write_cards, flush_cards = Reuse.write_cards, Reuse.flush_cards

    def at_the_end(self, *args):
        held.append((len(self._used_cards), len(self._stored_cards)))
        return write_cards(self, *args)

    def flushing(self, lang, kind):
        flush_cards(self, lang, kind)
        flushed.append((lang, kind, sorted(p.name for p in self.cards.glob(f"*.{lang}.{kind}.json"))))

    monkeypatch.setattr(Reuse, "write_cards", at_the_end)
    monkeypatch.setattr(Reuse, "flush_cards", flushing)
    assemble(portal, artifacts, out)
    assert held == [(0, 0)]
    # Each item list's card files are there as soon as that list is done.
    assert ("en", "recommendation", [f"ev-{n}.en.recommendation.json" for n in (1, 2, 3)]) in flushed
    assert ("es", "lesson", [f"ev-{n}.es.lesson.json" for n in (1, 2, 3)]) in flushed
    write_artifact(artifacts, 1, words=" changed")
    assert assemble(portal, artifacts, out).cards_rendered == 8  # the others from the flushed files
    assert held[-1] == (0, 0)


def test_renumbering_a_linked_copy_of_the_published_index_leaves_the_published_files_alone(library, tmp_path):
    """The detached process that splits the index into parts works on a copy whose files are hard links to
    the published ones: renumbering it (what it does first) must replace files, never write through them."""
    from reportgen.portal.pagefind_merge import link_or_copy

    tmp_path = library
    portal, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "out"
    assemble(portal, tmp_path / "artifacts", out)
    published = files(out / "pagefind")
    copy = tmp_path / "linked"
    shutil.copytree(out / "pagefind", copy, copy_function=link_or_copy)
    assert renumber_pages(copy, lambda n: list(reversed(range(n))))
    assert files(copy) != published and files(out / "pagefind") == published


def test_a_list_whose_cards_did_not_change_is_taken_though_its_evaluation_changed(library, tmp_path, monkeypatch):
    """EV-3's lesson changes: EV-3's digest, and so the key of every list holding one of its items, changes,
    but its recommendation cards are those of the previous assembly: the recommendation lists are taken
    (Reuse.take_same) and not rendered, the lessons list is rendered; the output is a clean assembly's."""
    from reportgen.portal.incremental import Reuse

    tmp_path = library
    portal, artifacts, out = write_portal(tmp_path / "portal", [1, 2, 3]), tmp_path / "artifacts", tmp_path / "out"
    assemble(portal, artifacts, out)
    taken: dict[str, bool] = {}
    take_same = Reuse.take_same

    def spy(self, path, content, target):
        taken[path] = take_same(self, path, content, target)
        return taken[path]

    monkeypatch.setattr(Reuse, "take_same", spy)
    export3 = json.loads((artifacts / "ev3" / EXPORT).read_text(encoding="utf-8"))
    export3["items"][2]["text"] = {"es": "Lección nueva", "en": "New lesson"}
    (artifacts / "ev3" / EXPORT).write_text(json.dumps(export3), encoding="utf-8")
    assemble(portal, artifacts, out)
    assert taken["en/recommendations/index.html"] and taken["es/recommendations/index.html"]
    assert not taken["en/lessons/index.html"] and "New lesson" in (out / "en/lessons/index.html").read_text(
        encoding="utf-8")
    check_against_clean(tmp_path, portal, out, "lesson")
