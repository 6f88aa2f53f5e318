"""Downloadable files made at build time: PDF, data (JSON/CSV/XLSX), ILO templates (DOCX)."""

from __future__ import annotations

from pathlib import Path


def write_downloads(graph, templates, site: Path) -> dict:
    """Write every download into the built `site` (before it is swapped into place).

    Returns {relative path: size in bytes} of the files written.
    """
    return {}
