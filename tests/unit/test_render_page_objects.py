"""The page's view objects (render/): what templates see by name, the `ctx` façade over them,
the texts that downloads read without a page, and the environment read once."""

from __future__ import annotations

from helpers import checked

from reportgen.context import Environment
from reportgen.downloads.common import Texts as DownloadTexts
from reportgen.i18n import Catalogs, Texts
from reportgen.project import content_epoch
from reportgen.render.pages import PageContext, Templates

PROJECT = {
    "r.yaml": """\
    institutions:
      - {id: MOL, short: {en: MoL}, name: {en: Ministry of Labour}}
    conclusions:
      - {id: C1, text: {en: "A conclusion with a <b>tag</b>"}}
    recommendations:
      - {id: R1, title: {en: Act}, text: {en: "See [[C1]]."}, priority: high, addressees: [MOL], conclusions: [C1]}
    """,
}


def page(tmp_path, path: str = "recommendations.md", single_page: bool = False) -> PageContext:
    graph = checked(tmp_path, PROJECT).graph
    return PageContext(graph, Templates(), "en", path, single_page=single_page)


def test_templates_see_the_objects_by_name(tmp_path):
    ctx = page(tmp_path)
    template = ctx.templates.env.from_string(
        "{{ markdown.link('C1') }}|{{ urls.url('R1') }}|{{ texts.level_label('priority', 'high') }}|"
        "{{ rec_view.recommendation_heading(g.nodes['R1'].model) }}|{{ report_view.conclusions_of('x') }}")
    link, url, level, heading, none = template.render(**_names(ctx)).split("|")
    assert link.startswith("[C1](conclusions.md#C1 ") and "<b>" not in link  # content's HTML made inert
    assert url == "./#R1"  # the same page
    assert level == "High"
    assert heading == "R1. Act"
    assert none == "[]"


def test_ctx_answers_the_old_names_from_its_parts(tmp_path):
    ctx = page(tmp_path)
    assert ctx.link("C1") == ctx.markdown.link("C1")
    assert ctx.url("C1") == ctx.urls.url("C1")
    assert ctx.tr(ctx.content.conclusions[0].text) == ctx.texts.tr(ctx.content.conclusions[0].text)
    assert ctx.facets() == ctx.rec_view.facets()
    assert ctx.original == "en"
    assert ctx.review.is_review is False  # its own: the edition's review info, not the review view
    try:
        ctx.no_such_helper
    except AttributeError as exc:
        assert "no_such_helper" in str(exc)
    else:
        raise AssertionError("an unknown name must fail (StrictUndefined in templates)")


def test_links_in_the_one_page_edition_are_anchors(tmp_path):
    ctx = page(tmp_path, "recommendations.md", single_page=True)
    assert ctx.urls.href("C1") == "#C1"
    assert ctx.urls.anchor("chart-X") == "recommendations-chart-X"
    assert str(ctx.urls.page_attr()) == "{#recommendations}"


def test_downloads_read_labels_without_a_page(tmp_path):
    graph = checked(tmp_path, PROJECT).graph
    texts = DownloadTexts(graph, Catalogs(), "en")
    assert texts.level_label("priority", "high") == "High"
    assert texts.level_label("priority", "some_level") == "some level"
    assert texts.plain(graph.nodes["R1"].model.title) == "Act"


def test_vocabulary_wins_over_the_catalogs():
    catalogs = Catalogs(vocabulary={"en": {"priorities": {"high": "Urgent"}}})
    texts = Texts.of(catalogs, "en", "en")
    assert texts.level_label("priority", "high") == "Urgent"
    assert texts.s["priorities"]["low"] == Catalogs().strings("en")["priorities"]["low"]  # merged, not replaced


def test_environment_is_read_once_from_a_mapping():
    assert Environment.read({}) == Environment()
    assert Environment.read({"SOURCE_DATE_EPOCH": "1700000000", "REPORTGEN_CHROMIUM": "/opt/chrome"}) == \
        Environment(source_date_epoch=1700000000, chromium="/opt/chrome")
    assert Environment.read({"SOURCE_DATE_EPOCH": "yesterday", "REPORTGEN_CHROMIUM": ""}) == Environment()


def test_the_content_date_follows_the_callers_epoch_not_the_process_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # stages no longer read it
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    assert content_epoch(tmp_path, 1700000000) == 1700000000
    assert content_epoch(tmp_path) != 1


def _names(ctx: PageContext) -> dict:
    return {"g": ctx.graph, "markdown": ctx.markdown, "urls": ctx.urls, "texts": ctx.texts,
            "report_view": ctx.report_view, "rec_view": ctx.rec_view}
