"""reportgen.content.loader: nothing under content/ is skipped silently."""

from __future__ import annotations

import os

import pytest

from reportgen.content.loader import content_files
from reportgen.errors import Report


def test_an_unreadable_folder_is_an_error(tmp_path, monkeypatch):
    root = tmp_path / "content"
    (root / "findings").mkdir(parents=True)
    (root / "a.yaml").write_text("x: 1\n")
    (root / "findings" / "S1.yaml").write_text("x: 1\n")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("findings"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = Report()
    assert content_files(root, report) == [root / "a.yaml"]
    assert [p.format() for p in report.problems] == [
        "content/findings: error file.unreadable: cannot read this folder (Permission denied); its files are left out "
        "(make it readable (for example: chmod -R u+rX) or move it out of the content folder)"]


def test_folder_links_inside_are_read_and_links_leaving_content_are_errors(tmp_path):
    root = tmp_path / "content"
    (root / "real").mkdir(parents=True)
    (root / "real" / "r.yaml").write_text("x: 1\n")
    (root / "alias").symlink_to(root / "real", target_is_directory=True)  # inside: read once
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.yaml").write_text("x: 1\n")
    (root / "away").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    report = Report()
    files = content_files(root, report)
    assert [f.name for f in files] == ["r.yaml"]
    assert [p.format().split(": error ")[0] for p in report.problems] == ["content/away"]


def test_an_unreadable_file_is_an_error(tmp_path):
    from reportgen.content.yamlfile import read_text
    from reportgen.errors import ContentError

    folder = tmp_path / "x.yaml"
    folder.mkdir()  # reading a folder fails like an unreadable file does
    with pytest.raises(ContentError) as caught:
        read_text(folder, "content/x.yaml")
    assert caught.value.problems[0].format().startswith("content/x.yaml: error file.unreadable: cannot read this file (")
