"""Every text field carries an XSS payload; Chromium opens every page: nothing runs.

The sample content is rewritten so that each localized text (and each narrative)
ends with payloads: a script tag, event-handler attributes, a javascript: link,
an SVG with a script, an attribute-list injection. The site is built with the real
CLI and every HTML page is opened; a dialog or a content script would be caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli, serve_folder

PAYLOAD = (' <script>alert("xss-script")</script> <img src=x onerror=alert("xss-img")>'
           ' [click](javascript:alert("xss-link")) <svg onload=alert("xss-svg")><script>alert(1)</script></svg>'
           ' <a href="javascript:alert(1)" onmouseover="alert(2)">hover</a>')
ATTR_PAYLOAD = '\n\n{: onmouseover="alert(\'xss-attr\')" }'


def _poison(value):
    if isinstance(value, dict):
        if set(value) <= {"es", "en"} and value:
            return {k: (v + PAYLOAD + (ATTR_PAYLOAD if "\n" in v else "")) if isinstance(v, str) and v else v
                    for k, v in value.items()}
        return {k: _poison(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v) for v in value]
    return value


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("xss") / "content"
    shutil.copytree(FIXTURES / "sample", content)
    for path in content.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data)
        for section in poisoned.get("sections", []):  # narrative file names must stay names
            section["narrative"] = next(s for s in data["sections"] if s["id"] == section["id"])["narrative"]
        if "evaluation" in poisoned:
            poisoned["evaluation"]["summary"] = data["evaluation"]["summary"]
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in content.rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + PAYLOAD + ATTR_PAYLOAD + "\n",
                        encoding="utf-8")
    out = content.parent / "site"
    result = run_cli("build", "--content", content, "--out", out, "--no-downloads")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.browser
def test_no_payload_runs_in_any_page(browser, poisoned_site):
    server = serve_folder(poisoned_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs, errors = [], []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append((page.url, d.message)), d.dismiss()))
    page.on("pageerror", lambda e: errors.append((page.url, str(e))))
    pages = sorted(p.relative_to(poisoned_site).as_posix() for p in poisoned_site.rglob("*.html"))
    visible = 0
    try:
        for rel in pages:
            page.goto(base + rel)
            page.wait_for_load_state("load")
            for selector in ("a", "img", "svg", "abbr"):  # hover what could carry a handler
                for element in page.query_selector_all(f".md-content {selector}")[:40]:
                    try:
                        element.hover(timeout=500)
                    except Exception:
                        pass
            if 'alert("xss-script")' in page.inner_text("body"):
                visible += 1
    finally:
        context.close()
        server.shutdown()
    assert dialogs == [], dialogs
    assert errors == [], errors
    assert len(pages) > 20
    # The payload is shown as text wherever the poisoned texts appear.
    assert visible >= len(pages) // 2, f"payload visible as text on {visible} of {len(pages)} pages"
