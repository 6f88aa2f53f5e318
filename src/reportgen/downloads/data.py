"""The validated model as JSON (the same document as `reportgen export json`)."""

from __future__ import annotations

from ..export import dumps
from ..graph import Graph

JSON_NAME = "evaluation.json"


def evaluation_json(graph: Graph) -> bytes:
    return dumps(graph).encode("utf-8")
