"""The recommendations table (CSV/XLSX): management-response columns filled from the content's responses."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from reportgen.content.loader import load_content
from reportgen.downloads.common import Texts
from reportgen.downloads.tables import recommendations_table
from reportgen.errors import Report
from reportgen.context import BuildContext
from reportgen.graph import build_graph, content_languages
from reportgen.render.pages import Templates

ROOT = Path(__file__).resolve().parents[2]


def test_response_columns(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/sample", content)
    responses = (ROOT / "tests/fixtures/portal/management-responses.yaml").read_text(encoding="utf-8")
    (content / "responses.yaml").write_text(responses.replace("recommendation: R4", "recommendation: R3"),
                                            encoding="utf-8")
    report = Report()
    loaded = load_content(content, report)
    graph = build_graph(loaded, report, BuildContext(languages=tuple(content_languages(loaded)),
                                                      build_date=date(2025, 7, 1)))
    assert not report.errors
    table = recommendations_table(graph, Texts(graph, Templates(), "en"))
    rows = {row[0]: dict(zip(table.keys, row)) for row in table.rows}
    r3 = rows["R3"]
    assert r3["response:response"] == "Partly accepted"
    assert r3["response:actions"].split("\n") == [
        "Management agrees to seek more state resources, without committing amounts.",
        "KA4.1. Submit a budget proposal to MININTER", "KA4.2. Advocacy workshop with MIMP"]
    assert r3["response:unit"] == "KA4.1: ILO Lima\nKA4.2: ILO Lima"
    assert r3["response:timeframe"] == "KA4.1: 2025-06-30\nKA4.2: 2025-05-15"
    assert r3["response:status"] == "KA4.1: In progress (2025-04-02)\nKA4.2: Completed (2025-05-10)"
    assert rows["R1"]["response:response"] == "Accepted"
    assert [rows["R2"][f"response:{k}"] for k in ("response", "actions", "unit", "timeframe", "status")] == [""] * 5
