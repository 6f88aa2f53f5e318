"""reportgen.serve: the watch loop rebuilds for every saved edit (the build itself is replaced here)."""

from __future__ import annotations

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

    def rebuild(project, out, state):
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
