"""A build's long-lived objects are left out of the garbage collector's passes (issue 26: the collector's
time grew faster than the recommendations), in the build's process and in its forked MkDocs workers."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reportgen import project as project_module
from reportgen import site


def _frozen_in_worker(job: site.MkDocsJob) -> site.MkDocsRun:
    """A stand-in for one language's MkDocs run: reports, as its "warnings", what the worker's collector sees."""
    return job[0], [str(gc.get_freeze_count())], 0.0, None, None


def test_mkdocs_workers_are_forked_from_a_frozen_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "_timed_mkdocs", _frozen_in_worker)
    monkeypatch.setattr(site.os, "cpu_count", lambda: 2)  # the parallel path, whatever the machine
    kept = [[n] for n in range(10_000)]  # objects of the parent's, alive across the fork
    assert gc.get_freeze_count() == 0
    runs = site._run_jobs([("es", {}, Path("es.yml"), ""), ("en", {}, Path("en.yml"), "")], epoch=0, parallel=True)
    frozen = {lang: int(warnings[0]) for lang, warnings, *_ in runs}
    assert sorted(frozen) == ["en", "es"]
    assert all(count >= len(kept) for count in frozen.values()), frozen
    assert gc.get_freeze_count() == 0  # the parent's objects are the collector's again after the build


def test_frozen_heap_nests_and_unfreezes_once() -> None:
    with site.frozen_heap():
        outer = gc.get_freeze_count()
        assert outer > 0
        made = [[n] for n in range(1_000)]
        with site.frozen_heap():
            assert gc.get_freeze_count() >= outer + len(made)
        assert gc.get_freeze_count() >= outer  # the inner block's end leaves the outer one's objects frozen
    assert gc.get_freeze_count() == 0


def test_build_renders_and_runs_mkdocs_with_the_content_frozen(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    seen: dict[str, int] = {}

    class Stop(Exception):
        pass

    def render(self: project_module.Prepared, only: object = None) -> tuple[list[site.LanguageBuild], float]:
        seen["render"] = gc.get_freeze_count()
        raise Stop

    checked = object()
    monkeypatch.setattr(project_module, "prepare", lambda *args: (
        project_module.Prepared(None, checked, None, None), []))  # type: ignore[arg-type]
    monkeypatch.setattr(project_module.Prepared, "render", render)
    with pytest.raises(Stop):
        project_module.build(None, tmp_path / "site")  # type: ignore[arg-type]
    assert seen["render"] > 0
    assert gc.get_freeze_count() == 0
