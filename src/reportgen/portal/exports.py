"""Exports of every recommendation of the portal with its management response: JSON, and CSV/XLSX per language."""

from __future__ import annotations

import calendar
import itertools
import json
from functools import partial
from pathlib import Path

from ..downloads.csvfile import table_csv
from ..downloads.tables import Table
from ..downloads.xlsx import recommendations_xlsx_fixed
from ..content.responses import RESPONSE_STATUSES, ActionUpdate
from ..export import ExportJson
from ..i18n import Catalogs, Strings
from .config import PortalConfig
from .incremental import Reuse, keyed_file, put_file, put_stream
from .records import ItemRecord, Library
from .search import facet_label

FORMAT = "reportgen-portal/1"
COLUMNS = ("evaluation", "id", "title", "text", "addressees", "priority", "response:response", "response:text",
           "response:actions", "response:status", "follow_up", "url")


def export_name(lang: str, suffix: str) -> str:
    return f"downloads/recommendations-{lang}.{suffix}"


def write_exports(library: Library, config: PortalConfig, templates: Catalogs, site: Path,
                  reuse: Reuse | None = None) -> None:
    """The exports; with `reuse`, a workbook whose rows are the previous output's is taken from it
    (making a workbook is most of their time), and a file of the same bytes keeps the previous one."""
    (site / "downloads").mkdir(parents=True, exist_ok=True)
    recommendations = library.of_kind("recommendation")
    data = {"format": FORMAT, "build_date": library.build_date.isoformat(), "languages": config.languages,
            "recommendations": [_json_row(rec, config.languages) for rec in recommendations]}
    # Written as it is encoded (json.dumps's bytes, never held whole: thousands of recommendations).
    put_stream(reuse, site, "downloads/recommendations.json",
               itertools.chain(json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(data), ["\n"]))
    # The workbook's dates are the portal's build date: two assemblies of one library are byte-identical.
    epoch = calendar.timegm(library.build_date.timetuple())
    for lang in config.languages:
        table = _table(recommendations, templates.strings(lang), lang)
        strings = templates.strings(lang)
        put_file(reuse, site, export_name(lang, "csv"), table_csv(table))
        history = follow_up_table(recommendations, strings, lang)
        put_file(reuse, site, f"downloads/follow-up-{lang}.csv", table_csv(history))
        workbooks = [(f"downloads/follow-up-{lang}.xlsx", history, strings["portal"]["follow_up"], [], ""),
                     (export_name(lang, "xlsx"), table, strings["portal"]["recommendations"],
                      strings["download_texts"]["response_values"], strings["download_texts"]["response_prompt"])]
        for path, rows, sheet, values, prompt in workbooks:
            inputs = json.dumps([rows.keys, rows.header, rows.rows, list(rows.empty_keys), sheet, config.title[lang],
                                 values, prompt, epoch], ensure_ascii=False)
            keyed_file(reuse, site, path, inputs, partial(_workbook, rows, sheet, config.title[lang], values, prompt,
                                                          epoch))


def _workbook(table: Table, sheet: str, title: str, values: list[str], prompt: str, epoch: int) -> bytes:
    return recommendations_xlsx_fixed(table, sheet, title, values, prompt, epoch)  # a library's thousands of rows


def _json_row(rec: ItemRecord, languages: list[str]) -> ExportJson:
    data = {key: rec.raw(key) for key in ("id", "title", "text", "addressees", "priority", "resources",
                                               "timeframe", "conclusions", "follows_up")}
    return {"evaluation": rec.evaluation.code, **data, "management_response": rec.response,
            "follow_up": rec.facets["follow_up"][0].key,
            "overdue_actions": [a.action.id for a in rec.actions if a.overdue],
            "url": {lang: rec.url(lang) for lang in languages}}


def _table(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Table:
    """One row per recommendation, with its response and its key actions' states."""
    s, m, d = strings["portal"], strings["management"], strings["download_texts"]
    c, r = s["columns"], d["recommendation_columns"]
    header = [c["evaluation"], r["id"], r["title"], r["text"], r["addressees"], s["facets"]["priority"],
              m["response"], c["response_text"], m["key_actions"], c["action_status"], s["facets"]["follow_up"], r["url"]]
    table = Table(list(COLUMNS), header)
    for rec in recommendations:
        response = rec.response or {}
        status = response.get("status")
        table.rows.append([
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
        ])
    return table


UPDATE_COLUMNS = ("evaluation", "recommendation", "response", "response_date", "action", "action_text", "unit", "due",
                  "status", "overdue", "update_date", "update_status", "update_text")


def follow_up_table(recommendations: list[ItemRecord], strings: Strings, lang: str) -> Table:
    """Follow-up over time: one row per dated update of each key action, newest first (an action without
    updates has one row with its own state), so the history can be filtered and charted."""
    s, m = strings["portal"], strings["management"]
    c = s["columns"]
    header = [c["evaluation"], m["recommendation"], m["response"], c["response_date"], c["action"], c["action_text"],
              c["unit"], c["due"], c["status"], c["overdue"], c["update_date"], c["update_status"], c["update_text"]]
    table = Table(list(UPDATE_COLUMNS), header)
    for rec in recommendations:
        response = rec.response or {}
        for view in rec.actions:
            action = view.action
            base = [rec.evaluation.code, rec.id, m["response_statuses"].get(response.get("status", "none"), ""),
                    response.get("date", ""), action.id, rec.evaluation.text(action.text.model_dump(), lang),
                    action.unit, action.due, m["action_statuses"][view.status], m["overdue"] if view.overdue else ""]
            updates: list[ActionUpdate | None] = [*sorted(action.updates, key=lambda u: u.date, reverse=True)]
            for update in updates or [None]:
                table.rows.append(base + ([update.date, m["action_statuses"].get(update.status or "", ""),
                                           rec.evaluation.text(update.text.model_dump(), lang)]
                                          if update else ["", "", ""]))
    return table
