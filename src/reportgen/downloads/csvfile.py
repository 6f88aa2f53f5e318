"""A table as CSV: UTF-8 with a byte-order mark, so spreadsheet programs read the accents."""

from __future__ import annotations

import csv
import io

from .tables import Table


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")
