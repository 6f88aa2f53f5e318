"""The recommendations' view: field tables, the explorer's facets and columns.

Templates see it as `rec_view` (and, for older templates, through `ctx`).
"""

from __future__ import annotations

from typing import Any, TypedDict

from markupsafe import Markup, escape

from .. import followup
from ..content import registry
from ..content.responses import FollowUp
from ..content.schema import Institution, Item, Recommendation
from ..followup import ActionView
from ..labels import criteria_of_recommendation, linked_items
from ..graph import Graph
from ..i18n import Catalogs, Texts
from . import views
from .writer import PageWriter, Renderer


class FacetValue(TypedDict):
    """A value of an explorer facet, with its filter page and how many recommendations have it."""

    value: str
    label: str
    page: str
    count: int


class Facet(TypedDict):
    key: str
    label: str
    values: list[FacetValue]


class FollowUpFigures(TypedDict):
    """The follow-up page's figures, as of the build date."""

    responses: dict[str, int]
    actions: dict[str, int]
    views: list[ActionView]
    overdue: list[ActionView]
    as_of: str


class RecommendationView:
    """What the recommendations page, the explorer and its filter pages show of each recommendation."""

    def __init__(self, graph: Graph, texts: Texts, writer: PageWriter, render: Renderer):
        self.graph = graph
        self.content = graph.content
        self.texts = texts
        self.writer = writer
        self.render = render   # a management response is a template of its own

    def says_more(self, text: object, *labels: object) -> bool:
        """Whether a field's own wording adds to the normalised value(s) shown beside it.

        "Alta" beside "Alta", or "Mediano" beside "Mediano plazo", adds nothing; "Medias para
        la OIT (limitadas al rol de facilitación)" beside "Medios" does.
        """
        def stem(word: str) -> str:  # "Medio"/"Media", "Alto"/"Altas": the same value
            word = word.rstrip("s")
            return word[:-1] if len(word) > 3 and word[-1] in "aeo" else word

        def words(value: object) -> set[str]:
            return {stem(w) for w in views.slug(str(value), "term").split("-")} - {"term"}
        own = words(self.texts.plain(text))
        return bool(own - set().union(*(words(label) for label in labels)))

    def institution(self, institution_id: str) -> Institution:
        model: Institution = self.graph.nodes[institution_id].model
        return model

    def rec_order(self, rec_id: str) -> int:
        """The recommendation's place in the report (the explorer sorts by it). The places are found once per
        build: a list scan per row made the explorer's tables quadratic in the recommendations."""
        order: dict[str, int] | None = self.graph.derived.get("rec_order")
        if order is None:
            order = self.graph.derived["rec_order"] = {r.id: n for n, r in enumerate(self.content.recommendations)}
        return order[rec_id]

    def level_order(self, facet: str, value: str | None) -> int:
        return views.level_order(self.graph, facet, value)

    def explorer_columns(self) -> set[str]:
        """The explorer's columns: the fields at least one recommendation fills in."""
        recs = self.content.recommendations
        used = {"addressee"} if any(r.addressees or r.addressee_text for r in recs) else set()
        return used | {name for name in ("priority", "resources", "timeframe")
                       if any(getattr(r, name) or getattr(r, f"{name}_text") for r in recs)}

    def facet_data(self, rec: Recommendation) -> Markup:
        """data-* attributes of an explorer row: the filter keys of each facet."""
        return Markup(" ").join(Markup('data-{}="{}"').format(key, " ".join(views.facet_value(self.graph, rec, key)))
                                for key in views.facet_keys(self.graph))

    def facets(self) -> list[Facet]:
        result: list[Facet] = []
        for key in views.facet_keys(self.graph):
            values: list[FacetValue] = [{"value": value, "label": self.facet_label(key, value), "page": views.facet_page(key, value),
                       "count": len(views.recommendations_with(self.graph, key, value))}
                      for value in views.facet_values(self.graph, key)]
            result.append({"key": key, "label": self.facet_name(key), "values": values})
        return result

    def facet_name(self, key: str) -> str:
        if key.startswith(views.CUSTOM_PREFIX):
            field = next(f for f in self.graph.ctx.config.custom_fields_of("recommendation")
                         if views.CUSTOM_PREFIX + f.id == key)
            return self.texts.tr(field.label)
        label: str = self.texts.s[key]
        return label

    def facet_label(self, key: str, value: str) -> str:
        if key == "addressee":
            return self.texts.tr(self.institution(value).short)
        if key.startswith(views.CUSTOM_PREFIX):
            name = key[len(views.CUSTOM_PREFIX):]
            having = views.recommendations_with(self.graph, key, value)
            return self.texts.plain(having[0].custom[name]) if having else value
        return self.level_label(key, value)

    def recommendation_heading(self, rec: Recommendation) -> Markup:
        return Markup(f"{rec.id}. {self.writer.line(rec.title)}") if rec.title else Markup(rec.id)

    def level_label(self, field_name: str, value: str | None) -> str:
        return self.texts.level_label(field_name, value)

    def recommendation_fields(self, rec: Recommendation) -> list[tuple[str, Markup]]:
        """The field table of a recommendation: only the rows the report gives."""
        rows = []
        addressees = ", ".join(self.texts.tr(self.institution(a).short) for a in rec.addressees)
        rows.append((self.texts.s["addressee"], self.writer.cell(rec.addressee_text) if rec.addressee_text
                     else Markup(escape(addressees))))
        for name in ("priority", "resources", "timeframe"):
            wording = getattr(rec, f"{name}_text")
            rows.append((self.texts.s[name], self.writer.cell(wording) if wording
                         else Markup(escape(self.level_label(name, getattr(rec, name))))))
        rows += self.custom_fields(rec, "recommendation")
        linked = linked_items(rec)
        rows.append((self.texts.s["links"], Markup(", ").join(self.writer.link(i) for i in linked)))
        criteria = self.criteria_of_recommendation(rec)
        rows.append((self.texts.s["criteria_of_rec"],
                     Markup(", ").join(self.writer.link(c, self.writer.title_of(c)) for c in criteria)))
        follows_up = getattr(rec, "follows_up", None)
        if follows_up:
            rows.append((self.texts.s["management"]["follows_up"],
                         Markup(escape(self.texts.follows_up_text(follows_up)))))
        return [(label, value) for label, value in rows if value]

    def custom_fields(self, item: Item, kind: str) -> list[tuple[str, Markup]]:
        """The project's own fields (reportgen.yml custom_fields) that this item fills in."""
        return [(self.texts.tr(f.label), self.writer.cell(item.custom[f.id]))
                for f in self.graph.ctx.config.custom_fields_of(kind) if item.custom.get(f.id) not in (None, "")]

    def criteria_of_recommendation(self, rec: Recommendation) -> list[str]:
        return criteria_of_recommendation(self.graph, rec)

    # --- management responses (both editions) ---------------------------------------------
    def management_response(self, rec_id: str) -> Markup:
        response = followup.response_for(self.graph, rec_id)
        if response is None:
            return Markup("")
        views_ = [followup.action_view(rec_id, a, self.graph.build_date) for a in response.key_actions]
        # Ends with a blank line: the comments (or the next item) follow on the same template line.
        return Markup(self.render("pages/_response.md.j2", response=response, views=views_).rstrip("\n") + "\n\n")

    def follow_up(self) -> FollowUpFigures:
        """The follow-up page's figures, as of the build date."""
        views_ = followup.action_views(self.graph, self.graph.build_date)
        return {"responses": followup.response_counts(self.graph), "actions": followup.action_counts(views_),
                "views": views_, "overdue": [v for v in views_ if v.overdue],
                "as_of": self.graph.build_date.isoformat()}

    def follows_up_text(self, follows_up: FollowUp) -> str:
        return self.texts.follows_up_text(follows_up)


def value_labels(graph: Graph, catalogs: Catalogs) -> dict[str, dict[str, dict[str, str]]]:
    """{value set: {value: {language: label}}} of every value set of the content models (the registry's
    `ValueSet` roles), in the project's order (reportgen.yml `value_sets`), for the JSON export."""
    sets = graph.ctx.config.value_sets
    texts = [Texts.of(catalogs, lang, graph.ctx.original) for lang in graph.ctx.languages]
    return {name: {value: {t.lang: t.level_label(name, value) for t in texts} for value in getattr(sets, name)}
            for name in registry.value_sets()}
