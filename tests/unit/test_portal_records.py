"""portal/records.py and the pure parts of portal/pages.py and portal/artifacts.py: what the portal
reads from each evaluation's export (facets, items, URLs, follow-up) with no build and no site."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reportgen.portal.artifacts import EXPORT, FORMAT, META, SITE, Artifact, read_artifact
from reportgen.portal.pages import FollowUps, dashboard, follow_up_rows
from reportgen.portal.records import (FacetValue, follow_up_status, make_library, slugify)

TODAY = date(2025, 6, 30)


def export(code="EV-1", languages=("es", "en"), **evaluation) -> dict:
    return {"format": "reportgen/1", "languages": list(languages),
            "evaluation": {"code": code, "title": {"es": "Evaluación", "en": "Evaluation"}, **evaluation},
            "items": [], "management_responses": []}


def artifact(tmp_path, data: dict, meta: dict | None = None) -> Artifact:
    return Artifact(tmp_path / data["evaluation"]["code"], meta or {}, data)


def action(ident="KA1", status="in progress", due="2025-12-31", **more) -> dict:
    return {"id": ident, "text": {"es": "Acción", "en": "Action"}, "unit": "PARDEV", "due": due, "status": status,
            **more}


def test_slugify_folds_accents_and_punctuation():
    assert slugify("Évaluation finale — Perú 2024") == "evaluation-finale-peru-2024"
    assert slugify("¿?") == "x"


def test_a_facet_value_falls_back_to_another_language_then_to_its_key():
    value = FacetValue("peru", (("es", "Perú"), ("en", "Peru")))
    assert (value.label("en"), value.label("fr")) == ("Peru", "Perú")
    assert FacetValue("none", ()).label("en") == "none"


def test_evaluation_facets_split_lists_and_keep_languages_aligned(tmp_path):
    data = export(country={"es": "Perú, Bolivia", "en": "Peru, Bolivia"}, type={"es": "Final", "en": "Final"},
                  keywords={"es": "trata; empleo", "en": "trafficking"},  # English lists fewer: the key stands
                  completion_date={"es": "marzo de 2019, revisado 2021"})
    library = make_library([artifact(tmp_path, data)], ["es", "en"], TODAY)
    facets = library.evaluations[0].facets
    assert [(v.key, v.label("en")) for v in facets["country"]] == [("pe", "Peru"), ("bo", "Bolivia")]
    assert [(v.key, v.label("en")) for v in facets["keywords"]] == [("trata", "trata"), ("empleo", "empleo")]
    assert [v.key for v in facets["year"]] == ["2021"]  # the last year written
    assert [v.key for v in facets["type"]] == ["final"]
    assert [v.key for v in facets["language"]] == ["es", "en"]
    assert facets["timing"] == []


def test_two_evaluations_with_one_code_get_different_slugs(tmp_path):
    first, second = export(code="EV 1"), export(code="EV-1")
    library = make_library([Artifact(tmp_path / "a", {}, first), Artifact(tmp_path / "b", {}, second)],
                           ["en"], TODAY)
    assert [e.slug for e in library.evaluations] == ["ev-1", "ev-1-2"]


def test_items_urls_and_the_evaluations_own_language(tmp_path):
    data = export(code="EV-1", languages=("es",))
    data["items"] = [
        {"id": "R1", "type": "recommendation", "text": {"es": "Hacer **algo**."}},
        {"id": "L1", "type": "lesson", "title": {"es": "Lección"}, "text": {"es": "Texto"}},
        {"id": "C1", "type": "conclusion", "text": {"es": "Conclusión"}},
        {"id": "H1", "type": "finding", "parent": "S1", "text": {"es": "Hallazgo"}},  # not a library item
    ]
    library = make_library([artifact(tmp_path, data)], ["es", "en"], TODAY)
    assert [(i.kind, i.id) for i in library.items] == [("recommendation", "R1"), ("lesson", "L1"),
                                                         ("conclusion", "C1")]
    rec, lesson, _ = library.items
    assert rec.body("en") == "Hacer algo."  # plain text, in the evaluation's only language
    assert lesson.title("en") == "Lección"
    evaluation = library.evaluations[0]
    assert evaluation.shown_lang("en") == "es"
    assert rec.url("en") == "e/ev-1/recommendations/#R1"  # an English reader gets the Spanish site's root
    assert evaluation.site_url("es", "findings/S1.md", "H1") == "e/ev-1/findings/S1/#H1"


def test_a_translated_evaluation_links_to_its_language_folder(tmp_path):
    library = make_library([artifact(tmp_path, export(languages=("es", "en")))], ["es", "en"], TODAY)
    evaluation = library.evaluations[0]
    assert evaluation.site_url("en") == "e/ev-1/en/"
    assert evaluation.site_url("es") == "e/ev-1/"
    assert evaluation.text({"en": "", "es": "hola"}, "en") == "hola"
    assert evaluation.text(None, "en") == "" and evaluation.text(3, "en") == "3"


def test_recommendation_facets_from_its_response_and_actions(tmp_path):
    data = export()
    data["items"] = [
        {"id": "INS1", "type": "institution", "short": {"es": "MinTrab", "en": "MinLab"}},
        {"id": "R1", "type": "recommendation", "priority": "high", "addressees": ["INS1", "ILO"]},
        {"id": "R2", "type": "recommendation"},
    ]
    data["management_responses"] = [{"recommendation": "R1", "status": "partially accepted",
                                      "key_actions": [action("KA1", due="2025-01-31"), action("KA2")]}]
    library = make_library([artifact(tmp_path, data)], ["es", "en"], TODAY)
    r1, r2 = library.of_kind("recommendation")
    assert [(v.key, v.label("en")) for v in r1.facets["addressee"]] == [("minlab", "MinLab"), ("ilo", "ILO")]
    assert [v.key for v in r1.facets["priority"]] == ["high"]
    assert [v.key for v in r1.facets["response"]] == ["partially-accepted"]
    assert [v.key for v in r1.facets["follow_up"]] == ["overdue"]  # KA1 was due before the build date
    assert [(v.key, v.label("en")) for v in r1.facets["country"]] == []  # the evaluation's facets too
    assert ([v.key for v in r2.facets["response"]], [v.key for v in r2.facets["follow_up"]]) == (["none"],
                                                                                                  ["no-actions"])


@pytest.mark.parametrize("statuses,overdue,expected", [
    ([], [], "no-actions"),
    (["completed", "no longer applicable"], [False, False], "completed"),
    (["completed", "in progress"], [False, True], "overdue"),
    (["not started", "completed"], [False, False], "in-progress"),
    (["not started", "not started"], [False, False], "not-started"),
])
def test_follow_up_status(statuses, overdue, expected):
    class View:
        def __init__(self, status, late):
            self.status, self.overdue = status, late
    assert follow_up_status([View(s, o) for s, o in zip(statuses, overdue)]) == expected


def test_an_update_changes_an_actions_status(tmp_path):
    data = export()
    data["items"] = [{"id": "R1", "type": "recommendation"}]
    update = {"date": "2025-03-01", "text": {"en": "Done"}, "status": "completed"}
    data["management_responses"] = [{"recommendation": "R1", "status": "accepted",
                                      "key_actions": [action(due="2025-01-01", updates=[update])]}]
    (rec,) = make_library([artifact(tmp_path, data)], ["en"], TODAY).items
    assert [(a.status, a.overdue) for a in rec.actions] == [("completed", False)]
    assert rec.facets["follow_up"][0].key == "completed"


def test_dashboard_counts_responses_actions_and_overdue(tmp_path):
    data = export()
    data["items"] = [{"id": f"R{n}", "type": "recommendation"} for n in (1, 2, 3)]
    data["management_responses"] = [
        {"recommendation": "R1", "status": "accepted", "key_actions": [action("KA1", due="2025-01-01"),
                                                                       action("KA2", status="completed")]},
        {"recommendation": "R2", "status": "not accepted", "key_actions": []}]
    board = dashboard(make_library([artifact(tmp_path, data)], ["en"], TODAY))
    assert board["totals"]["responses"] == {"accepted": 1, "partially accepted": 0, "not accepted": 1, "none": 1}
    assert board["totals"]["actions"] == {"not started": 0, "in progress": 1, "completed": 1,
                                          "no longer applicable": 0}
    assert board["totals"]["overdue"] == 1
    assert [(rec.id, a.action.id) for rec, a in board["overdue"]] == [("R1", "KA1")]
    assert board["rows"][0]["overdue"] == 1


def test_follow_ups_link_an_earlier_evaluations_recommendation(tmp_path):
    earlier = export(code="OLD")
    earlier["items"] = [{"id": "R4", "type": "recommendation"}]
    later = export(code="NEW")
    later["items"] = [{"id": "R1", "type": "recommendation",
                       "follows_up": {"evaluation": "OLD", "recommendation": "R4"}}]
    later["management_responses"] = [{"recommendation": "R2", "status": "accepted",
                                      "follows_up": {"evaluation": "OLD", "recommendation": "R4"}}]
    library = make_library([Artifact(tmp_path / "o", {}, earlier), Artifact(tmp_path / "n", {}, later)],
                           ["en"], TODAY)
    follow = FollowUps(library)
    old_r4 = library.of_kind("recommendation")[0]
    assert follow.target({"evaluation": "OLD", "recommendation": "R4"}) is old_r4
    assert follow.target({"evaluation": "GONE", "recommendation": "R4"}) is None
    assert follow.target("OLD R4") is None
    assert [(e.code, d["id"]) for e, d in follow.later(old_r4)] == [("NEW", "R1"), ("NEW", "R2")]


def test_follow_up_rows_are_table_rows_naming_an_earlier_recommendation():
    table = {"id": "T4", "type": "table", "columns": [{"id": "n", "type": "number"}, {"id": "rec"}],
             "rows": [{"id": "T4.1", "cells": {"n": 1, "rec": "Fortalecer"},
                       "follows_up": {"evaluation": "OLD", "recommendation": "R4"}},
                      {"id": "T4.2", "cells": {"n": 2, "rec": "Otra"}},
                      {"cells": {"rec": "sin ID"}, "follows_up": {"evaluation": "OLD", "recommendation": "R5"}}]}
    assert follow_up_rows({"items": [table]}) == [
        {"id": "T4.1", "type": "table_row", "follows_up": {"evaluation": "OLD", "recommendation": "R4"},
         "recommendation": "Fortalecer", "page": "annexes.md"}]
    assert follow_up_rows({"items": []}) == []


def _write_artifact(folder, meta: dict, data) -> None:
    (folder / SITE).mkdir(parents=True)
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    (folder / EXPORT).write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


META_OK = {"format": FORMAT, "code": "EV-9", "languages": ["fr"], "edition": "public", "fingerprint": "abc",
           "reportgen": "0", "downloads": False}


def test_read_artifact(tmp_path):
    _write_artifact(tmp_path / "ok", META_OK, export(code="EV-9", languages=("fr",)))
    found, problem = read_artifact(tmp_path / "ok")
    assert problem is None and (found.code, found.languages) == ("EV-9", ["fr"])
    assert found.site == tmp_path / "ok" / SITE


@pytest.mark.parametrize("meta,data,message", [
    (None, None, "no artifact.json"),
    ({"format": FORMAT}, "{not json", "unreadable artifact"),
    ({"format": "reportgen-artifact/0"}, {"format": "reportgen/1"}, "unknown artifact format"),
    ({"format": FORMAT}, {"format": "other/1"}, "unknown artifact format"),
])
def test_a_broken_artifact_says_what_is_wrong(tmp_path, meta, data, message):
    folder = tmp_path / "a"
    if meta is None:
        folder.mkdir()
    else:
        _write_artifact(folder, meta, data)
    found, problem = read_artifact(folder)
    assert found is None and problem.startswith(message)


def test_an_artifact_without_its_site_is_incomplete(tmp_path):
    _write_artifact(tmp_path / "a", META_OK, export())
    (tmp_path / "a" / SITE).rmdir()
    assert read_artifact(tmp_path / "a") == (None, "incomplete artifact: needs evaluation.json and site/")


def test_an_artifacts_languages_default_to_the_meta_then_spanish_and_english(tmp_path):
    assert Artifact(tmp_path, {"languages": ["fr"]}, {}).languages == ["fr"]
    assert Artifact(tmp_path, {}, {}).languages == ["es", "en"]
    assert Artifact(tmp_path, {"code": "M"}, {}).code == "M"


def test_a_non_annex_table_row_is_on_the_findings_page_that_embeds_it():
    table = {"id": "t4", "type": "table", "annex": False, "columns": [{"id": "rec"}],
             "rows": [{"id": "T4.1", "cells": {"rec": "x"}, "follows_up": {"evaluation": "OLD", "recommendation": "R4"}}]}
    section = {"id": "S4", "type": "section", "narrative_text": {"es": "Texto\n\n[[table:t4]]\n"}}
    assert follow_up_rows({"items": [section, table]})[0]["page"] == "findings/S4.md"


def test_facet_values_are_one_per_meaning_and_labelled_in_every_language(tmp_path):
    """Countries by ISO code, types and timings by the catalogs' keys, other texts joined by a shared
    label; each labelled in the page's language, else the original marked with its language."""
    bundled = export(code="A", languages=("es", "en"), country={"es": "Perú", "en": "Peru"},
                     type={"es": "Proyecto", "en": "Project"}, timing={"es": "Final", "en": "Final"},
                     keywords={"es": "trata", "en": "trafficking"})
    midterm = export(code="B", languages=("en", "fr"), country={"en": "Peru", "fr": "Pérou"},
                     type={"en": "Project", "fr": "Projet"}, timing={"en": "Mid-term", "fr": "À mi-parcours"},
                     keywords={"en": "trafficking", "fr": "traite"})
    other = export(code="C", languages=("fr", "es"), country={"fr": "Exemplie", "es": "Ejemplandia"},
                   type={"fr": "Projet", "es": "Proyecto"}, timing={"fr": "Finale", "es": "Final"})
    library = make_library([Artifact(tmp_path / c, {}, d) for c, d in (("a", bundled), ("b", midterm), ("c", other))],
                           ["es", "en", "fr"], TODAY)
    values = lambda facet: library.facet_values(library.evaluations, facet)  # noqa: E731
    assert [v.key for v in values("type")] == ["project"]
    assert [v.key for v in values("timing")] == ["final", "midterm"]
    assert [(v.key, v.label("en"), v.label("es"), v.label("fr")) for v in values("country")] == [
        ("exemplie", "Exemplie (fr)", "Ejemplandia", "Exemplie"), ("pe", "Peru", "Perú", "Pérou")]
    (theme,) = values("keywords")
    assert (theme.label("es"), theme.label("en"), theme.label("fr")) == ("trata", "trafficking", "traite")
    assert [v.label("fr") for v in values("timing")] == ["Finale", "À mi-parcours"]
