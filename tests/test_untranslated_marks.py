"""Pages say what is untranslated (issue 22.8, and the `lang` part of issue 25.4).

Every content text shown in the original language on a translated page, YAML texts as well as
Markdown files, carries the original's `lang` and the untranslated mark, in both editions; and
`reportgen check` and `reportgen translate status` count the same untranslated units.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import FIXTURES, ROOT, run_cli

MARK = "rg-untranslated"


def drop(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert line in text, line
    path.write_text(text.replace(line, "", 1), encoding="utf-8")


# --- the pages ------------------------------------------------------------------------------------

# (file, the English line removed, the Spanish words shown instead)
REMOVED = [
    ("findings/S1.yaml", "    en: Adaptation of the project to needs\n", "Adaptación del proyecto a las necesidades"),
    ("findings/S1.yaml", "      en: The project started from an assessment shared with the MIMP.\n",
     "El proyecto partió de un diagnóstico"),
    ("recommendations.yaml", "    en: Focus the design on the intended changes\n",
     "Centrar el diseño en los cambios buscados"),
    ("annexes/outcome-indicators.yaml", "      en: Indicator\n", "Indicador"),
    ("criteria.yaml", "    en: Relevance\n", "Pertinencia"),
]


@pytest.fixture(scope="module", params=["review", "public"])
def untranslated_site(request, tmp_path_factory) -> Path:
    """The sample with five English texts removed (a title, a finding's text, a recommendation's
    title, a table column, a criterion's name), built in one edition."""
    work = tmp_path_factory.mktemp(f"untranslated-{request.param}")
    content = Path(shutil.copytree(FIXTURES / "sample", work / "content"))
    for name, line, _ in REMOVED:
        drop(content / name, line)
    out = work / "site"
    result = run_cli("build", "--project", ROOT, "--content", content, "--out", out, "--edition", request.param,
                     "--no-downloads")
    assert result.returncode == 0, result.stderr
    return out


def pages(site: Path, lang: str) -> dict:
    return {str(p.relative_to(site / lang)): lxml_html.fromstring(p.read_bytes())
            for p in sorted((site / lang).rglob("*.html"))}


def article(page):
    found = page.xpath("//article")
    return found[0] if found else page.body


def mark_of(holder):
    """The untranslated mark of a passage: the <small> after a line (after its link, when the line is
    a link's words), the note before a block."""
    for after in (holder, holder.getparent() if holder.getparent().tag == "a" else None):
        following = after.getnext() if after is not None else None
        if following is not None and following.tag == "small" and MARK in following.get("class", "").split():
            return following
    before = holder.getprevious()
    if before is not None and before.tag == "p" and "rg-untranslated-note" in before.get("class", ""):
        return before
    return None


def test_every_text_shown_in_the_original_carries_its_language_and_the_mark(untranslated_site):
    english = pages(untranslated_site, "en")
    found = {words: 0 for _, _, words in REMOVED}
    for path, page in english.items():
        for words in found:
            for element in article(page).xpath(".//*[contains(text(), $w)]", w=words):
                holder = next((e for e in element.iterancestors() if e.get("lang") == "es"), None) \
                    if element.get("lang") != "es" else element
                assert holder is not None, f"{path}: {words!r} has no lang='es' around it"
                mark = mark_of(holder)
                assert mark is not None, f"{path}: {words!r} carries lang='es' but no untranslated mark"
                assert "(es)" in mark.text_content()
                assert not [e for e in mark.iterancestors() if e.get("lang") == "es"]   # in the page's language
                found[words] += 1
    assert all(found.values()), found   # every removed text was shown somewhere, and marked there
    explorer = english.get("explorer/index.html")
    if explorer is not None:   # (a reviewers' page: the review edition only)
        row = explorer.get_element_by_id("row-R1")
        assert row.xpath(".//span[@lang='es']") and row.xpath(f".//small[@class='{MARK}']")


def marked(mark) -> str:
    """The words a mark is about: the line before it, or the block after its note."""
    if mark.getprevious() is not None:
        return mark.getprevious().text_content()
    block = mark.getparent().getnext()
    return block.text_content() if block is not None and block.get("lang") else ""


def test_the_original_language_pages_carry_no_mark_and_translated_texts_none(untranslated_site):
    for path, page in pages(untranslated_site, "es").items():
        assert not page.xpath(f"//*[contains(@class, '{MARK}')]"), path
    removed = [words for _, _, words in REMOVED]
    marks = [(path, marked(mark)) for path, page in pages(untranslated_site, "en").items()
             for mark in article(page).xpath(f".//small[@class='{MARK}']")]
    assert marks
    stray = [(path, text) for path, text in marks if not any(w in text for w in removed)]
    assert not stray, stray[:5]   # the translated texts carry no mark


# --- check and translate status count the same units ----------------------------------------------

def _counts(output: str, prefix: str) -> dict[str, tuple[int, int, int, int]]:
    found = {}
    for match in re.finditer(rf"{prefix}(\w+): (\d+) translated, (\d+) fuzzy, (\d+) missing of (\d+) texts", output):
        found[match.group(1)] = tuple(int(n) for n in match.groups()[1:])
    return found


def _status(output: str) -> dict[str, tuple[int, int, int, int]]:
    found = {}
    for block in output.strip().split("\n\n"):
        lang = block.split(" ", 1)[0]
        row = re.search(r"^\s+all\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", block, re.MULTILINE)
        found[lang] = tuple(int(n) for n in row.groups())
    return found


def test_check_and_translate_status_count_the_same_untranslated_units(tmp_path):
    content = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    drop(content / "criteria.yaml", "    en: Relevance\n")
    drop(content / "recommendations.yaml", "    en: A monitoring system better aligned with the desired changes\n")
    s11 = content / "findings" / "S11.yaml"
    s11.write_text(s11.read_text(encoding="utf-8").replace("narrative: {es: S11.es.md, en: S11.en.md}",
                                                           "narrative: {es: S11.es.md}"), encoding="utf-8")
    (content / "findings" / "S11.en.md").unlink()
    check = run_cli("check", "--project", ROOT, "--content", content)
    assert check.returncode == 0, check.stderr
    status = run_cli("translate", "status", "--project", ROOT, "--content", content)
    assert status.returncode == 0, status.stderr
    checked, listed = _counts(check.stdout, "reportgen check: "), _status(status.stdout)
    assert checked == listed and set(checked) == {"en"}
    translated, fuzzy, missing, total = checked["en"]
    # a title, a criterion's name and every sentence, cell and block of a section's narrative
    assert missing > 2 + 10 and translated + fuzzy + missing == total
    untouched = _counts(run_cli("check", "--project", ROOT).stdout, "reportgen check: ")
    assert untouched["en"][2] == 0 and untouched["en"][3] == total
