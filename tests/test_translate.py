"""The translators' round trip on the bundled evaluation, through the real CLI, in a git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage import factory, po

from conftest import ROOT, run_cli

H38_EN = ("One of the results shared by many of the knowledge-sharing, technical assistance and communication "
          "activities was greater visibility of the phenomenon and of the intervention.")


def git(repo: Path, *args) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A git repository holding a copy of the bundled content, with the fingerprints recorded."""
    repo = tmp_path_factory.mktemp("translate") / "project"
    shutil.copytree(ROOT / "content", repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "content")
    return repo


@pytest.fixture
def project(baseline, tmp_path) -> Path:
    repo = tmp_path / "project"
    shutil.copytree(baseline, repo)
    return repo


def cli(project: Path, *args):
    return run_cli("translate", *args[:1], "--project", project, *args[1:], cwd=project)


def set_targets(path: Path, changes: dict[str, str]) -> None:
    store = factory.getobject(str(path))
    found = set()
    for unit in store.units:
        context = unit.xmlelement.get("resname") if hasattr(unit, "xmlelement") else unit.getcontext()
        if context in changes:
            unit.target = changes[context]
            found.add(context)
    assert found == set(changes)
    path.write_bytes(bytes(store))


def diff_lines(repo: Path) -> list[str]:
    return [line for line in git(repo, "diff", "-U0").split("\n")
            if line and line[0] in "+-" and not line.startswith(("+++", "---"))]


def test_round_trip_of_the_whole_bundled_content_changes_no_file(project, tmp_path):
    exported = cli(project, "export", "--language", "en", "--out", tmp_path / "en.po")
    assert exported.returncode == 0, exported.stderr
    assert "1322 texts (es → en: 1322 translated, 0 fuzzy, 0 missing)" in exported.stdout
    imported = cli(project, "import", tmp_path / "en.po")
    assert imported.returncode == 0, imported.stderr
    assert "0 translation(s) changed, 1322 unchanged" in imported.stdout
    assert git(project, "status", "--porcelain") == "?? content/.translations/\n"
    assert git(project, "diff", "--stat") == ""  # every content file byte-identical


def test_one_changed_translation_gives_a_one_line_git_diff(project, tmp_path):
    path = tmp_path / "en.po"
    assert cli(project, "export", "--out", path).returncode == 0
    set_targets(path, {"H38.text": "The most visible result was greater awareness of the phenomenon."})
    imported = cli(project, "import", path)
    assert imported.returncode == 0, imported.stderr
    assert "1 translation(s) changed" in imported.stdout
    assert git(project, "diff", "--numstat").split() == ["1", "1", "content/findings/S12.yaml"]
    assert diff_lines(project) == [f'-          en: "{H38_EN}"',
                                   '+          en: "The most visible result was greater awareness of the phenomenon."']
    assert run_cli("check", "--project", project, cwd=project).returncode == 0


def test_a_changed_narrative_paragraph_gives_a_one_line_git_diff(project, tmp_path):
    path = tmp_path / "en.po"
    assert cli(project, "export", "--out", path).returncode == 0
    set_targets(path, {"S12.narrative#2": "The campaign used IDL's radio programme as its main platform."})
    assert cli(project, "import", path).returncode == 0
    assert git(project, "diff", "--numstat").split() == ["1", "1", "content/findings/S12.en.md"]
    assert diff_lines(project)[1] == "+The campaign used IDL's radio programme as its main platform."


def test_a_translation_goes_fuzzy_when_its_original_changes(project, tmp_path):
    first = tmp_path / "first.po"
    assert cli(project, "export", "--out", first).returncode == 0
    assert cli(project, "import", first).returncode == 0  # fingerprints recorded
    s12 = project / "content" / "findings" / "S12.yaml"
    text = s12.read_text(encoding="utf-8")
    s12.write_text(text.replace("Uno de los resultados", "Uno de los principales resultados"), encoding="utf-8")
    status = cli(project, "status")
    assert status.returncode == 0
    rows = {line.split()[0]: line.split()[1:] for line in status.stdout.split("\n")[2:] if line.strip()
            and not line.strip().startswith("-")}
    assert rows["finding"] == ["73", "1", "0", "74"] and rows["all"] == ["1321", "1", "0", "1322"]
    second = tmp_path / "second.po"
    assert cli(project, "export", "--out", second).returncode == 0
    fuzzy = [u.getcontext() for u in po.pofile(second.read_bytes()).units if u.isfuzzy() and not u.isheader()]
    assert fuzzy == ["H38.text"]
    # the first export was made against the old original: refused whole, nothing written
    set_targets(first, {"C1.text": "A harmless change"})
    before = git(project, "diff")
    refused = cli(project, "import", first)
    assert refused.returncode == 1
    assert f"{first}:" in refused.stderr and "[H38.text] catalog.outdated: the original of H38.text has changed" \
        in refused.stderr
    assert "nothing was written" in refused.stderr and "Traceback" not in refused.stderr
    assert git(project, "diff") == before
    assert cli(project, "import", first, "--accept-fuzzy").returncode == 0


def test_xliff_export_is_read_back_by_translate_toolkit_and_imported(project, tmp_path):
    xlf, pofile = tmp_path / "en.xlf", tmp_path / "en.po"
    assert cli(project, "export", "--out", xlf).returncode == 0
    assert cli(project, "export", "--out", pofile).returncode == 0
    xliff_units = [u for u in factory.getobject(str(xlf)).units if not u.isheader()]
    po_units = [u for u in po.pofile(pofile.read_bytes()).units if not u.isheader()]
    assert len(xliff_units) == len(po_units) == 1322 + 1  # and the closing entry
    assert [(u.xmlelement.get("resname"), u.source, u.target or "") for u in xliff_units] == [
        (u.getcontext(), u.source, u.target or "") for u in po_units]
    assert '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">' in xlf.read_text(encoding="utf-8")
    set_targets(xlf, {"R4.title": "Keep working to increase state resources"})
    assert cli(project, "import", xlf).returncode == 0
    assert diff_lines(project) == ["-    en: Continuing efforts to increase state resources",
                                   "+    en: Keep working to increase state resources"]


def test_broken_inputs_are_refused_with_file_and_line(project, tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "H38.text"\nmsgid "x\nmsgstr "y"\n',
                      encoding="utf-8")
    result = cli(project, "import", broken)
    assert result.returncode == 1 and f"{broken}:6: error catalog.syntax: broken PO file" in result.stderr
    unknown = tmp_path / "unknown.po"
    unknown.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "NOPE.text"\nmsgid "x"\nmsgstr "y"\n',
                       encoding="utf-8")
    result = cli(project, "import", unknown)
    assert result.returncode == 1
    assert f"{unknown}:5: error [NOPE.text] catalog.unknown_context: unknown context" in result.stderr
    assert cli(project, "export", "--out", tmp_path / "en.txt").returncode == 2
    assert cli(project, "export", "--language", "de", "--out", tmp_path / "de.po").returncode == 2
    for result in (cli(project, "import", tmp_path / "missing.po"),):
        assert result.returncode == 2 and "Traceback" not in result.stderr
    assert git(project, "status", "--porcelain") == ""


def test_the_english_summary_written_independently_is_one_whole_file_entry(project, tmp_path):
    path = tmp_path / "en.po"
    assert cli(project, "export", "--out", path).returncode == 0
    units = {u.getcontext(): u for u in po.pofile(path.read_bytes()).units}
    assert "evaluation.summary" in units and "evaluation.summary#1" not in units
    assert units["evaluation.summary"].target.startswith("## BACKGROUND AND CONTEXT")
    assert "S1.narrative#1" in units and "S1.narrative" not in units
