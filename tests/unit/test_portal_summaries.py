"""The portal's summaries of checked artifacts (issue 23, item 5): an unchanged artifact is taken from its
summary instead of being read, checked and slimmed again; any change to its files (its export's time, a
site file replaced by a symbolic link) makes it checked again as untrusted input (issue 26, item 1)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportgen.portal import build as portal_build
from reportgen.portal.artifacts import EXPORT, FORMAT, META, SITE
from reportgen.portal.build import read_artifact

META_OK = {"format": FORMAT, "code": "EV-1", "languages": ["es", "en"], "edition": "public", "fingerprint": "abc",
           "reportgen": "0", "downloads": False}
EXPORT_OK = {"format": "reportgen/1", "languages": ["es", "en"],
             "evaluation": {"code": "EV-1", "title": {"es": "Evaluación", "en": "Evaluation"}},
             "items": [{"id": "R1", "type": "recommendation", "title": {"es": "Título", "en": "Title"},
                        "text": {"es": "Texto", "en": "Text"}, "priority": "high", "follows_up": None}],
             "management_responses": []}


def _body(artifact) -> str:
    """The recommendation's text as the portal reads it (held with the export, or its texts read again)."""
    return str((artifact.export["items"][0].get("text")
                or artifact.read_texts()["items"]["recommendation/R1"]["text"])["es"])


@pytest.fixture
def artifact(tmp_path) -> Path:
    folder = tmp_path / "ev1"
    (folder / SITE).mkdir(parents=True)
    (folder / SITE / "index.html").write_text("<!doctype html><title>EV-1</title>", encoding="utf-8")
    (folder / META).write_text(json.dumps(META_OK), encoding="utf-8")
    (folder / EXPORT).write_text(json.dumps(EXPORT_OK), encoding="utf-8")
    return folder


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """The artifacts read and checked in full (artifacts.read_artifact), in order; no racy window."""
    monkeypatch.setattr(portal_build, "RACY_SECONDS", 0.0)
    checked: list[Path] = []
    full = portal_build.read_full_artifact

    def counting(folder: Path):
        checked.append(folder)
        return full(folder)

    monkeypatch.setattr(portal_build, "read_full_artifact", counting)
    return checked


def test_an_unchanged_artifact_is_taken_from_its_summary(artifact, tmp_path, checks):
    summaries = tmp_path / "summaries"
    first, problem = read_artifact(artifact, summaries)
    assert problem is None and checks == [artifact] and (summaries / "ev1.json").is_file()
    texts, summary = ((summaries / name).read_text(encoding="utf-8") for name in ("ev1.texts", "ev1.json"))
    assert "\"Texto\"" in texts and "\"Texto\"" not in summary  # the texts in a file of their own
    again, problem = read_artifact(artifact, summaries)
    assert problem is None and checks == [artifact]  # not read and checked again
    assert (again.meta, again.export, again.digest, again.identity) == \
        (first.meta, first.export, first.digest, first.identity)
    assert again.export["charts"] == [] and _body(again) == "Texto"  # the slim export (its texts read again)
    assert read_artifact(artifact)[0].digest == first.digest  # the same digest without summaries


def test_a_changed_export_is_read_and_checked_again(artifact, tmp_path, checks):
    summaries = tmp_path / "summaries"
    first, _ = read_artifact(artifact, summaries)
    # the same size, other words, another time: a rebuilt artifact
    text = (artifact / EXPORT).read_text(encoding="utf-8").replace("Texto", "Textó")
    (artifact / EXPORT).write_text(text, encoding="utf-8")
    stat = os.stat(artifact / EXPORT)
    os.utime(artifact / EXPORT, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))
    changed, problem = read_artifact(artifact, summaries)
    assert problem is None and checks == [artifact, artifact]
    assert _body(changed) == "Textó" and changed.digest != first.digest

    # an export made invalid is refused, with its message, though a summary of the folder exists
    (artifact / EXPORT).write_text(json.dumps({**EXPORT_OK, "items": [{"id": "../x", "type": "recommendation"}]}),
                                   encoding="utf-8")
    refused, problem = read_artifact(artifact, summaries)
    assert refused is None and "evaluation.json" in problem


def test_a_site_file_replaced_by_a_link_is_refused_despite_the_summary(artifact, tmp_path, checks):
    summaries = tmp_path / "summaries"
    assert read_artifact(artifact, summaries)[1] is None
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (artifact / SITE / "index.html").unlink()
    (artifact / SITE / "index.html").symlink_to(secret)
    found, problem = read_artifact(artifact, summaries)
    assert found is None and "is a symbolic link" in problem and len(checks) == 2


def test_a_just_written_artifact_is_checked_but_not_summarised(artifact, tmp_path, monkeypatch):
    """Its export could change again within the file system's clock tick, keeping its time and size."""
    monkeypatch.setattr(portal_build, "RACY_SECONDS", 3600.0)
    found, problem = read_artifact(artifact, tmp_path / "summaries")
    assert problem is None and found.identity and not (tmp_path / "summaries").exists()
