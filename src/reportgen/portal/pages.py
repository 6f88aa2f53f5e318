"""The portal's pages: plain HTML from Jinja2 templates (templates/portal/), one set per portal language.

Every language gets its home, the evaluations list, a page per evaluation, the
cross-evaluation lists (recommendations, lessons learned, good practices) with
JavaScript filters and a static page per facet value, the follow-up dashboard
and the search page; downloads hold the exports of all recommendations.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import jinja2
from markupsafe import Markup

from ..content.registry import value_sets
from ..content.responses import ACTION_STATUSES, RESPONSE_STATUSES
from ..i18n import Catalogs
from ..urls import ITEM_PAGES
from .config import PortalConfig
from .exports import write_exports
from .incremental import Reuse, put_file, put_stream
from ..export import ExportJson
from .records import (EVALUATION_FACETS, fold, table_page, LIST_KINDS, RECOMMENDATION_FACETS, VALUE_FACETS,
                      EvaluationRecord, FacetValue, Faceted, ItemRecord, Library)
from .search import facet_label, search_filters

# The value sets of the content the evaluations are faceted by (a criterion's rating).
VALUE_SETS = {facet: value_sets()[facet] for facet, _, _ in VALUE_FACETS}
COVER_FIELDS = ("type", "timing", "nature", "country", "completion_date", "evaluation_office", "keywords")
EXCERPT_WORDS = 45
# The templates whose pages read only their parameters (and each record's own data, follow-ups and
# facet values), so that incremental.Reuse can key them; the others read the whole library.
KEYED_TEMPLATES = ("list.html.j2", "evaluation.html.j2")
# Where a card's links start from the portal's root, before the page's own root is put in (PortalPages.card).
ROOT_MARK = "\x00root\x00"
CARDS_RUN = 1000  # a list page's cards are joined (PortalPages.cards) and written (render) this many at a time

# The 404 page's script (hosts serve the portal's root 404.html for any missing address, at any depth):
# find the portal's root (the path up to the first of its top-level names, else the missing page's
# folder), send an address inside an evaluation's site to that site's own 404 page (in the address's
# language), else to the 404 page of the address's language (or the browser's), then make the root the
# page's <base>, to which its links are relative. The page's markup holds the root it has at its own address
# (the browser's preload scanner, which fetches styles before any script runs, takes that one).
NOT_FOUND_SCRIPT = """<script>(function(){var known=%(known)s,langs=%(langs)s,own=%(own)s,evals=%(evals)s,\
p=location.pathname,root=null,parts=p.split("/"),last=parts[parts.length-1]?parts.length:parts.length-1;\
for(var i=1;root===null&&i<last;i++){if(known.indexOf(decodeURIComponent(parts[i]))>=0)\
root=parts.slice(0,i).join("/")+"/"}if(root===null)root=parts.slice(0,Math.max(1,last-1)).join("/")+"/";\
var rest=p.slice(root.length).split("/");\
if(rest[0]==="e"&&Object.prototype.hasOwnProperty.call(evals,rest[1])&&rest.length>2){\
var in_=evals[rest[1]].indexOf(rest[2])>=0?rest[2]+"/":"";location.replace(root+"e/"+rest[1]+"/"+in_+"404.html");return}\
var want=langs.indexOf(rest[0])>=0?rest[0]:null;if(want===null&&!/\\/404\\.html$/.test(p)){\
var nav=navigator.languages||[navigator.language||""];for(var j=0;want===null&&j<nav.length;j++){\
var code=String(nav[j]).slice(0,2).toLowerCase();if(langs.indexOf(code)>=0)want=code}}\
if(want&&want!==own){location.replace(root+want+"/404.html");return}\
var b=document.querySelector("base");b.href=root})();</script>"""


def _rooted(parts: list[str], root: str) -> str:
    """Marked cards (and their line breaks) joined, ROOT_MARK replaced by `root` once for the run: the
    same text as each card's mark replaced on its own, since a mark cannot span two parts (a card begins
    with markup or a line break, never with the NUL a mark begins and ends with)."""
    return "".join(parts).replace(ROOT_MARK, root)


class CardRuns:
    """A list page's cards in runs, for the template to write one after the other; printed whole, as a
    project's own copy of an older `list.html.j2` does (`{{ p.cards(…) }}`), they are the cards joined."""

    def __init__(self, runs: Iterator[Markup]):
        self._runs = runs

    def __iter__(self) -> Iterator[Markup]:
        return self._runs

    def __html__(self) -> str:
        return "".join(self._runs)

    __str__ = __html__


class PortalPages:
    """Renders one language's pages; `write` returns the number of pages written."""

    def __init__(self, library: Library, config: PortalConfig, templates: Catalogs, site: Path, lang: str,
                 env: jinja2.Environment, follow_ups: "FollowUps", reuse: "Reuse | None" = None) -> None:
        self.library, self.config, self.site, self.lang = library, config, site, lang
        self.strings = templates.strings(lang)
        self.s = self.strings["portal"]
        self.m = self.strings["management"]
        self.env = env
        self.count = 0
        self.follow_ups = follow_ups
        self.reuse = reuse
        self._cards: dict[tuple[int, tuple[str, ...], int], str] = {}
        self._card_digests: dict[int, str] = {}  # the digest of each item's card on the list being written

    # --- helpers the templates call ------------------------------------------------------------
    def label(self, facet: str, value: FacetValue) -> str:
        if facet in VALUE_SETS:  # a value set of the content (ratings): the portal's words, else the report's
            label: str = self.strings.get(VALUE_SETS[facet].labels, {}).get(value.key) or (
                value.label(self.lang) if value.labels else value.key.replace("_", " "))
            return label
        return facet_label(facet, value, self.lang, self.s)

    def sorted_values(self, facet: str, values: list[FacetValue]) -> list[FacetValue]:
        """A facet's values by their label in this language (years newest first)."""
        return values if facet == "year" else sorted(values, key=lambda v: fold(self.label(facet, v)))

    def tokens(self, record: Faceted, facet: str) -> str:
        return " ".join(v.key for v in record.facets.get(facet, []))

    def excerpt(self, text: str) -> str:
        words = text.split()
        return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")

    def timeline(self, item: ItemRecord) -> list[dict[str, Any]]:
        """A recommendation's follow-up over time, newest first: the response, each dated update of its
        key actions and each dated note the edition holds."""
        shown = item.evaluation.shown_lang(self.lang)

        def text(value: object) -> str:
            return item.evaluation.text(value, shown)

        events: list[dict[str, Any]] = []
        response = item.response or {}
        for view in item.actions:
            action = view.action
            for update in action.updates:
                events.append({"date": update.date, "what": action.id, "text": text(update.text.model_dump()),
                               "status": self.m["action_statuses"].get(update.status or "", "")})
            for note in action.notes:
                if note.date:
                    events.append({"date": note.date, "what": f"{action.id} · {self.m['notes']}",
                                   "text": text(note.text.model_dump()), "status": ""})
        for note in response.get("notes") or []:
            if note.get("date"):
                events.append({"date": note["date"], "what": self.m["notes"], "text": text(note.get("text")),
                               "status": ""})
        if response.get("date"):
            events.append({"date": response["date"], "what": self.m["response"], "text": "",
                           "status": self.m["response_statuses"].get(response.get("status"), "")})
        return sorted(events, key=lambda e: e["date"], reverse=True)

    def dashboard_data(self) -> list[dict[str, Any]]:
        """Every key action with its dated statuses, for the dashboard's `?as_of=` (portal.js)."""
        rows = []
        for rec in self.library.of_kind("recommendation"):
            shown = rec.evaluation.shown_lang(self.lang)
            for view in rec.actions:
                action = view.action
                rows.append({"e": rec.evaluation.code, "eu": f"{self.lang}/evaluations/{rec.evaluation.slug}/index.html",
                             "r": rec.id, "ru": rec.url(self.lang), "a": action.id,
                             "t": rec.evaluation.text(action.text.model_dump(), shown), "u": action.unit,
                             "d": action.due, "s": action.status, "rd": (rec.response or {}).get("date", ""),
                             "h": sorted([[u.date, u.status or "", rec.evaluation.text(u.text.model_dump(), shown)]
                                          for u in action.updates])})
        return rows

    def languages_note(self, evaluation: EvaluationRecord) -> str:
        if self.lang in evaluation.languages:
            return ""
        names = ", ".join(self.s["language_names"].get(code, code) for code in evaluation.languages)
        note: str = self.s["only_in"].format(languages=names)
        return note

    def card(self, item: Faceted, root: str, facets: Sequence[str], level: int = 2) -> Markup:
        """An item's or evaluation's card on a list page (the macro item_card or evaluation_card). A list
        and each of its facet pages show the same cards at other depths: each card is rendered once per
        list with a mark for the root, which is replaced by the page's (an evaluation's cards are held
        for their list, write_list empties them; an item's are held by Reuse.card one evaluation's at a
        time, or here for the list when there is no cache of cards)."""
        return Markup(self._marked_card(item, facets, level).replace(ROOT_MARK, root))

    def _marked_card(self, item: Faceted, facets: Sequence[str], level: int) -> str:
        """An item's card with ROOT_MARK for its root, rendered once per list (card)."""
        key = (id(item), tuple(facets), level)
        html = self._cards.get(key)
        if html is None:
            def render() -> str:
                macros = self.env.get_template("portal/_macros.html.j2").module
                if isinstance(item, EvaluationRecord):
                    return str(macros.evaluation_card(self, item, ROOT_MARK, self.lang,  # type: ignore[attr-defined]
                                                      facets))
                return str(macros.item_card(self, item, ROOT_MARK, self.lang, facets,  # type: ignore[attr-defined]
                                            level=level))
            # An evaluation's card is rendered once per list (its few hundred are quicker to render than
            # to read from files); an item's is taken from the cache of cards when unchanged (Reuse.card,
            # which holds one evaluation's cards at a time, not the list's).
            if self.reuse is not None and isinstance(item, ItemRecord):
                html = self.reuse.card(item, self.lang, tuple(facets), level, render)
                # Kept for the list's facet pages only when Reuse holds it anyway until the list is
                # written (not a file read one at a time): no more memory, no key hashed again per page.
                if self.reuse.holds_card(item, self.lang):
                    self._cards[key] = html
                return html
            html = self._cards[key] = render()
        return html

    def cards(self, items: Sequence[Faceted], root: str, facets: Sequence[str], level: int = 2) -> CardRuns:
        return CardRuns(self._card_runs(items, root, facets, level))

    def _card_runs(self, items: Sequence[Faceted], root: str, facets: Sequence[str], level: int) -> Iterator[Markup]:
        """A list page's cards (an item's followed by a line break), joined here in runs of CARDS_RUN
        rather than in the template (no Markup per card: a list of thousands of items is re-rendered after
        one change) nor whole (the page is written as it is rendered, render: at 1,000 evaluations the
        recommendations list is 75 MB of HTML, never held at once)."""
        facets = tuple(facets)
        held = self._cards  # the cards already rendered or read for this list, looked up inline (a facet
        # page of the recommendations list at 300 evaluations has thousands of cards, after every change)
        parts: list[str] = []
        for item in items:
            html = held.get((id(item), facets, level))
            parts.append(html if html is not None else self._marked_card(item, facets, level))
            if not isinstance(item, EvaluationRecord):
                parts.append("\n")
            if len(parts) >= CARDS_RUN:
                yield Markup(_rooted(parts, root))
                parts = []
        if parts:
            yield Markup(_rooted(parts, root))

    def page_path(self, name: str) -> str:
        return f"{self.lang}/{name}"

    # --- writing ---------------------------------------------------------------------------------
    def render(self, name: str, template: str, **params: Any) -> None:
        path = self.page_path(name)
        target = self.site / path
        if self.reuse is not None and self.reuse.take(path, self.reuse.page_key(path, template, params)
                                                      if template in KEYED_TEMPLATES else None, target):
            self.count += 1  # its inputs are the previous output's: taken from it
            return
        content = self.content_key(path, template, params)
        if content is not None and self.reuse is not None and self.reuse.take_same(path, content, target):
            self.count += 1  # its cards are the previous page's
            return
        root = "../" * path.count("/")
        # Written as it is rendered (put_stream): a list page of thousands of cards is never held whole.
        put_stream(self.reuse, self.site, path, self.env.get_template(f"portal/{template}").generate(
            p=self, s=self.s, m=self.m, lang=self.lang, root=root, here=name, config=self.config,
            library=self.library, **params))
        self.count += 1

    def content_key(self, path: str, template: str, params: dict[str, Any]) -> str | None:
        """An item list page's key from what it shows: its parameters with each item replaced by the
        digest of its card on this list (list.html.j2 reads its records only as their cards and their
        count); None for other pages, and without a cache of cards."""
        records = params.get("records")
        if self.reuse is None or self.reuse.cards is None or template != "list.html.j2" or not records \
                or not all(isinstance(record, ItemRecord) for record in records):
            return None
        facets = tuple(params["facets"])
        digests = self._card_digests
        for record in records:
            if id(record) not in digests:
                digests[id(record)] = hashlib.sha256(self._marked_card(record, facets, 2).encode("utf-8")).hexdigest()
        return self.reuse.page_key(path, template, {**params, "records": [digests[id(record)] for record in records]})

    def write(self) -> int:
        lib = self.library
        self.render("index.html", "home.html.j2")
        self.write_list("evaluations", "evaluations", lib.evaluations, EVALUATION_FACETS)
        own = by_evaluation(i for i in lib.items if i.kind in LIST_KINDS)  # once, not once per evaluation
        for evaluation in lib.evaluations:
            self.render(f"evaluations/{evaluation.slug}/index.html", "evaluation.html.j2", evaluation=evaluation,
                        items=own.get(id(evaluation), []), midterm=self.earlier_recommendations(evaluation))
        for kind, folder in LIST_KINDS.items():
            facets = RECOMMENDATION_FACETS if kind == "recommendation" else EVALUATION_FACETS
            self.write_list(folder, kind, lib.of_kind(kind), facets)
        self.render("follow-up/index.html", "dashboard.html.j2", dashboard=dashboard(lib))
        self.render("search/index.html", "search.html.j2", filters=search_filters(lib, self.lang, self.s))
        return self.count

    def write_not_found(self, top_level: list[str]) -> None:
        """This language's 404 page (<lang>/404.html; the first language's also at the root): its links
        are relative to the portal's root, which its script finds wherever the portal is published."""
        script = NOT_FOUND_SCRIPT % {
            "known": json.dumps(top_level), "langs": json.dumps(self.config.languages),
            "own": json.dumps(self.lang),
            "evals": json.dumps({e.slug: e.languages[1:] for e in self.library.evaluations}, sort_keys=True)}
        targets = {f"{self.lang}/404.html": "../"}  # the page and the root at its own address
        if self.lang == self.config.languages[0]:
            targets["404.html"] = "./"
        for path, own_root in targets.items():
            put_file(self.reuse, self.site, path, self.env.get_template("portal/404.html.j2").render(
                p=self, s=self.s, m=self.m, lang=self.lang, root="", here="404.html", config=self.config,
                library=self.library, script=f'<base href="{own_root}">{script}').encode("utf-8"))
            self.count += 1

    def write_list(self, folder: str, kind: str, records: Sequence[Faceted], facets: tuple[str, ...]) -> None:
        """The list page (JS filters) and a static page per facet value (the no-JS fallback)."""
        values = {facet: self.sorted_values(facet, self.library.facet_values(records, facet)) for facet in facets}
        values = {facet: found for facet, found in values.items() if found}
        common = {"folder": folder, "kind": kind, "facets": values, "total": len(records)}
        self.render(f"{folder}/index.html", "list.html.j2", records=records, current=None, **common)
        for facet, found in values.items():
            having: dict[str, list[Faceted]] = {}  # one pass over the records per facet, not per value
            for record in records:
                for key in dict.fromkeys(v.key for v in record.facets.get(facet, [])):
                    having.setdefault(key, []).append(record)
            for value in found:
                matching = having.get(value.key, [])
                self.render(f"{folder}/{facet}/{value.key}/index.html", "list.html.j2", records=matching,
                            current=(facet, value), **common)
        self._cards.clear()
        self._card_digests.clear()
        if self.reuse is not None:
            self.reuse.flush_cards(self.lang, kind)

    def earlier_recommendations(self, evaluation: EvaluationRecord) -> list[dict[str, Any]]:
        """The evaluation's follow-up of an earlier evaluation's recommendations (its Table 4 rows)."""
        rows = []
        for data in follow_up_rows(evaluation.artifact.export):
            rows.append({"data": data, "target": self.follow_ups.target(data.get("follows_up"))})
        return rows


def follow_up_rows(export: ExportJson) -> list[ExportJson]:
    """Table rows that follow up an earlier evaluation's recommendation (a report's "Table 4"), as
    {id, type, recommendation (the row's first text cell), follows_up, page (where the row's anchor is)}."""
    rows = []
    for table in (item for item in export.get("items", []) if item.get("type") == "table"):
        first = next((c["id"] for c in table.get("columns", []) if c.get("type", "text") == "text"), None)
        for row in table.get("rows", []):
            if row.get("follows_up") and row.get("id"):
                rows.append({"id": row["id"], "type": "table_row", "follows_up": row["follows_up"],
                             "recommendation": (row.get("cells") or {}).get(first),
                             "page": table_page(export, table)})
    return rows


def item_page(data: ExportJson) -> str:
    """The page of the evaluation's site where an item that follows up another one is anchored."""
    page: str = data.get("page") or ITEM_PAGES.get(data.get("type", ""), "recommendations.md")
    return page


class FollowUps:
    """Follow-up links between evaluations of the portal, both ways."""

    def __init__(self, library: Library) -> None:
        self.by_key: dict[tuple[object, object], ItemRecord] = {(item.evaluation.code, item.id): item
                                                for item in library.of_kind("recommendation")}
        self.followed_by: dict[tuple[object, object], list[tuple[EvaluationRecord, ExportJson]]] = {}
        for evaluation in library.evaluations:
            for data in evaluation.artifact.export.get("items", []) + follow_up_rows(evaluation.artifact.export):
                self._add(evaluation, data, data.get("follows_up"))
            for response in evaluation.artifact.export.get("management_responses", []):
                self._add(evaluation, {"id": response["recommendation"], "type": "recommendation",
                                       "page": ITEM_PAGES["recommendation"]}, response.get("follows_up"))

    def _add(self, evaluation: EvaluationRecord, data: ExportJson, follows_up: object) -> None:
        if isinstance(follows_up, dict):
            key = (follows_up.get("evaluation"), follows_up.get("recommendation"))
            self.followed_by.setdefault(key, []).append((evaluation, {**data, "page": item_page(data)}))

    def target(self, follows_up: object) -> ItemRecord | None:
        """The earlier recommendation, when its evaluation is in the portal."""
        if not isinstance(follows_up, dict):
            return None
        return self.by_key.get((follows_up.get("evaluation"), follows_up.get("recommendation")))

    def later(self, item: ItemRecord) -> list[tuple[EvaluationRecord, ExportJson]]:
        return self.followed_by.get((item.evaluation.code, item.id), [])


def by_evaluation(items: Iterable[ItemRecord]) -> dict[int, list[ItemRecord]]:
    """Items grouped by their evaluation (by identity), each group in the items' order: one pass over
    the library's items instead of one per evaluation (which grew with the square of the library)."""
    groups: dict[int, list[ItemRecord]] = {}
    for item in items:
        groups.setdefault(id(item.evaluation), []).append(item)
    return groups


def dashboard(library: Library) -> dict[str, Any]:
    """Responses and key actions by status, per evaluation and overall; overdue actions as of the build date."""
    rows, overdue = [], []
    totals: dict[str, Any] = {"responses": dict.fromkeys((*RESPONSE_STATUSES, "none"), 0),
              "actions": dict.fromkeys(ACTION_STATUSES, 0), "overdue": 0}
    recommendations = by_evaluation(library.of_kind("recommendation"))
    for evaluation in library.evaluations:
        recs = recommendations.get(id(evaluation), [])
        row: dict[str, Any] = {"evaluation": evaluation, "responses": dict.fromkeys((*RESPONSE_STATUSES, "none"), 0),
               "actions": dict.fromkeys(ACTION_STATUSES, 0), "overdue": 0}
        for rec in recs:
            row["responses"][rec.response["status"] if rec.response else "none"] += 1
            for action in rec.actions:
                row["actions"][action.status] += 1
                if action.overdue:
                    row["overdue"] += 1
                    overdue.append((rec, action))
        for key in ("responses", "actions"):
            for status, n in row[key].items():
                totals[key][status] += n
        totals["overdue"] += row["overdue"]
        rows.append(row)
    overdue.sort(key=lambda pair: (pair[1].action.due, pair[0].evaluation.code, pair[0].id))
    return {"rows": rows, "totals": totals, "overdue": overdue, "as_of": library.build_date.isoformat()}


def write_portal(library: Library, config: PortalConfig, site: Path, reuse: "Reuse | None" = None) -> int:
    templates = Catalogs()
    assets = next(d / "portal" / "assets" for d in templates.dirs if (d / "portal" / "assets").is_dir())
    shutil.copytree(assets, site / "assets")
    # One environment for every language: templates are compiled once.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in templates.dirs]), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    follow_ups = FollowUps(library)
    if reuse is not None:
        reuse.prepare(library, follow_ups)
    pages = 0
    languages = [PortalPages(library, config, templates, site, lang, env, follow_ups, reuse) for lang in config.languages]
    for language in languages:
        pages += language.write()
    # The names at the portal's root, where its 404 pages' script recognises the root.
    top_level = sorted({"assets", "downloads", "e", "pagefind", "index.html", "404.html", *config.languages})
    for language in languages:
        language.count = 0
        language.write_not_found(top_level)
        pages += language.count
    names = {lang: templates.strings(lang)["portal"]["language_names"].get(lang, lang) for lang in config.languages}
    first = config.languages[0]
    description = templates.strings(first)["portal"]["meta_description"].format(title=config.title[first])
    put_file(reuse, site, "index.html", env.get_template("portal/root.html.j2").render(
        config=config, names=names, description=description).encode("utf-8"))
    write_exports(library, config, templates, site, reuse)
    return pages + 1


