"""`reportgen import`: a report converted from PDF or Word -> a reportgen project to review.

readers (text, .docx via pandoc) -> debris (clean blocks) -> structure (chapters) ->
recognisers (cover, matrix, findings, conclusions, recommendations, lessons) -> assemble
(links, guesses) -> writer (YAML, Markdown, IMPORT.md). Nothing here imports the rest of
reportgen: the output is checked by `reportgen check` like any hand-written project.
"""

from __future__ import annotations

from .errors import SourceError
from .run import ImportResult, import_report

__all__ = ["ImportResult", "SourceError", "import_report"]
