"""Management responses in the graph layer: their checks and the follow-up figures pages show.

A response names a recommendation of this evaluation; its key actions have due
dates and dated updates. The checks need the recommendations (graph) and the
build date (the context of a build: overdue actions and updates "from the
future" are relative to it), so they live here rather than in the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .content.base import Source
from .content.loader import ContentSet, suggest
from .content.responses import ACTION_STATUSES, RESPONSE_STATUSES, ActionUpdate, KeyAction, ManagementResponse
from .errors import Report

if TYPE_CHECKING:  # graph imports this module
    from .graph import Graph

CLOSED_ACTION_STATUSES = ("completed", "no longer applicable")


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_responses(graph: Graph, report: Report, build_date: date) -> None:
    """Every management-response problem, with file and line: all of them in one run."""
    content = graph.content
    answered: dict[str, object] = {}
    action_ids: dict[str, object] = {}
    for response in content.management_responses:
        origin = content.origin(response)
        rec = response.recommendation
        _check_recommendation(graph, response, origin, answered, report)
        answered.setdefault(rec, response)
        response_date = _checked_date(content, response, "date", report, rec)
        for action in response.key_actions:
            _check_action(content, action, rec, response_date, build_date, action_ids, report)


def _check_recommendation(graph: Graph, response: ManagementResponse, origin: Source, answered: dict[str, object],
                          report: Report) -> None:
    content = graph.content
    rec = response.recommendation
    node = graph.nodes.get(rec)
    line = content.line_of(response, "recommendation")
    if node is None or node.kind != "recommendation":
        candidates = [n.id for n in graph.of_kind("recommendation")]
        what = f"{rec!r} is a {node.kind.replace('_', ' ')}" if node else f"no recommendation {rec!r}"
        report.error(origin.file, line, f"management response: {what}",
                     suggest(rec, candidates) or f"recommendations: {', '.join(candidates[:12]) or 'none'}",
                     item=rec, code="response.unknown_recommendation")
    elif rec in answered:
        first = content.origin(answered[rec])
        report.error(origin.file, line, f"a second management response to {rec} "
                     f"(the first is at {first.file}:{first.line})", "keep one response per recommendation; "
                     "record later progress as key-action updates", item=rec, code="response.duplicate")


def _checked_date(content: ContentSet, model: BaseModel, field_name: str, report: Report, item: str) -> date | None:
    value = getattr(model, field_name)
    parsed = parse_date(value)
    if parsed is None:
        report.error(content.origin(model).file, content.line_of(model, field_name),
                     f"{field_name}: {value!r} is not a calendar date", "write it as \"YYYY-MM-DD\"", item=item,
                     code="date.invalid")
    return parsed


def _check_action(content: ContentSet, action: KeyAction, rec: str, response_date: date | None, build_date: date,
                  seen: dict[str, object], report: Report) -> None:
    origin = content.origin(action)
    if action.id in seen:
        first = content.origin(seen[action.id])
        report.error(origin.file, origin.line, f"duplicate key action ID {action.id!r} "
                     f"(first at {first.file}:{first.line})", "number key actions uniquely", item=rec,
                     code="id.duplicate")
    seen.setdefault(action.id, action)
    due = _checked_date(content, action, "due", report, rec)
    if due and response_date and due < response_date:
        report.error(origin.file, content.line_of(action, "due"), f"key action {action.id}: due {action.due} is "
                     f"before the response date {response_date.isoformat()}",
                     "a key action is due after management answered; correct one of the dates", item=rec,
                     code="action.due_too_early")
    for update in action.updates:
        when = _checked_date(content, update, "date", report, rec)
        if when and when > build_date:
            report.error(content.origin(update).file, content.line_of(update, "date"),
                         f"key action {action.id}: update dated {update.date}, after the build date "
                         f"{build_date.isoformat()}", "an update records progress already made; "
                         "correct its date", item=rec, code="action.update_in_future")


# --- figures for pages and downloads (pure data) ---------------------------------------------

@dataclass(frozen=True)
class ActionView:
    recommendation: str
    action: KeyAction
    latest: ActionUpdate | None  # the latest update, if any
    status: str               # the latest update's status, else the action's own
    overdue: bool


def response_for(graph: Graph, rec_id: str) -> ManagementResponse | None:
    return next((r for r in graph.content.management_responses if r.recommendation == rec_id), None)


def latest_update(action: KeyAction) -> ActionUpdate | None:
    dated = [u for u in action.updates if parse_date(u.date)]
    return max(dated, key=lambda u: u.date) if dated else None


def action_view(rec_id: str, action: KeyAction, as_of: date) -> ActionView:
    latest = latest_update(action)
    status = (latest.status if latest and latest.status else None) or action.status
    due = parse_date(action.due)
    overdue = bool(due and due < as_of and status not in CLOSED_ACTION_STATUSES)
    return ActionView(rec_id, action, latest, status, overdue)


def action_views(graph: Graph, as_of: date) -> list[ActionView]:
    return [action_view(r.recommendation, a, as_of) for r in graph.content.management_responses
            for a in r.key_actions]


def response_counts(graph: Graph) -> dict[str, int]:
    """Responses by status, plus the recommendations not answered yet ("none")."""
    counts = dict.fromkeys(RESPONSE_STATUSES, 0)
    for response in graph.content.management_responses:
        counts[response.status] += 1
    answered = {r.recommendation for r in graph.content.management_responses}
    counts["none"] = sum(rec.id not in answered for rec in graph.content.recommendations)
    return counts


def action_counts(views: list[ActionView]) -> dict[str, int]:
    counts = dict.fromkeys(ACTION_STATUSES, 0)
    for view in views:
        counts[view.status] += 1
    return counts
