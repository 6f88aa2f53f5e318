"""A table as CSV: UTF-8 with a byte-order mark, so spreadsheet programs read the accents."""

from __future__ import annotations

import csv
import io

from .tables import Table, spreadsheet_text


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(v) for v in table.header])
    writer.writerows([spreadsheet_text(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")
