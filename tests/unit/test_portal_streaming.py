"""The portal's assembly holds a compact part of each evaluation (issue 23, item 5: memory bounded by
streaming evaluations): the texts only the search index shows (an evaluation's summary, its
conclusions) are read again from the portal's summaries when that evaluation's record pages are made,
one evaluation's at a time; a list page is written as it is rendered, never held whole."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jinja2
import pytest

from reportgen.i18n import Catalogs
from reportgen.portal import artifacts as portal_artifacts
from reportgen.portal import build as portal_build
from reportgen.portal import pages as portal_pages
from reportgen.portal.artifacts import EXPORT, FORMAT, META, SITE
from reportgen.portal.build import read_artifact
from reportgen.portal.config import PortalConfig
from reportgen.portal.incremental import Reuse, put_stream
from reportgen.portal.pages import FollowUps, PortalPages
from reportgen.portal.records import EVALUATION_FACETS, make_library
from reportgen.portal.search import _record_pages

SUMMARY = "Resumen ejecutivo {n}: la red de inspección creció."
CONCLUSION = "Conclusión {n}: los comités funcionaron."


def _artifact(root: Path, n: int) -> Path:
    folder = root / f"ev{n}"
    (folder / SITE).mkdir(parents=True)
    (folder / SITE / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    meta = {"format": FORMAT, "code": f"EV-{n}", "languages": ["es", "en"], "edition": "public",
            "fingerprint": "abc", "reportgen": "0", "downloads": False}
    export = {"format": "reportgen/1", "languages": ["es", "en"],
              "evaluation": {"code": f"EV-{n}", "title": {"es": f"Evaluación {n}", "en": f"Evaluation {n}"},
                             "summary_text": {"es": SUMMARY.format(n=n), "en": f"Summary {n}."}},
              "items": [{"id": "R1", "type": "recommendation", "title": {"es": "Título", "en": "Title"},
                         "text": {"es": f"Texto {n}", "en": f"Text {n}"}, "priority": "high"},
                        {"id": "C1", "type": "conclusion", "text": {"es": CONCLUSION.format(n=n),
                                                                    "en": f"Conclusion {n}."}}],
              "management_responses": []}
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    (folder / EXPORT).write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def library_of_three(tmp_path, monkeypatch):
    """Three artifacts read through the portal's summaries, with the loads of search texts counted."""
    monkeypatch.setattr(portal_build, "RACY_SECONDS", 0.0)
    monkeypatch.setattr(portal_artifacts, "TEXTS_HELD", 0)  # none kept beyond the last one read
    portal_artifacts.release_texts()
    loads: list[str] = []
    artifacts = []
    for n in range(3):
        artifact, problem = read_artifact(_artifact(tmp_path, n), tmp_path / "summaries")
        assert problem is None
        loader = artifact.texts_loader
        assert loader is not None  # read again from the summary, not held

        def counted(loader=loader, code=artifact.code) -> tuple[dict, int]:
            loads.append(code)
            return loader()

        artifact.texts_loader = counted
        artifacts.append(artifact)
    return make_library(artifacts, ["es", "en"], date(2025, 1, 1)), loads


def test_the_library_holds_no_search_only_text(library_of_three):
    library, loads = library_of_three
    held = json.dumps([e.artifact.export for e in library.evaluations] + [i.data for i in library.items],
                      ensure_ascii=False)
    # neither the summaries, nor the conclusions, nor the items' bodies
    assert "Resumen ejecutivo" not in held and "los comités" not in held and "Texto 1" not in held
    assert "Título" in held and "Evaluación 1" in held  # titles and the cover are held
    assert all(e.artifact.texts is None for e in library.evaluations) and loads == []


def test_record_pages_read_the_read_texts_one_evaluation_at_a_time(library_of_three):
    library, loads = library_of_three
    pages = _record_pages(library, ["es", "en"])(None)
    es = dict(pages["es"])
    for n in range(3):  # the pages show what is no longer held
        assert SUMMARY.format(n=n) in es[f"ev-{n}/evaluation.html"]
        assert CONCLUSION.format(n=n) in es[f"ev-{n}/conclusion.html"]
        assert f"Texto {n}" in es[f"ev-{n}/recommendation-R1.html"]
    assert set(loads) == {"EV-0", "EV-1", "EV-2"}
    # a load per evaluation's run of record pages, not one per record; the last one read is all that is kept
    assert len(loads) <= 3 * 2 * 3
    assert portal_artifacts._LAST_TEXTS is not None and portal_artifacts._LAST_TEXTS[0].code == loads[-1]
    assert portal_artifacts._HELD_TEXTS == {}


def test_texts_are_kept_up_to_their_budget(library_of_three, monkeypatch):
    library, loads = library_of_three
    size = len((library.evaluations[0].artifact.folder.parent / "summaries" / "ev0.texts").read_text(encoding="utf-8"))
    monkeypatch.setattr(portal_artifacts, "TEXTS_HELD", 2 * size + 10)  # two of the three summaries
    _record_pages(library, ["es", "en"])(None)
    assert len(portal_artifacts._HELD_TEXTS) == 2 and portal_artifacts._HELD_SIZE <= 2 * size + 10
    assert sorted(loads) == ["EV-0", "EV-1", "EV-2"]  # each read once
    assert portal_artifacts._LAST_TEXTS[0].code == "EV-2"  # the third beyond the budget: the one read last
    portal_artifacts.release_texts()
    assert portal_artifacts._HELD_TEXTS == {} and portal_artifacts._LAST_TEXTS is None


def test_an_artifact_without_summaries_holds_its_texts(tmp_path):
    artifact, problem = read_artifact(_artifact(tmp_path, 7))
    assert problem is None and artifact.texts_loader is None
    assert artifact.read_texts()["evaluation"]["summary_text"]["es"] == SUMMARY.format(n=7)
    assert "summary_text" not in artifact.export["evaluation"]


def _list_pages(tmp_path: Path, n: int) -> PortalPages:
    evaluations = [{"languages": ["es", "en"], "items": [],
                    "evaluation": {"code": f"EV-{i}", "title": {"es": f"Eval {i}", "en": f"Eval {i}"}}}
                   for i in range(n)]
    from reportgen.portal.artifacts import Artifact

    library = make_library([Artifact(tmp_path / f"a{i}", {}, e) for i, e in enumerate(evaluations)], ["en"],
                           date(2025, 1, 1))
    templates = Catalogs()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in templates.dirs]), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    config = PortalConfig(root=tmp_path, file="portal.yml", title={"en": "P"}, languages=["en"])
    return PortalPages(library, config, templates, tmp_path / "site", "en", env, FollowUps(library))


def test_a_list_page_is_written_in_runs_of_cards(tmp_path, monkeypatch):
    monkeypatch.setattr(portal_pages, "CARDS_RUN", 2)
    pages = _list_pages(tmp_path, 5)
    runs = list(pages.cards(pages.library.evaluations, "../", EVALUATION_FACETS))
    assert len(runs) == 3 and all(str(run).count('class="card') <= 2 for run in runs)  # 2 + 2 + 1
    assert "".join(map(str, runs)).count("Eval ") == 5
    # the page written as it is rendered is the page rendered whole
    pages.write_list("evaluations", "evaluations", pages.library.evaluations, ("year",))
    written = (tmp_path / "site" / "en" / "evaluations" / "index.html").read_text(encoding="utf-8")
    whole = pages.env.get_template("portal/list.html.j2").render(
        p=pages, s=pages.s, m=pages.m, lang="en", root="../../", here="evaluations/index.html",
        config=pages.config, library=pages.library, folder="evaluations", kind="evaluations", facets={},
        total=5, records=pages.library.evaluations, current=None)
    assert written == whole and written.count("Eval ") >= 5


def test_a_streamed_file_of_the_previous_bytes_is_linked_to_it(tmp_path):
    previous = tmp_path / "out"
    (previous / "en").mkdir(parents=True)
    (previous / "en" / "page.html").write_text("same", encoding="utf-8")
    reuse = Reuse(previous, "key", {"pages": {}})
    site = tmp_path / "staging"
    put_stream(reuse, site, "en/page.html", iter(["sa", "me"]))
    assert (site / "en" / "page.html").stat().st_ino == (previous / "en" / "page.html").stat().st_ino
    put_stream(reuse, site, "en/other.html", iter(["new"]))
    assert (site / "en" / "other.html").read_text(encoding="utf-8") == "new" and reuse.unchanged == 1


def test_one_evaluations_cards_are_held_at_a_time(tmp_path, monkeypatch):
    from reportgen.portal import incremental

    from reportgen.portal.artifacts import Artifact

    exports = [{"languages": ["en"], "evaluation": {"code": f"EV-{i}", "title": {"en": f"Eval {i}"}},
                "items": [{"id": f"R{n}", "type": "recommendation", "title": {"en": f"Rec {n}"},
                           "text": {"en": f"Text {i}.{n}"}} for n in (1, 2)]} for i in range(3)]
    library = make_library([Artifact(tmp_path / f"a{i}", {}, e, digest=str(i)) for i, e in enumerate(exports)],
                           ["en"], date(2025, 1, 1))
    config = PortalConfig(root=tmp_path, file="portal.yml", title={"en": "P"}, languages=["en"])

    def assembly() -> tuple[Reuse, list[int]]:
        reuse = Reuse.start(tmp_path / "out", config, date(2025, 1, 1), cards=tmp_path / "cards")
        reuse.prepare(library, FollowUps(library))
        held = []
        for _ in range(2):  # the list, then a facet page: the same cards again
            for item in library.of_kind("recommendation"):
                assert reuse.card(item, "en", ("year",), 2, lambda item=item: f"<li>{item.id}</li>") \
                    == f"<li>{item.id}</li>"
                held.append(len(reuse._stored_cards))
        reuse.flush_cards("en", "recommendation")
        return reuse, held

    monkeypatch.setattr(incremental, "CARDS_HELD", 0)  # one evaluation's file at a time
    first, held = assembly()
    assert first.cards_rendered == 6 and max(held) <= 1  # rendered once each though asked for twice
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == \
        [f"ev-{i}.en.recommendation.json" for i in range(3)]
    again, held = assembly()
    assert again.cards_rendered == 0 and max(held) == 1 and again._stored_cards == {} and again._used_cards == {}


def test_cards_printed_whole_by_a_projects_older_list_template_are_the_cards_joined():
    import jinja2
    from markupsafe import Markup

    from reportgen.portal.pages import CardRuns

    env = jinja2.Environment(autoescape=True)
    older = env.from_string("<ul>{{ p_cards }}</ul>")  # a project's copy of list.html.j2 before the runs
    assert older.render(p_cards=CardRuns(iter([Markup("<li>a</li>"), Markup("<li>b</li>")]))) == \
        "<ul><li>a</li><li>b</li></ul>"
    runs = env.from_string("{% for part in p_cards %}{{ part }}|{% endfor %}")
    assert runs.render(p_cards=CardRuns(iter([Markup("<li>a</li>"), Markup("<li>b</li>")]))) == "<li>a</li>|<li>b</li>|"


@pytest.mark.parametrize("previous_text", ["abcdef", "abcdefgh", "abcxyz", "ab", ""])
def test_a_streamed_file_compared_as_it_comes_is_the_text_written(tmp_path, monkeypatch, previous_text):
    """put_stream writes nothing while the parts match the previous file: whatever the previous file
    (the same, longer, different part-way, shorter, empty), the result is the text, and it is the
    previous file (linked) only when that holds the same bytes."""
    from reportgen.portal import incremental

    monkeypatch.setattr(incremental, "STREAM_CHUNK", 2)  # compared two characters at a time
    previous = tmp_path / "out"
    (previous / "en").mkdir(parents=True)
    (previous / "en" / "page.html").write_text(previous_text, encoding="utf-8")
    reuse = Reuse(previous, "key", {"pages": {}})
    site = tmp_path / "staging"
    put_stream(reuse, site, "en/page.html", iter(["a", "bc", "", "d", "ef"]))
    written = site / "en" / "page.html"
    assert written.read_text(encoding="utf-8") == "abcdef"
    linked = written.stat().st_ino == (previous / "en" / "page.html").stat().st_ino
    assert linked == (previous_text == "abcdef") and reuse.unchanged == int(linked)
    assert (previous / "en" / "page.html").read_text(encoding="utf-8") == previous_text  # never written to
