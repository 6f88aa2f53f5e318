"""Hostile and odd sources through the real `reportgen import` (the cases: tests/import_hostile.py).

For every case: no traceback; nothing written outside --out and no staging folder left; the
content of a file an external entity points at never appears. A refused source: exit code 1, one
line naming the file and what is wrong, no --out folder. An imported one: exit code 0, the text
kept as text, IMPORT.md saying what was not read or was repaired, and `reportgen check` passes.
The hostile-text projects are built and every page opened in Chromium: nothing runs.
Then the output side: two imports at once, Ctrl-C during an import.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, serve_folder
from import_hostile import REPORT, Case, cases

SECRET_TEXT = "TOP-SECRET-XXE-CONTENT"
CASES = cases(Path("/nonexistent"))  # the names only; each test makes its own with its own secret file


def _case(name: str, secret: Path) -> Case:
    return next(c for c in cases(secret) if c.name == name)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _content(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file())


def _params():
    return [pytest.param(c.name, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
            for c in CASES]


@pytest.mark.parametrize("name", _params())
def test_hostile_source(tmp_path, name):
    secret = tmp_path / "secret.txt"
    case = _case(name, secret)
    sources = tmp_path / "sources"
    sources.mkdir()
    source = case.make(sources)
    before = _files(tmp_path)
    out = tmp_path / "out"
    result = run_cli("import", source, "--out", out)
    assert "Traceback" not in result.stderr, result.stderr
    assert SECRET_TEXT not in result.stderr + result.stdout
    if case.refused:
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, result.stdout + result.stderr
        assert len(lines) == 1 and str(source) in lines[0], result.stderr
        assert all(word in lines[0] for word in case.refused), lines[0]
        assert not out.exists()
        assert _files(tmp_path) == before  # nothing written anywhere, no staging folder left
        return
    assert result.returncode == 0, result.stderr
    assert _files(tmp_path) - before == {"out"} | {f"out/{p}" for p in _files(out)}
    content = _content(out / "content")
    assert SECRET_TEXT not in _content(out)
    for text in case.kept:
        assert text in content, text
    report = (out / "IMPORT.md").read_text(encoding="utf-8")
    for words in case.noted:
        assert words in report, report
    check = run_cli("check", cwd=out)
    assert check.returncode == 0 and "Traceback" not in check.stderr, check.stderr


# --- hostile text: the imported projects build, and nothing runs in Chromium -------------------------

BUILT = [c.name for c in CASES if c.builds]


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory) -> dict[str, Path]:
    sites = {}
    for name in BUILT:
        folder = tmp_path_factory.mktemp("hostile")
        source = _case(name, folder / "secret.txt").make(folder)
        project = folder / "project"
        result = run_cli("import", source, "--out", project)
        assert result.returncode == 0, result.stderr
        build = run_cli("build", "--out", folder / "site", "--no-downloads", cwd=project)
        assert build.returncode == 0 and "Traceback" not in build.stderr, build.stderr
        sites[name] = folder / "site"
    return sites


@pytest.mark.browser
def test_hostile_text_is_inert_text_in_chromium(browser, hostile_sites):
    dialogs, errors, shown = [], [], set()
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append((page.url, d.message)), d.dismiss()))
    page.on("pageerror", lambda e: errors.append((page.url, str(e))))
    try:
        for name, site in hostile_sites.items():
            server = serve_folder(site)
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            try:
                for rel in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
                    page.goto(base + rel)
                    page.wait_for_load_state("load")
                    for selector in ("a", "img", "b", "svg"):
                        for element in page.query_selector_all(f".md-content {selector}")[:20]:
                            try:
                                element.hover(timeout=300)
                            except Exception:  # noqa: BLE001 - an element that cannot be hovered carries nothing
                                pass
                    body = page.inner_text("body")
                    shown.update(t for t in ("{{ config.__class__ }}", "[[chart:nothing]]", "{{ 7*7 }}") if t in body)
                    assert page.query_selector(".md-content iframe") is None, rel
                    assert not any("alert" in (script.text_content() or "")  # the theme's own scripts only
                                   for script in page.query_selector_all(".md-content script")), rel
            finally:
                server.shutdown()
    finally:
        context.close()
    assert dialogs == [] and errors == [], (dialogs, errors)
    assert shown == {"{{ config.__class__ }}", "[[chart:nothing]]", "{{ 7*7 }}"}, shown


# --- the output folder ----------------------------------------------------------------------------------

def _popen(source: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reportgen", "import", str(source), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_same_source_into_two_folders_at_once(tmp_path):
    source = tmp_path / "report.md"
    source.write_text(REPORT, encoding="utf-8")
    runs = [_popen(source, tmp_path / name) for name in ("a", "b")]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0 and "Traceback" not in stderr, stderr
    a, b = tmp_path / "a", tmp_path / "b"
    assert _files(a) == _files(b) and (a / "content" / "conclusions.yaml").read_bytes() == (
        b / "content" / "conclusions.yaml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "report.md"]


def test_two_imports_into_one_folder_at_once(tmp_path):
    """One wins; the other says so in one line; the folder holds one whole project, no staging left."""
    source = tmp_path / "report.md"
    source.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    runs = [_popen(source, out) for _ in range(3)]
    results = [(run.returncode, run.communicate(timeout=300)[1]) for run in runs]
    results = [(run.wait(), stderr) for run, (_, stderr) in zip(runs, results)]
    assert sorted(code for code, _ in results)[0] == 0
    for code, stderr in results:
        assert "Traceback" not in stderr
        if code:
            assert code == 1 and len(stderr.strip().splitlines()) == 1, stderr
            assert "another program" in stderr or "not empty" in stderr, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "report.md"]
    assert run_cli("check", cwd=out).returncode == 0


def test_ctrl_c_during_an_import_leaves_nothing(tmp_path):
    source = _case("text with 100,000 headings", tmp_path / "secret.txt").make(tmp_path)
    out = tmp_path / "out"
    run = _popen(source, out)
    time.sleep(2)  # the reading is under way (it takes several seconds); not a timing assertion
    assert run.poll() is None, "the import ended before Ctrl-C: give it a larger source"
    os.kill(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]
