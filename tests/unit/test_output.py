"""reportgen.output: what --out may name, the marker, the lock, staging folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.output import (_REMOVER, MARKER, OutputBusy, OutputRefused, check_output, new_staging, output_lock,
                              remove_in_background, remove_stale_staging, swap_into_place, write_marker)
from reportgen.project import Project


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "p" / "content" / "findings").mkdir(parents=True)
    (tmp_path / "p" / "templates").mkdir()
    (tmp_path / "mine").mkdir()
    return Project(tmp_path / "p", template_dirs=[tmp_path / "mine"])


@pytest.mark.parametrize("relative, words", [
    ("p", "holds the project folder"), ("", "holds the project folder"),
    ("p/content", "is the content folder"), ("p/content/findings", "is the content folder or inside it"),
    ("p/templates", "the templates folder"), ("mine", "a templates folder"), ("mine/x", "a templates folder"),
])
def test_sources_and_their_ancestors_and_descendants_are_refused(project, tmp_path, relative, words):
    with pytest.raises(OutputRefused, match=words):
        check_output(tmp_path / relative, project)


def test_a_file_and_a_foreign_folder_are_refused_an_empty_new_or_marked_one_accepted(project, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(OutputRefused, match="is a file"):
        check_output(tmp_path / "file.txt", project)
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter1.docx").write_bytes(b"work")
    with pytest.raises(OutputRefused, match="did not write"):
        check_output(tmp_path / "thesis", project)
    (tmp_path / "empty").mkdir()
    write_marker((tmp_path / "marked").mkdir() or tmp_path / "marked")
    (tmp_path / "marked" / "index.html").write_text("old site")
    for ok in ("empty", "new", "p/site", "marked"):
        assert check_output(tmp_path / ok, project) == (tmp_path / ok).resolve()


def test_an_unmarked_site_of_an_earlier_version_is_accepted(project, tmp_path):
    old = tmp_path / "old"
    (old / "search").mkdir(parents=True)
    (old / "search" / "search_index.json").write_text("{}")
    (old / "sitemap.xml").write_text("<urlset/>")
    assert check_output(old, project) == old.resolve()
    assert not (old / MARKER).exists()  # the check itself writes nothing


def _try_lock_in_a_child(out: Path) -> str:
    """Take the lock from another process (locks are per process); return what it says."""
    code = ("import sys; from pathlib import Path; from reportgen.output import output_lock, OutputBusy\n"
            "try:\n    with output_lock(Path(sys.argv[1])): print('locked')\n"
            "except OutputBusy as exc: print(exc)")
    return subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True,
                          timeout=60, check=True).stdout.strip()


def test_the_lock_stops_a_second_holder_and_names_the_first(tmp_path):
    out = tmp_path / "site"
    with output_lock(out):
        assert _try_lock_in_a_child(out) == (f"another build is writing {out} (pid {os.getpid()}); "
                                             "wait for it to finish")
    assert _try_lock_in_a_child(out) == "locked"  # released on exit


def test_the_lock_is_not_inherited_by_processes_forked_while_it_is_held(tmp_path):
    """serve's build workers are forked during a build and live on: they must not keep the lock."""
    out = tmp_path / "site"
    read, write = os.pipe()
    with output_lock(out):
        child = os.fork()
        if child == 0:  # a long-lived worker
            os.close(write)
            os.read(read, 1)
            os._exit(0)
    try:
        assert _try_lock_in_a_child(out) == "locked"
    finally:
        os.close(read)
        os.close(write)
        os.waitpid(child, 0)


def test_staging_folders_are_unique_and_stale_ones_removed(tmp_path):
    out = tmp_path / "site"
    first, second = new_staging(out), new_staging(out)
    assert first != second and first.parent == second.parent == tmp_path
    (tmp_path / ".site.old-abc").mkdir()
    (tmp_path / ".sites-keep").mkdir()
    remove_stale_staging(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sites-keep"]


def test_swap_replaces_the_site_in_two_renames_and_leaves_nothing(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    staging = new_staging(out)
    (staging / "new.html").write_text("new")
    swap_into_place(staging, out)
    assert [p.name for p in out.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_exchanges_the_folders_in_one_step_where_the_system_offers_it(tmp_path, monkeypatch):
    """Linux: out is never missing (one renameat2 exchange, no rename of out aside); elsewhere two renames."""
    from reportgen import output

    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    renames = []
    real_rename = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: renames.append(self) or real_rename(self, target))
    staging = new_staging(out)
    (staging / "new.html").write_text("new")
    swap_into_place(staging, out)
    assert [p.name for p in out.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    if sys.platform.startswith("linux"):
        assert renames == []
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    staging = new_staging(out)
    (staging / "newer.html").write_text("newer")
    swap_into_place(staging, out)
    assert [p.name for p in out.iterdir()] == ["newer.html"] and len(renames) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _beside_the_output(tmp_path: Path) -> tuple[Path, Path]:
    """A user's things beside the output (a file linked into the old site, a folder the old site links
    to, folders whose names look like ours but are not), which no removal may touch."""
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "keep.csv").write_text("a,b")
    for name in (".site.oldies", ".site.old.building-x", "site.old"):  # site.old: another output's folder
        (tmp_path / name).mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    os.link(tmp_path / "notes.txt", out / "linked.txt")  # as the portal hard-links the artifacts' files
    (out / "data").symlink_to(tmp_path / "data")
    return out, tmp_path / "data" / "keep.csv"


USERS = [".site.old.building-x", ".site.oldies", "data", "notes.txt", "site", "site.old"]


@pytest.mark.parametrize("exchange", [True, False])
def test_the_previous_site_is_removed_by_a_detached_process_never_the_new_one(tmp_path, monkeypatch, exchange):
    from reportgen import output

    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    out, keep = _beside_the_output(tmp_path)
    staging = new_staging(out)
    (staging / "new.html").write_text("new")
    removal = swap_into_place(staging, out, background=True)
    assert removal is not None and removal.args[3].startswith(str(tmp_path / ".site.old-"))
    assert [p.name for p in out.iterdir()] == ["new.html"]  # in place before the old one is gone
    assert removal.wait(timeout=120) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == USERS
    assert [p.name for p in out.iterdir()] == ["new.html"]
    assert (tmp_path / "notes.txt").read_text() == "mine" and keep.read_text() == "a,b"


def test_the_next_build_hands_leftovers_to_a_removal_and_keeps_what_is_not_ours(tmp_path):
    out, keep = _beside_the_output(tmp_path)
    for name in (".site.building-killed", ".site.old-123-unfinished"):
        (tmp_path / name / "site" / "e").mkdir(parents=True)
        (tmp_path / name / "site" / "e" / "page.html").write_text("x")
    os.link(tmp_path / "notes.txt", tmp_path / ".site.building-killed" / "linked.txt")
    before = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file())
    with output_lock(out, background=True):  # what the next build does first
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")] == []  # moved aside at once
    # the same leftovers handed to a second removal while the first may still run: both end, nothing else goes
    for removal in remove_stale_staging(out, background=True):
        assert removal.wait(timeout=120) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*USERS, ".site.lock"])
    assert sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before
    assert (tmp_path / "notes.txt").read_text() == "mine" and keep.read_text() == "a,b"


def test_the_removal_refuses_anything_but_an_old_folder_of_the_output(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    for wrong in (out, tmp_path / "elsewhere", tmp_path / ".site.oldies", tmp_path / "x" / ".site.old-1"):
        with pytest.raises(ValueError):
            remove_in_background(wrong, out)
    # the detached process checks again what it was given: a folder named otherwise stays
    subprocess.run([sys.executable, "-c", _REMOVER, str(out), ".site.old-"], check=True)
    assert out.is_dir()
