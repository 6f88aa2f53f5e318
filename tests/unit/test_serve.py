"""reportgen.serve: the watch loop rebuilds for every saved edit (the build itself is replaced here)."""

from __future__ import annotations

import json
import os
import threading
import time
from types import SimpleNamespace

from reportgen import serve as serve_module
from reportgen.inputs import Inputs


def test_an_edit_saved_while_a_build_runs_starts_the_next_build(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    edited = content / "recommendations.yaml"
    edited.write_text("first\n", encoding="utf-8")
    project = SimpleNamespace(content_dir=content, template_dirs=[], base_config=tmp_path / "mkdocs.yml")
    project.base_config.write_text("site_name: t\n", encoding="utf-8")
    out = tmp_path / "preview"
    builds = []

    def rebuild(project, out, state, changed=None):
        out.mkdir(exist_ok=True)
        inputs = Inputs()
        inputs.file(edited)  # stamped before it is read, as the build's stages do
        builds.append(edited.read_text(encoding="utf-8"))
        if len(builds) == 2:  # the author saves again while this build runs
            edited.write_text("third\n", encoding="utf-8")
            stamp = edited.stat().st_mtime_ns + 1_000_000_000
            os.utime(edited, ns=(stamp, stamp))  # a new time even where file times are coarse
        with state.lock:
            state.build += 1
        return inputs

    monkeypatch.setattr(serve_module, "rebuild", rebuild)
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve_module.serve, args=(project, out, "127.0.0.1", 0, ready, stop))
    thread.start()
    try:
        assert ready.wait(30)
        edited.write_text("second\n", encoding="utf-8")
        stamp = edited.stat().st_mtime_ns + 2_000_000_000
        os.utime(edited, ns=(stamp, stamp))
        deadline = time.monotonic() + 30
        while len(builds) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(30)
    assert builds[:3] == ["first\n", "second\n", "third\n"]


def _preview(tmp_path, monkeypatch):
    """A running preview of a one-page site (the build replaced); returns (port, stop, thread)."""
    out = tmp_path / "preview"

    def rebuild(project, out, state, changed=None):
        out.mkdir(exist_ok=True)
        (out / "index.html").write_text("<html><body>report</body></html>", encoding="utf-8")
        return Inputs()

    monkeypatch.setattr(serve_module, "rebuild", rebuild)
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve_module.serve, args=(None, out, "127.0.0.1", 0, ready, stop))
    thread.start()
    assert ready.wait(30)
    return ready.port, stop, thread  # type: ignore[attr-defined]


def _get(port: int, host: str) -> int:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_preview_answers_only_its_own_address(tmp_path, monkeypatch):
    port, stop, thread = _preview(tmp_path, monkeypatch)
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "localhost"):
            assert _get(port, host) == 200, host
        for host in (f"evil.example:{port}", f"127.0.0.1:{port + 1}", f"localhost.evil.example:{port}",
                     f"user@evil.example:{port}", ""):
            assert _get(port, host) == 421, host
    finally:
        stop.set()
        thread.join(30)


def test_any_address_allows_ip_addresses_and_no_other_name():
    assert serve_module.host_allowed("10.1.2.3:8000", "0.0.0.0", 8000)
    assert not serve_module.host_allowed("10.1.2.3:8000", "127.0.0.1", 8000)
    assert not serve_module.host_allowed("rebind.example:8000", "0.0.0.0", 8000)
    assert serve_module.host_allowed("preview.lan:8000", "preview.lan", 8000)


def test_a_port_in_use_is_said_before_anything_is_built(tmp_path, monkeypatch):
    import socket

    import pytest

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    monkeypatch.setattr(serve_module, "rebuild", lambda *a: pytest.fail("built although the port is taken"))
    try:
        with pytest.raises(serve_module.PortInUse, match=f"port {port} on 127.0.0.1 is in use.*--port {port + 1}"):
            serve_module.serve(None, tmp_path / "preview", "127.0.0.1", port)
    finally:
        taken.close()
    assert not (tmp_path / "preview").exists()


def test_a_page_reloads_when_its_own_file_or_a_file_every_page_uses_changed(tmp_path):
    site = tmp_path / "site"
    (site / "en" / "findings" / "S7").mkdir(parents=True)
    (site / "assets").mkdir()
    files = {"index.html": "home", "en/findings/S7/index.html": "S7", "assets/style.css": "a",
             "search/search_index.json": "{}"}
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    state = serve_module.PreviewState()
    serve_module._note_site(site, state)

    def token(page):
        return json.loads(state.as_json(page))["page"]

    home, s7 = token("/"), token("/en/findings/S7/")
    assert serve_module.html_file("/en/findings/S7/") == "en/findings/S7/index.html"
    assert serve_module.html_file("/") == "index.html"
    (site / "en/findings/S7/index.html").write_text("S7 edited", encoding="utf-8")
    (site / "search/search_index.json").write_text('{"docs": []}', encoding="utf-8")  # reloads nothing
    serve_module._note_site(site, state)
    assert token("/") == home and token("/en/findings/S7/") != s7
    s7 = token("/en/findings/S7/")
    (site / "assets/style.css").write_text("b", encoding="utf-8")
    serve_module._note_site(site, state)
    assert token("/") != home and token("/en/findings/S7/") != s7
    assert state.open_pages()[:2] == ["/en/findings/S7/", "/"]  # the pages that asked, the latest first


def test_an_address_names_its_language_and_page(tmp_path):
    def language(prefix, urls):
        build = SimpleNamespace(prefix=prefix, pages={})
        return SimpleNamespace(build=build, urls=urls)

    languages = {"es": language("", {"": "index.md", "findings/S7/": "findings/S7.md"}),
                 "en": language("en/", {"": "index.md", "findings/S7/": "findings/S7.md"})}
    assert serve_module._page_of(languages, "/en/findings/S7/") == ("en", "findings/S7.md")
    assert serve_module._page_of(languages, "/findings/S7/index.html") == ("es", "findings/S7.md")
    assert serve_module._page_of(languages, "/en/") == ("en", "index.md")
    assert serve_module._page_of(languages, "/") == ("es", "index.md")
    assert serve_module._page_of(languages, "/assets/x.css") is None


def test_only_a_content_edit_is_shown_first_and_updated_in_place(tmp_path):
    """A change outside the content folder (reportgen.yml, mkdocs.yml, templates) goes to the full build,
    and so does any change while no good build is on screen (its kept MkDocs objects may be a failed one's)."""
    project = SimpleNamespace(content_dir=tmp_path / "content")
    state = serve_module.PreviewState()
    content = [str(tmp_path / "content" / "findings" / "S07.yaml")]
    assert not serve_module.content_only(project, state, content), "no good build on screen"
    state.languages = {"es": object()}  # type: ignore[dict-item]  # not reached
    assert serve_module.content_only(project, state, content)
    for other in ("reportgen.yml", "mkdocs.yml", "templates/pages/x.md.j2"):
        assert not serve_module.content_only(project, state, content + [str(tmp_path / other)]), other
