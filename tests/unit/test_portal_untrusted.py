"""Artifacts are untrusted input (`portal build --from-artifacts` takes artifacts built on other machines):
no symbolic link or special file is published, no value leads a page outside the output, broken
artifact.json/evaluation.json are messages; and the portal's output is locked, checked and cleaned
like `reportgen build`'s (issue 26, items 1, 6 and 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.errors import BuildError, ContentError
from reportgen.output import remove_stale_staging
from reportgen.portal import build as portal_build
from reportgen.portal.artifacts import EXPORT, FORMAT, META, SITE, read_artifact
from reportgen.portal.build import build_portal

META_OK = {"format": FORMAT, "code": "EV-1", "languages": ["es", "en"], "edition": "public", "fingerprint": "abc",
           "reportgen": "0", "downloads": False}


def export(**item) -> dict:
    return {"format": "reportgen/1", "languages": ["es", "en"],
            "evaluation": {"code": "EV-1", "title": {"es": "Evaluación", "en": "Evaluation"}},
            "items": [{"id": "R1", "type": "recommendation", "title": {"es": "Título", "en": "Title"},
                       "text": {"es": "Texto", "en": "Text"}, "priority": "high", "follows_up": None, **item}],
            "management_responses": []}


def write_artifact(folder: Path, meta: dict | None = None, data: dict | None = None) -> Path:
    (folder / SITE).mkdir(parents=True)
    (folder / SITE / "index.html").write_text("<!doctype html><title>EV-1</title>", encoding="utf-8")
    (folder / META).write_text(json.dumps(meta or META_OK), encoding="utf-8")
    (folder / EXPORT).write_text(json.dumps(data or export()), encoding="utf-8")
    return folder


@pytest.fixture
def portal(tmp_path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    (root / "portal.yml").write_text("title: Portal\nlanguages: [en, es]\ndownloads: false\nevaluations:\n  - evaluations/ev1\n",
                                     encoding="utf-8")
    return root


def assemble(portal: Path, artifacts: Path, out: Path) -> str:
    """The one-line messages of a refused assembly (ContentError)."""
    with pytest.raises(ContentError) as raised:
        build_portal(portal, out, from_artifacts=artifacts)
    return "\n".join(problem.format() for problem in raised.value.problems)


def test_a_symbolic_link_in_an_artifact_is_refused_by_its_path(portal, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE KEY", encoding="utf-8")
    artifact = write_artifact(tmp_path / "artifacts" / "ev1")
    (artifact / SITE / "key.txt").symlink_to(secret / "id_rsa")
    (artifact / SITE / "keys").symlink_to(secret, target_is_directory=True)
    found, problem = read_artifact(artifact)
    assert found is None
    assert f"{artifact / SITE / 'key.txt'} is a symbolic link" in problem
    assert f"{artifact / SITE / 'keys'} is a symbolic link" in problem
    out = tmp_path / "out"
    message = assemble(portal, tmp_path / "artifacts", out)
    assert "portal.artifact" in message and "key.txt is a symbolic link" in message
    assert not out.exists() and "PRIVATE" not in "".join(p.read_text(errors="replace")
                                                          for p in tmp_path.rglob("*.html"))


def test_a_special_file_and_a_symlink_loop_are_refused(tmp_path):
    artifact = write_artifact(tmp_path / "ev1")
    os.mkfifo(artifact / SITE / "pipe")
    (artifact / SITE / "loop").symlink_to(artifact / SITE / "loop")
    _, problem = read_artifact(artifact)
    assert f"{artifact / SITE / 'pipe'} is a special file" in problem
    assert f"{artifact / SITE / 'loop'} is a symbolic link" in problem
    linked = tmp_path / "linked"
    linked.symlink_to(artifact)
    assert "is a symbolic link" in read_artifact(linked)[1]


@pytest.mark.parametrize("where,value,said", [
    ("priority", "../../outside", "$.items[0].priority: '../../outside' holds a slash"),
    ("priority", "hi\x07gh", "$.items[0].priority: 'hi\\x07gh' holds a control character"),
    ("priority", "..", "$.items[0].priority: '..' holds '..'"),
    ("language", "../e", "$.languages[1]: '../e' holds a slash"),
])
def test_a_value_used_in_a_path_must_be_a_plain_name(portal, tmp_path, where, value, said):
    meta, data = dict(META_OK), export()
    if where == "language":
        meta["languages"] = ["es", value]
    else:
        data = export(**{where: value})
    artifact = write_artifact(tmp_path / "artifacts" / "ev1", meta, data)
    _, problem = read_artifact(artifact)
    assert said in problem
    assert str(artifact / (META if where == "language" else EXPORT)) in problem
    out = tmp_path / "out"
    message = assemble(portal, tmp_path / "artifacts", out)
    assert said in message and "Traceback" not in message
    assert not out.exists() and not list(tmp_path.glob("outside*")) and not (tmp_path / "e").exists()


@pytest.mark.parametrize("meta,said", [
    ({**META_OK, "languages": "es"}, "$.languages: Input should be a valid list"),
    ({**META_OK, "downloads": "yes"}, "$.downloads: Input should be a valid boolean"),
    ({**META_OK, "surprise": 1}, "$.surprise: Extra inputs are not permitted"),
    ({k: v for k, v in META_OK.items() if k != "edition"}, "$.edition: Field required"),
])
def test_a_malformed_artifact_json_is_a_message(tmp_path, meta, said):
    _, problem = read_artifact(write_artifact(tmp_path / "ev1", meta))
    assert f"artifact.json is not a {FORMAT} file" in problem and said in problem


def test_an_artifact_assembles_and_its_files_are_copies_or_links_of_regular_files(portal, tmp_path):
    write_artifact(tmp_path / "artifacts" / "ev1")
    out = tmp_path / "out"
    result = build_portal(portal, out, from_artifacts=tmp_path / "artifacts")
    assert result.evaluations == 1 and (out / "e/ev-1/index.html").is_file()
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    assert (out / "en/recommendations/priority/high/index.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")
                and not p.name.endswith(".lock")], "staging left behind"


def test_out_a_file_under_a_file_or_in_a_project_is_refused_in_one_line(portal, tmp_path):
    write_artifact(tmp_path / "artifacts" / "ev1")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "reportgen.yml").write_text("languages: [en]\n", encoding="utf-8")
    for out, said in ((a_file, "--out is a file"), (a_file / "sub", f"--out is under {a_file}, which is a file"),
                      (project / "content" / "site", "--out is inside the content/ folder of the project"),
                      (portal, "--out is the portal folder"), (tmp_path, "--out is the portal folder")):
        message = assemble(portal, tmp_path / "artifacts", out)
        assert said in message and "portal.output" in message and len(message.splitlines()) == 1, message
    assert a_file.read_text(encoding="utf-8") == "x" and list((project / "content").iterdir()) == []


def test_a_symlink_loop_in_an_evaluation_path_is_reported(portal):
    (portal / "evaluations").mkdir()
    (portal / "evaluations" / "ev1").symlink_to(portal / "evaluations" / "ev1")
    with pytest.raises(ContentError) as raised:
        build_portal(portal)
    assert "evaluations[0]: 'evaluations/ev1' is a symbolic-link loop" in raised.value.problems[0].format()


# Interrupted before Pagefind starts, or while it indexes (in its thread) and the pages are rendered.
@pytest.mark.parametrize("interrupted", ["reportgen.portal.search.start_search_index",
                                         "reportgen.portal.pages.write_portal"])
def test_one_portal_build_at_a_time_and_staging_removed_on_failure(portal, tmp_path, monkeypatch, interrupted):
    write_artifact(tmp_path / "artifacts" / "ev1")
    out = tmp_path / "out"
    # Another process holds the lock (a POSIX record lock: the holder's own process could take it again).
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                               "from reportgen.output import output_lock\n"
                               f"with output_lock(Path({str(out)!r})):\n print('held', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildError, match="another build is writing"):
            build_portal(portal, out, from_artifacts=tmp_path / "artifacts")
    finally:
        holder.communicate("")

    def broken(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(interrupted, broken)
    with pytest.raises(KeyboardInterrupt):
        build_portal(portal, out, from_artifacts=tmp_path / "artifacts")
    assert not out.exists()
    # the staging folder was moved aside at once and is removed by a detached process
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.building")] == []
    for removal in remove_stale_staging(out, background=True):
        assert removal.wait(timeout=120) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == [".out.lock"]
    assert portal_build.MARKER


def test_a_worker_dies_with_the_portal_build(tmp_path):
    """SIGKILL of the portal build (nothing of it runs) leaves no worker: the worker asked the kernel
    to kill it when its parent dies (artifacts._die_with_parent, run first in every worker)."""
    worker = ("import os, time\nfrom reportgen.portal.artifacts import _die_with_parent\n_die_with_parent()\n"
              "print(os.getpid(), flush=True)\ntime.sleep(600)\n")
    parent = ("import os, subprocess, sys, time\n"
              "env = {**os.environ, 'REPORTGEN_PORTAL_PARENT': str(os.getpid())}\n"
              f"child = subprocess.Popen([sys.executable, '-c', {worker!r}], env=env, stdout=subprocess.PIPE, text=True)\n"
              "print(child.stdout.readline().strip(), flush=True)\ntime.sleep(600)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    build = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True, env=env)
    child = int(build.stdout.readline())
    build.kill()
    build.wait()
    for _ in range(600):  # the kernel's signal arrives at once; polled, not timed
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        if Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0] == "Z":
            return  # killed, not yet reaped (its parent is gone; init reaps it)
        import time
        time.sleep(0.05)
    os.kill(child, 9)
    pytest.fail("the worker outlived the portal build")


def test_the_downloads_setting_and_the_follow_up_date_are_part_of_the_artifact_check(portal, tmp_path):
    write_artifact(tmp_path / "artifacts" / "ev1", {**META_OK, "downloads": True})
    message = assemble(portal, tmp_path / "artifacts", tmp_path / "out")
    assert "artifact ev1 was built with downloads; portal.yml says downloads: false" in message
    data = export()
    data["management_responses"] = [{"recommendation": "R1", "status": "accepted", "text": {"es": "Sí", "en": "Yes"}, "date": "2025-01-01",
                                     "key_actions": [], "follows_up": None}]
    (portal / "portal.yml").write_text((portal / "portal.yml").read_text(encoding="utf-8").replace(
        "  - evaluations/ev1\n", "  - evaluations/ev1\n  - evaluations/ev2\n"), encoding="utf-8")
    dated = {**META_OK, "dated": True, "build_date": "2025-06-01"}
    for name, day, code in (("ev1", "2025-06-01", "EV-1"), ("ev2", "2026-12-06", "EV-2")):
        folder = tmp_path / "dated" / name
        write_artifact(folder, {**dated, "build_date": day, "code": code},
                       {**data, "evaluation": {**data["evaluation"], "code": code}})
    message = assemble(portal, tmp_path / "dated", tmp_path / "out")
    assert "portal.artifact" in message and "show their follow-up as of" in message
    from datetime import date
    with pytest.raises(ContentError):  # one date given: the other artifact disagrees
        build_portal(portal, tmp_path / "out", from_artifacts=tmp_path / "dated", build_date=date(2025, 6, 1))
    (tmp_path / "dated" / "ev2" / META).write_text(json.dumps({**dated, "code": "EV-2"}), encoding="utf-8")
    result = build_portal(portal, tmp_path / "out", from_artifacts=tmp_path / "dated")
    assert result.build_date == date(2025, 6, 1)  # the artifacts' own date: the pages agree
    assert "2025-06-01" in (tmp_path / "out/en/follow-up/index.html").read_text(encoding="utf-8")


def test_a_review_portal_carries_a_draft_mark_and_a_public_one_does_not(portal, tmp_path):
    for edition in ("review", "public"):
        (portal / "portal.yml").write_text(f"title: Portal\nlanguages: [en, es]\ndownloads: false\nedition: {edition}\n"
                                           "evaluations:\n  - evaluations/ev1\n", encoding="utf-8")
        artifacts = tmp_path / edition
        write_artifact(artifacts / "ev1", {**META_OK, "edition": edition})
        out = tmp_path / f"out-{edition}"
        build_portal(portal, out, from_artifacts=artifacts)
        pages = sorted(p for p in out.glob("*/**/index.html") if p.parts[len(out.parts)] in ("en", "es"))
        marked = [p for p in pages if 'class="draft-mark"' in p.read_text(encoding="utf-8")]
        assert marked == (pages if edition == "review" else [])
        home = (out / "es/index.html").read_text(encoding="utf-8")
        assert ('<meta name="robots" content="noindex">' in home) == (edition == "review")
        assert '<link rel="icon" href="../assets/favicon.svg"' in home and '<meta name="description" content="Portal: ' in home
        assert not [p for p in pages if "<h3" in p.read_text(encoding="utf-8").split("<h2")[0]], "h1 → h3"


def test_artifacts_of_evaluations_no_longer_listed_are_pruned(portal):
    from reportgen.portal.build import _prune, artifacts_dir
    from reportgen.portal.config import load_config

    config = load_config(portal, check_folders=False)
    cache = artifacts_dir(config)
    for name in ("ev1", "gone"):
        write_artifact(cache / name)
    (cache / "outside").symlink_to(portal)  # a link is never followed nor removed through
    _prune(config)
    assert sorted(p.name for p in cache.iterdir()) == ["ev1", "outside"] and (portal / "portal.yml").is_file()


def test_the_portal_assembles_under_a_running_event_loop(portal, tmp_path):
    """As in a notebook, or a test session driving a browser: Pagefind's indexing runs in a thread of its own."""
    import asyncio
    import threading

    write_artifact(tmp_path / "artifacts" / "ev1")
    results: list = []

    async def inside_a_loop():
        results.append(build_portal(portal, tmp_path / "out", from_artifacts=tmp_path / "artifacts"))

    # A thread of its own, so that the loop is this test's whatever else the session runs.
    worker = threading.Thread(target=lambda: asyncio.run(inside_a_loop()))
    worker.start()
    worker.join()
    assert results and (tmp_path / "out" / "pagefind").is_dir(), results
