"""The importer's one error type: a source that cannot be read as a report."""

from __future__ import annotations


class SourceError(Exception):
    """The source file is missing, empty, binary, not a report or not a real .docx.

    The message names the file, says what is wrong and how to fix it; the CLI prints it
    without a traceback and exits non-zero.
    """
