"""A table as CSV: UTF-8 with a byte-order mark, so spreadsheet programs read the accents."""

from __future__ import annotations

import csv
import io

from .tables import Table, spreadsheet_text


def table_csv(table: Table) -> bytes:
    return "".join([csv_line(table.header), *map(csv_line, table.rows)]).encode("utf-8-sig")


def csv_line(row: list[str]) -> str:
    """One row of table_csv (its line end included), for a table written row by row (the BOM apart)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_text(v) for v in row])
    return buffer.getvalue()
