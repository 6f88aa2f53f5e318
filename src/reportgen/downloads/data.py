"""The validated model as JSON (the same document as `reportgen export json`)."""

from __future__ import annotations

from ..export import dumps
from ..graph import Graph
from ..i18n import Catalogs
from ..render.recommendation_view import value_labels

JSON_NAME = "evaluation.json"


def evaluation_json(graph: Graph, catalogs: Catalogs) -> bytes:
    """The export with the value sets labelled in each language (the project's vocabulary included)."""
    return dumps(graph, value_labels(graph, catalogs)).encode("utf-8")
