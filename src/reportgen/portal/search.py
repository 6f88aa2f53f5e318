"""The portal's search: one Pagefind index per portal language, with the facets as filters.

Every evaluation (its title, cover data and summary) and every item of the library
(recommendations, lessons learned, good practices, conclusions) becomes one small record
page, written to a scratch folder and indexed in one `add_directory` call (the
Python API answers one request per 0.1 s, so record-by-record calls took 100 ms
each). The record's `target` meta is the item's place in its evaluation's site;
the search page sends readers there. The record starts with the evaluation's code
and the item's ID, so `R4` is findable with the code. An evaluation lacking a
portal language is indexed there in its own language. Pagefind (1.5+) folds
diacritics: `evaluacion` finds `evaluación`.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from markupsafe import escape

from ..content.markdown import plain_text
from .config import PortalConfig
from .records import ItemRecord, Library
from ..render.pages import Templates

BUNDLE = "pagefind"
SCRATCH = ".search-records"
TITLE_WORDS = 12
SEARCH_FILTERS = ("year", "country", "language")


def write_search_index(library: Library, config: PortalConfig, site: Path) -> int:
    """Index every evaluation and item in every portal language; returns the number of records."""
    templates = Templates()
    scratch = site / SCRATCH
    count = 0
    for lang in config.languages:
        s = templates.strings(lang)["portal"]
        records = [(f"{e.slug}/evaluation.html", evaluation_html(e, lang, s)) for e in library.evaluations]
        records += [(f"{i.evaluation.slug}/{i.kind}-{i.id}.html", record_html(i, lang, s)) for i in library.items]
        for name, html in records:
            path = scratch / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        count += len(records)
    try:
        asyncio.run(_index(scratch, site / BUNDLE))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return count


def record_html(item: ItemRecord, lang: str, s: dict) -> str:
    evaluation = item.evaluation
    shown = evaluation.shown_lang(lang)
    # Conclusions have no title: their first words stand for one.
    title = item.title(shown) or " ".join(item.body(shown).split()[:TITLE_WORDS]) + " …"
    return _page(evaluation, lang, s, kind=s["kinds"][item.kind], facets=item.facets, target=item.url(lang),
                 heading=f"{evaluation.code} · {item.id}. {title}",
                 body=f"{evaluation.code} {item.id} {item.body(shown)}")


def evaluation_html(evaluation, lang: str, s: dict) -> str:
    """An evaluation's own record: title, cover data and summary; it leads to its portal page."""
    shown = evaluation.shown_lang(lang)
    data = evaluation.data
    cover = " ".join(evaluation.text(data.get(name), shown) for name in ("type", "timing", "country", "keywords"))
    summary = plain_text(evaluation.text(data.get("summary_text"), shown))
    return _page(evaluation, lang, s, kind=s["evaluation_kind"], facets=evaluation.facets,
                 target=f"{lang}/evaluations/{evaluation.slug}/index.html",
                 heading=f"{evaluation.code} · {evaluation.text(data.get('title'), shown)}",
                 body=f"{evaluation.code} {cover} {summary}")


def _page(evaluation, lang: str, s: dict, kind: str, facets: dict, target: str, heading: str, body: str) -> str:
    # Each language has its own index, so filter names are in the reader's language. A query loads
    # every filter file, which lists every record once per filter: the search keeps four filters
    # (the lists' pages filter by all facets), so what a query loads stays small at 300 evaluations.
    filters = {s["facets"][facet]: [_label(facet, v, lang, s) for v in facets.get(facet, [])]
               for facet in SEARCH_FILTERS}
    filters[s["search_filters"]["kind"]] = [kind]
    filter_html = "".join(f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
                          for name, values in filters.items() for value in values)
    evaluation_title = evaluation.text(evaluation.data.get("title"), evaluation.shown_lang(lang))
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(heading)}'
            f'</title></head><body><main data-pagefind-body>'
            f'<h1 data-pagefind-meta="title">{escape(heading)}</h1>'
            f'<span data-pagefind-meta="target:{escape(target)}"></span>'
            f'<p data-pagefind-meta="evaluation">{escape(evaluation_title)}</p>'
            f'<p>{escape(body)}</p>'
            f'<div data-pagefind-ignore="index">{filter_html}</div></main></body></html>')


def _label(facet: str, value, lang: str, s: dict) -> str:
    if facet == "language":
        return s["language_names"].get(value.key, value.key)
    return value.label(lang)


async def _index(scratch: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async with PagefindIndex(IndexConfig(output_path=str(output))) as index:
        await index.add_directory(path=str(scratch))
