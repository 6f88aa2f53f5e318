"""The translators' round trip on the bundled evaluation, through the real CLI, in a git repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import factory, po

from conftest import ROOT, run_cli
from reportgen.translate.catalog import read_catalog
from reportgen.translate.markup import canonical

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
    assert "2324 texts (es → en: 2324 translated, 0 fuzzy, 0 missing)" in exported.stdout
    imported = cli(project, "import", tmp_path / "en.po")
    assert imported.returncode == 0, imported.stderr
    assert "0 translation(s) changed, 2324 unchanged" in imported.stdout
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
    # one sentence of the paragraph: only that sentence of the English paragraph changes
    set_targets(path, {"S12.narrative#2.1": "The campaign used IDL's radio programme as its main platform."})
    assert cli(project, "import", path).returncode == 0
    assert git(project, "diff", "--numstat").split() == ["1", "1", "content/findings/S12.en.md"]
    before, after = diff_lines(project)
    assert after == "+The campaign used IDL's radio programme as its main platform. " + \
        before.split("Project's messages. ", 1)[1]


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
    assert rows["finding"] == ["104", "1", "0", "105"] and rows["all"] == ["2323", "1", "0", "2324"]
    second = tmp_path / "second.po"
    assert cli(project, "export", "--out", second).returncode == 0
    fuzzy = [u.getcontext() for u in po.pofile(second.read_bytes()).units if u.isfuzzy() and not u.isheader()]
    assert fuzzy == ["H38.text"]
    # the first export was made against the old original: refused whole, nothing written
    set_targets(first, {"C1.text#1": "A <b1>harmless</b1> change"})
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
    assert len(xliff_units) == len(po_units) == 2324 + 1  # and the closing entry
    assert [u.xmlelement.get("resname") for u in xliff_units] == [u.getcontext() for u in po_units]
    both = [read_catalog(path, path.name) for path in (xlf, pofile)]   # the same texts, tags and all
    assert [(e.context, canonical(e.source), canonical(e.target)) for e in both[0].entries] == [
        (e.context, canonical(e.source), canonical(e.target)) for e in both[1].entries]
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
    assert {"S1.narrative#1", "S1.narrative#1.1"} & set(units) and "S1.narrative" not in units


# --- what a translation agency does (issue 22) --------------------------------------------------

XSD = ROOT / "tests" / "fixtures" / "xliff" / "xliff-core-1.2-strict.xsd"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def test_an_untouched_export_passes_the_toolkits_checks_and_survives_its_conversions(project, tmp_path):
    pofile, xlf = tmp_path / "en.po", tmp_path / "en.xlf"
    assert cli(project, "export", "--out", pofile).returncode == 0
    assert cli(project, "export", "--out", xlf).returncode == 0
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(xlf))), schema.error_log.last_error
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pofile)]).returncode == 0
    # pofilter's tag checks find nothing to say (it writes a file only for the entries it flags)
    flagged = tmp_path / "flagged.po"
    subprocess.run(["pofilter", "-t", "xmltags", str(pofile), str(flagged)], capture_output=True, check=True)
    assert not flagged.exists() or [u for u in po.pofile(flagged.read_bytes()).units if not u.isheader()] == []
    # msgmerge --previous against the file itself keeps every entry
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--previous", "-q", "-o", str(merged), str(pofile), str(pofile)], check=True)
    assert cli(project, "import", merged).returncode == 0
    # translate-toolkit's po2xliff and xliff2po drop the contexts: units are found by place and text
    converted, back = tmp_path / "converted.xlf", tmp_path / "back.po"
    subprocess.run(["po2xliff", str(pofile), str(converted)], capture_output=True, check=True)
    subprocess.run(["xliff2po", str(converted), str(back)], capture_output=True, check=True)
    for path in (converted, back, xlf):
        result = cli(project, "import", path)
        assert result.returncode == 0, result.stderr
        assert "0 translation(s) changed" in result.stdout and "Traceback" not in result.stderr
    assert git(project, "diff", "--stat") == ""


def cat_tool(source: Path, out: Path, contexts: list[str], fill, drop_tag_in: str | None = None) -> Path:
    """A CAT tool's delivery of some units (as lxml writes it): targets without `state`, the inline
    tags copied from the source and reordered (footnote and [[ID]] references last; a line's marks
    stay where they are), one tag dropped on request."""
    tree = etree.parse(str(source))
    body = tree.find(".//x:body", NS)
    wanted = set(contexts)
    for unit in list(body):
        resname = unit.get("resname")
        if resname == "reportgen:end":
            continue
        if resname not in wanted:
            body.remove(unit)
            continue
        source_el = unit.find("x:source", NS)
        target = unit.find("x:target", NS)
        if target is None:
            target = etree.Element(f"{{{NS['x']}}}target")
            source_el.addnext(target)
        target.attrib.clear()
        target.text = fill(source_el.text or "")
        for child in list(target):
            target.remove(child)
        isolated = []
        for child in source_el:
            copy = deepcopy(child)
            copy.tail = fill(child.tail or "")
            if etree.QName(copy).localname != "ph" or copy.get("ctype") == "x-markdown":  # (structure stays)
                if etree.QName(copy).localname == "g":
                    for inner in copy.iter():
                        if inner is not copy:
                            inner.tail = fill(inner.tail or "")
                    copy.text = fill(copy.text or "")
                target.append(copy)
            else:  # the tag moves, its following text stays where it was
                text, copy.tail = copy.tail, None
                if len(target):
                    target[-1].tail = (target[-1].tail or "") + (text or "")
                else:
                    target.text = (target.text or "") + (text or "")
                isolated.append(copy)
        for copy in isolated:  # reordered: the isolated tags move to the end
            target.append(copy)
        if resname == drop_tag_in and len(target):
            target.remove(target[-1])
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def test_french_delivered_by_a_cat_tool_in_three_partial_files(project, tmp_path):
    (project / "reportgen.yml").write_text("languages: [es, en, fr]\n", encoding="utf-8")
    export = tmp_path / "fr.xlf"
    assert cli(project, "export", "--language", "fr", "--out", export).returncode == 0
    contexts = [u.get("resname") for u in etree.parse(str(export)).iterfind(".//x:trans-unit", NS)
                if u.get("resname") != "reportgen:end"]
    third = [c for i, c in enumerate(contexts) if i % 3 == 0]   # a third of the texts, in three parts
    parts = [third[0::3], third[1::3], third[2::3]]
    tagged = next(c for c in parts[2] if "<g" in etree.tostring(
        etree.parse(str(export)).find(f".//x:trans-unit[@resname='{c}']/x:source", NS)).decode())

    def french(text: str) -> str:
        return text.replace("el ", "le ").replace("de la ", "de la ") if text.strip() else text

    files = [cat_tool(export, tmp_path / f"fr-{i + 1}.xlf", part, french) for i, part in enumerate(parts)]
    broken = cat_tool(export, tmp_path / "fr-3-broken.xlf", parts[2], french, drop_tag_in=tagged)
    for path in files[:2]:
        result = cli(project, "import", path)
        assert result.returncode == 0, result.stderr
        assert "a part of the export" in result.stderr and "Traceback" not in result.stderr
    before = git(project, "status", "--porcelain")
    refused = cli(project, "import", broken)
    assert refused.returncode == 1 and f"[{tagged}] catalog.tags: the translation of {tagged} does not keep " \
        "the tags" in refused.stderr
    assert git(project, "status", "--porcelain") == before   # nothing written
    result = cli(project, "import", files[2])
    assert result.returncode == 0, result.stderr
    # narratives whose French file did not exist: created, the untranslated paragraphs marked missing
    assert list((project / "content").rglob("*.fr.md"))
    again = tmp_path / "fr-again.xlf"
    assert cli(project, "export", "--language", "fr", "--out", again).returncode == 0
    filled = [u.get("resname") for u in etree.parse(str(again)).iterfind(".//x:trans-unit", NS)
              if u.find("x:target", NS) is not None and u.get("resname") != "reportgen:end"]
    assert sorted(filled) == sorted(third)
    status = cli(project, "status").stdout
    fr_rows = status.split("fr (translated from es)")[1]
    total = fr_rows.split("all")[1].split()
    assert total[0] == str(len(third)) and total[3] == str(len(contexts))


def test_an_xliff_2_export_of_the_bundled_evaluation_is_valid_and_imports_unchanged(project, tmp_path):
    xlf = tmp_path / "en2.xlf"
    exported = cli(project, "export", "--out", xlf, "--format", "xliff2")
    assert exported.returncode == 0, exported.stderr
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "fixtures" / "xliff" / "xliff_core_2.0.xsd")))
    assert schema.validate(etree.parse(str(xlf))), schema.error_log.last_error
    assert 'version="2.0"' in xlf.read_text(encoding="utf-8")[:300]
    imported = cli(project, "import", xlf)
    assert imported.returncode == 0, imported.stderr
    assert "0 translation(s) changed, 2324 unchanged" in imported.stdout
    assert diff_lines(project) == []   # (the fingerprints folder is new, not a change to the content)
