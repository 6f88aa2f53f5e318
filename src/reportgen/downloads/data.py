"""The validated model as JSON (the same document as `reportgen export json`)."""

from __future__ import annotations

from ..export import dumps
from ..graph import Graph
from ..render.recommendation_view import value_labels

JSON_NAME = "evaluation.json"


def evaluation_json(graph: Graph, templates) -> bytes:
    return dumps(graph, value_labels(graph, templates)).encode("utf-8")
