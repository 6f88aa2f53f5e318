"""Exports of every recommendation of the portal with its management response: JSON, and CSV/XLSX per language."""

from __future__ import annotations

import calendar
import hashlib
import itertools
import json
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from ..downloads.csvfile import csv_line
from ..downloads.tables import Table
from ..downloads.xlsx import StreamedWorkbook
from ..content.responses import RESPONSE_STATUSES, ActionUpdate
from ..export import ExportJson
from ..i18n import Catalogs, Strings
from .config import PortalConfig
from .incremental import Reuse, put_stream
from .records import ItemRecord, Library
from .search import facet_label

FORMAT = "reportgen-portal/1"
T = TypeVar("T")
COLUMNS = ("evaluation", "id", "title", "text", "addressees", "priority", "response:response", "response:text",
           "response:actions", "response:status", "follow_up", "url")


def write_exports(library: Library, config: PortalConfig, templates: Catalogs, site: Path,
                  reuse: Reuse | None = None) -> None:
    """The exports, written as their rows are made (one recommendation at a time: a library's tens of
    thousands of rows are never held, as rows, CSV, JSON or a workbook); with `reuse`, a workbook whose
    rows are the previous output's is taken from it (making a workbook is most of their time), and a
    file of the same bytes keeps the previous one."""
    (site / "downloads").mkdir(parents=True, exist_ok=True)
    recommendations = library.of_kind("recommendation")
    document = {"format": FORMAT, "build_date": library.build_date.isoformat(), "languages": config.languages}
    put_stream(reuse, site, "downloads/recommendations.json", _json_with_rows(document, "recommendations", _by_evaluation(
        reuse, recommendations, "json", lambda recs: (_json_text(_json_row(rec, config.languages)) for rec in recs))))
    # The workbook's dates are the portal's build date: two assemblies of one library are byte-identical.
    epoch = calendar.timegm(library.build_date.timetuple())
    for lang in config.languages:
        strings = templates.strings(lang)
        d = strings["download_texts"]
        exports = [("recommendations", _table_head(strings), partial(_recommendation_rows, strings=strings, lang=lang),
                    strings["portal"]["recommendations"], d["response_values"], d["response_prompt"]),
                   ("follow-up", _follow_up_head(strings), partial(_follow_up_rows, strings=strings, lang=lang),
                    strings["portal"]["follow_up"], [], "")]
        for name, head, rows, sheet, values, prompt in exports:
            _write_table(reuse, site, f"downloads/{name}-{lang}", head,
                         _by_evaluation(reuse, recommendations, f"{name}-{lang}", rows),
                         (sheet, config.title[lang], values, prompt, epoch))


def _by_evaluation(reuse: Reuse | None, recommendations: list[ItemRecord], name: str,
                   make: Callable[[list[ItemRecord]], Iterable[T]]) -> Iterator[T]:
    """The rows `make` makes of the recommendations, one evaluation's at a time (a library's items come in
    its evaluations' order), each evaluation's from the cache of rows when unchanged (Reuse.rows)."""
    for _, group in itertools.groupby(recommendations, key=lambda rec: id(rec.evaluation)):
        recs = list(group)
        yield from reuse.rows(recs, name, make) if reuse is not None else make(recs)


ROWS_MARK = "\x00rows\x00"


ROW_INDENT = "\n  "  # the line break and indentation of a row of _json_with_rows's list (its document's second level)


def _json_text(row: ExportJson) -> str:
    """A row of the JSON export as _json_with_rows puts it in its list (indented as the list's items: a
    JSON text holds no raw line break, so the row's are its own); the Python encoder json.dumps uses
    with an indent is most of the export's time, so the text is what the cache of rows keeps."""
    return json.dumps(row, ensure_ascii=False, indent=1).replace("\n", ROW_INDENT)


def _json_with_rows(head: ExportJson, name: str, rows: Iterator[str]) -> Iterator[str]:
    """json.dumps({**head, name: list(rows)}, ensure_ascii=False, indent=1) + "\n" in parts, for rows
    given as _json_text made them, each written as it comes (a library's tens of thousands of rows are
    never held, as data or as text): the document is encoded around a one-element list holding a mark,
    and the rows take the mark's place."""
    whole = json.dumps({**head, name: [ROWS_MARK]}, ensure_ascii=False, indent=1)
    mark = json.dumps(ROWS_MARK, ensure_ascii=False)
    before, after = whole.split(mark)
    indent = before[before.rindex("\n"):]  # the line break and the indentation of the list's items
    if indent != ROW_INDENT:
        raise ValueError(f"rows indented as {indent!r}, not as _json_text indents them")
    first = True
    for row in rows:
        yield (before if first else "," + indent) + row
        first = False
    if first:  # no rows: an empty list, as json.dumps writes it
        yield json.dumps({**head, name: []}, ensure_ascii=False, indent=1)
    else:
        yield after
    yield "\n"


def _write_table(reuse: Reuse | None, site: Path, stem: str, head: Table, rows: Iterator[list[str]],
                 workbook: tuple[str, str, list[str], str, int]) -> None:
    """STEM.csv and STEM.xlsx of `rows`, in one pass over them: the CSV written as they come, the
    workbook's rows spooled (StreamedWorkbook) and their digest kept; the workbook is then taken from the
    previous output when its inputs (the rows and `workbook`'s sheet, title, values, prompt and date) are
    the same, else written from the spool."""
    digest = hashlib.sha256(json.dumps([head.keys, head.header, list(head.empty_keys), *workbook],
                                       ensure_ascii=False).encode("utf-8"))
    with StreamedWorkbook(head, *workbook) as sheet:
        def csv_parts() -> Iterator[str]:
            for row in rows:
                digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8"))
                sheet.add(row)
                yield csv_line(row)

        put_stream(reuse, site, f"{stem}.csv", itertools.chain(["\ufeff", csv_line(head.header)], csv_parts()))
        path = f"{stem}.xlsx"
        if reuse is not None and reuse.take_file(path, digest.hexdigest(), site / path):
            return
        with open(site / path, "wb") as out:
            sheet.save(out)
        if reuse is not None:
            reuse.put_written(path, site / path)


def _json_row(rec: ItemRecord, languages: list[str]) -> ExportJson:
    data = {key: rec.raw(key) for key in ("id", "title", "text", "addressees", "priority", "resources",
                                               "timeframe", "conclusions", "follows_up")}
    return {"evaluation": rec.evaluation.code, **data, "management_response": rec.response,
            "follow_up": rec.facets["follow_up"][0].key,
            "overdue_actions": [a.action.id for a in rec.actions if a.overdue],
            "url": {lang: rec.url(lang) for lang in languages}}


def _table_head(strings: Strings) -> Table:
    s, m, d = strings["portal"], strings["management"], strings["download_texts"]
    c, r = s["columns"], d["recommendation_columns"]
    header = [c["evaluation"], r["id"], r["title"], r["text"], r["addressees"], s["facets"]["priority"],
              m["response"], c["response_text"], m["key_actions"], c["action_status"], s["facets"]["follow_up"], r["url"]]
    return Table(list(COLUMNS), header)


def _table(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Table:
    """One row per recommendation, with its response and its key actions' states (held: a few)."""
    table = _table_head(strings)
    table.rows.extend(_recommendation_rows(recommendations, strings, lang))
    return table


def _recommendation_rows(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Iterator[list[str]]:
    s, m, d = strings["portal"], strings["management"], strings["download_texts"]
    for rec in recommendations:
        response = rec.response or {}
        status = response.get("status")
        yield [
            rec.evaluation.code, rec.id, rec.title(lang), rec.body(lang),
            "; ".join(v.label(lang) for v in rec.facets.get("addressee", [])),
            "; ".join(facet_label("priority", v, lang, s) for v in rec.facets.get("priority", [])),
            d["response_values"][RESPONSE_STATUSES.index(status)] if status else "",
            rec.evaluation.text(response.get("text"), lang) if response else "",
            "\n".join(f"{a.action.id}. {rec.evaluation.text(a.action.text.model_dump(), lang)} ({a.action.unit}, "
                      f"{a.action.due})" for a in rec.actions),
            "\n".join(f"{a.action.id}: {m['action_statuses'][a.status]}" + (f" · {m['overdue']}" if a.overdue else "")
                      for a in rec.actions),
            s["values"]["follow_up"][rec.facets["follow_up"][0].key],
            rec.url(lang),
        ]


UPDATE_COLUMNS = ("evaluation", "recommendation", "response", "response_date", "action", "action_text", "unit", "due",
                  "status", "overdue", "update_date", "update_status", "update_text")


def _follow_up_head(strings: Strings) -> Table:
    s, m = strings["portal"], strings["management"]
    c = s["columns"]
    header = [c["evaluation"], m["recommendation"], m["response"], c["response_date"], c["action"], c["action_text"],
              c["unit"], c["due"], c["status"], c["overdue"], c["update_date"], c["update_status"], c["update_text"]]
    return Table(list(UPDATE_COLUMNS), header)


def follow_up_table(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Table:
    """Follow-up over time: one row per dated update of each key action, newest first (an action without
    updates has one row with its own state), so the history can be filtered and charted."""
    table = _follow_up_head(strings)
    table.rows.extend(_follow_up_rows(recommendations, strings, lang))
    return table


def _follow_up_rows(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Iterator[list[str]]:
    m = strings["management"]
    for rec in recommendations:
        response = rec.response or {}
        for view in rec.actions:
            action = view.action
            base = [rec.evaluation.code, rec.id, m["response_statuses"].get(response.get("status", "none"), ""),
                    response.get("date", ""), action.id, rec.evaluation.text(action.text.model_dump(), lang),
                    action.unit, action.due, m["action_statuses"][view.status], m["overdue"] if view.overdue else ""]
            updates: list[ActionUpdate | None] = [*sorted(action.updates, key=lambda u: u.date, reverse=True)]
            for update in updates or [None]:
                yield base + ([update.date, m["action_statuses"].get(update.status or "", ""),
                               rec.evaluation.text(update.text.model_dump(), lang)] if update else ["", "", ""])
