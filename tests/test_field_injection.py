"""A script payload in every text field of every model and every configuration key: nothing runs.

The hostile project is generated from the models (tests/field_injection.py). A field `check`
refuses (with file and line) is put back and recorded: refusing hostile input is a correct
answer too. The rest is built once, and Chromium opens every page: `window.__pwned` stays
unset, no dialog opens, and the payload is shown as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli, serve_folder
from field_injection import LANGUAGES, VISIBLE, all_text_fields, make_project

from reportgen.content.yamlfile import load_yaml


def _catalogs() -> dict[str, dict]:
    return {lang: yaml.safe_load((ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
            for lang in LANGUAGES}


def _errors(root: Path) -> list[dict]:
    result = run_cli("check", "--project", root, "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return [p for p in json.loads(result.stdout or "[]") if p["level"] == "error"]


def _line(root: Path, path: tuple) -> tuple[str, int | None]:
    file = root / path[0]
    return path[0], load_yaml(file, path[0]).line_of(path[1:])


def _put_back(root: Path, path: tuple, original: dict) -> None:
    """The poisoned value at `path` replaced by the base project's (or removed where it had none)."""
    file = root / path[0]
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    before = original[path[0]]
    target, source = data, before
    for key in path[1:-1]:
        target = target[key]
        source = source[key] if isinstance(source, (dict, list)) and _has(source, key) else None
    last = path[-1]
    if source is not None and _has(source, last):
        target[last] = source[last]
    else:
        del target[last]
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _has(container, key) -> bool:
    return key in container if isinstance(container, dict) else isinstance(key, int) and key < len(container)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(built site, fields poisoned, fields refused by check with their messages)."""
    base = tmp_path_factory.mktemp("hostile-base")
    make_project(base, {}, poison=False)  # the same files, without payloads
    original = {p.relative_to(base).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in [base / "reportgen.yml", *sorted((base / "content").rglob("*.yaml"))]}
    root = tmp_path_factory.mktemp("hostile")
    poisoner = make_project(root, _catalogs())
    original["reportgen.yml"].pop("vocabulary", None)
    refused: dict[tuple[str, str], str] = {}
    put_back: set[tuple] = set()
    for _ in range(4):
        errors = _errors(root)
        if not errors:
            break
        lines = {_line(root, path): (field, path) for field, paths in poisoner.poisoned.items() for path in paths}
        for error in errors:
            where = next((key for key in lines if key[1] == error["line"] and key[0].endswith(error["file"])), None)
            assert where is not None, f"check refused something that is not a poisoned field: {error}"
            field, path = lines[where]
            if field not in refused or path not in put_back:
                refused[field] = f"{error['file']}:{error['line']}: {error['message']}"
                _put_back(root, path, original)
                put_back.add(path)
    assert _errors(root) == []
    out = root / "site"
    result = run_cli("build", "--project", root, "--out", out, "--no-downloads")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out, poisoner.poisoned, refused


def test_every_text_field_of_every_model_is_attacked(hostile):
    _, poisoned, refused = hostile
    missing = all_text_fields() - set(poisoned)
    # A field no item of the base project carries: add an example of its type to field_injection.EXTRAS.
    assert not missing, sorted(missing)
    print("\nrefused by check:", *(f"  {f[0]}.{f[1]}: {m}" for f, m in sorted(refused.items())), sep="\n")


@pytest.mark.browser
def test_no_payload_runs_on_any_page(browser, hostile):
    site, _, _ = hostile
    server = serve_folder(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs, ran, shown = [], [], 0
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append((page.url, d.message)), d.dismiss()))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    try:
        for rel in pages:
            page.goto(base + rel)
            page.wait_for_load_state("load")   # onerror/onload handlers have had their chance
            if page.evaluate("window.__pwned !== undefined"):
                ran.append(rel)
            shown += VISIBLE in page.inner_text("body")
    finally:
        context.close()
        server.shutdown()
    assert ran == [], f"the payload ran on {len(ran)} page(s): {ran[:10]}"
    assert dialogs == []
    assert len(pages) > 20
    assert shown == len(pages), f"the payload is shown as text on {shown} of {len(pages)} pages"
