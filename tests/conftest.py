"""Shared fixtures: real builds into temporary folders, a local HTTP server, Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


def run_cli(*args, cwd=ROOT):
    """Run the real console entry point in a subprocess; return CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled evaluation, built once per test session with the real CLI."""
    out = tmp_path_factory.mktemp("site") / "site"
    work = tmp_path_factory.mktemp("work")
    result = run_cli("build", "--project", ROOT, "--out", out, cwd=work)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def public_built_site(tmp_path_factory) -> Path:
    """The bundled evaluation's public edition (no downloads), built once per test session."""
    out = tmp_path_factory.mktemp("public-site") / "site"
    work = tmp_path_factory.mktemp("public-work")
    result = run_cli("build", "--project", ROOT, "--out", out, "--edition", "public", "--no-downloads", cwd=work)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The small sample content set (tests/fixtures/sample), built once."""
    out = tmp_path_factory.mktemp("sample-site") / "site"
    result = run_cli("build", "--project", ROOT, "--content", FIXTURES / "sample", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_portal(tmp_path_factory) -> Path:
    """A portal of three evaluations (tests/portal_support/projects.py), built once per test session;
    its site is built_portal / "site"."""
    from portal_support.projects import make_portal

    root = make_portal(tmp_path_factory.mktemp("portal") / "portal")
    result = run_cli("portal", "build", root)
    assert result.returncode == 0, result.stderr
    assert "3 evaluation(s) (3 built, 0 unchanged)" in result.stdout
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site):
    server = serve_folder(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI it must exist: no skipping."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/setup.sh (installs Debian's chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield browser
        # The preview's build workers (tests/test_preview.py, unit tests of serve) were forked while this
        # session's Playwright driver was running: they hold its pipe, and the driver would wait for them.
        from reportgen.site import stop_preview_workers
        stop_preview_workers()
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def copy_content(tmp_path: Path, source: Path | None = None) -> Path:
    """A private copy of a content folder that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(source or FIXTURES / "sample", target)
    return target
