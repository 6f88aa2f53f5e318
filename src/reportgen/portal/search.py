"""The portal's search: one Pagefind index per portal language, with the facets as filters.

Every searchable item of every evaluation (recommendations, lessons learned, good
practices, conclusions, findings, findings sections) becomes one small record
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

from .config import PortalConfig
from .records import EVALUATION_FACETS, ItemRecord, Library
from ..render.pages import Templates

BUNDLE = "pagefind"
SCRATCH = ".search-records"


def write_search_index(library: Library, config: PortalConfig, site: Path) -> int:
    """Index every item in every portal language; returns the number of records."""
    templates = Templates()
    scratch = site / SCRATCH
    count = 0
    for lang in config.languages:
        s = templates.strings(lang)["portal"]
        for item in library.items:
            path = scratch / lang / item.evaluation.slug / f"{item.kind}-{item.id}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(item, lang, s), encoding="utf-8")
            count += 1
    try:
        asyncio.run(_index(scratch, site / BUNDLE))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return count


def record_html(item: ItemRecord, lang: str, s: dict) -> str:
    evaluation = item.evaluation
    shown = evaluation.shown_lang(lang)
    title = item.title(shown) or s["kinds"].get(item.kind, item.kind)
    # Each language has its own index, so filter names are in the reader's language.
    filters = {s["facets"][facet]: [_label(facet, v, lang, s) for v in item.facets.get(facet, [])]
               for facet in EVALUATION_FACETS}
    filters[s["search_filters"]["kind"]] = [s["kinds"][item.kind]]
    filters[s["search_filters"]["evaluation"]] = [evaluation.code]
    filter_html = "".join(f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
                          for name, values in filters.items() for value in values)
    evaluation_title = evaluation.text(evaluation.data.get("title"), shown)
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'</head><body><main data-pagefind-body>'
            f'<h1 data-pagefind-meta="title">{escape(evaluation.code)} · {escape(item.id)}. {escape(title)}</h1>'
            f'<span data-pagefind-meta="target:{escape(item.url(lang))}"></span>'
            f'<p data-pagefind-meta="evaluation">{escape(evaluation_title)}</p>'
            f'<p>{escape(evaluation.code)} {escape(item.id)} {escape(item.body(shown))}</p>'
            f'<div data-pagefind-ignore="index">{filter_html}</div></main></body></html>')


def _label(facet: str, value, lang: str, s: dict) -> str:
    if facet == "language":
        return s["language_names"].get(value.key, value.key)
    return value.label(lang)


async def _index(scratch: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async with PagefindIndex(IndexConfig(output_path=str(output))) as index:
        await index.add_directory(path=str(scratch))
