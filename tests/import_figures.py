"""Recovery figures of `reportgen import` against the curated content (used by tests/test_import.py
and printed by `python3 tests/import_figures.py IMPORTED_PROJECT`).

Items are compared as raw YAML (not through the schema: an imported item may lack a field the
current schema requires). An item counts as recovered when an imported item has the same ID
and the same words after `fidelity.normalise` in every compared field.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fidelity import normalise  # noqa: E402

CURATED = Path(__file__).resolve().parents[1] / "content"
RECOMMENDATION_FIELDS = ("title", "addressee_text", "priority", "priority_text", "resources", "resources_text",
                         "timeframe", "timeframe_text", "conclusions", "lessons")


def items(content: Path, collection: str) -> dict[str, dict]:
    found = {}
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get(collection) or []:
            found[item["id"]] = item
            for finding in item.get("findings") or []:
                found.setdefault("findings:" + finding["id"], finding)
    return found


def findings(content: Path) -> dict[str, dict]:
    return {k.split(":", 1)[1]: v for k, v in items(content, "sections").items() if k.startswith("findings:")}


def _text(value, lang: str = "es"):
    if value is None or value == []:  # (no links: the field absent or empty, the same to the loader)
        return None
    if isinstance(value, dict):
        return normalise(value.get(lang) or "")
    if isinstance(value, list):
        return list(value)
    return value


def compare(curated: dict[str, dict], imported: dict[str, dict], fields: tuple[str, ...]) -> tuple[int, list[str]]:
    """(recovered count, one line per item that differs or is missing)."""
    recovered, problems = 0, []
    for ident, want in curated.items():
        have = imported.get(ident)
        if have is None:
            problems.append(f"{ident}: not imported")
            continue
        wrong = [f for f in fields if _text(want.get(f)) != _text(have.get(f))]
        if wrong:
            problems.append(f"{ident}: differs in {', '.join(wrong)}")
        else:
            recovered += 1
    return recovered, problems


def recovery(project: Path, curated: Path = CURATED) -> dict[str, tuple[int, int, list[str]]]:
    content = project / "content"
    figures = {"key findings": (findings(curated), findings(content), ("text",)),
               "conclusions": (items(curated, "conclusions"), items(content, "conclusions"), ("text",)),
               "recommendations": (items(curated, "recommendations"), items(content, "recommendations"),
                                   ("text",) + RECOMMENDATION_FIELDS),
               "lessons": (items(curated, "lessons"), items(content, "lessons"), ("title", "text")),
               "good practices": (items(curated, "good_practices"), items(content, "good_practices"), ("title", "text"))}
    out = {}
    for kind, (want, have, fields) in figures.items():
        recovered, problems = compare(want, have, fields)
        out[kind] = (recovered, len(want), problems)
    return out




def similarity(project: Path, curated: Path = CURATED) -> dict[str, float]:
    """Per kind, the mean text similarity (difflib ratio after `normalise`) of each curated item's
    text with the imported item of the same ID (0 for an item not imported)."""
    from difflib import SequenceMatcher

    kinds = {"key findings": (findings(curated), findings(project / "content")),
             "conclusions": (items(curated, "conclusions"), items(project / "content", "conclusions")),
             "recommendations": (items(curated, "recommendations"), items(project / "content", "recommendations")),
             "lessons": (items(curated, "lessons"), items(project / "content", "lessons")),
             "good practices": (items(curated, "good_practices"), items(project / "content", "good_practices"))}
    out = {}
    for kind, (want, have) in kinds.items():
        ratios = [SequenceMatcher(None, _text(item.get("text")), _text((have.get(ident) or {}).get("text")),
                                  autojunk=False).ratio() for ident, item in want.items()]
        out[kind] = sum(ratios) / len(ratios) if ratios else 1.0
    return out


def template_fields(project: Path, curated: Path = CURATED) -> tuple[int, int]:
    """ILO template fields of lessons and good practices with the curated words (recovered, total)."""
    recovered = total = 0
    for collection in ("lessons", "good_practices"):
        have_items = items(project / "content", collection)
        for ident, want in items(curated, collection).items():
            have = (have_items.get(ident) or {}).get("template") or {}
            for name, text in want["template"].items():
                total += 1
                recovered += _text(text) == _text(have.get(name) or {})
    return recovered, total


def section_answers(project: Path, curated: Path = CURATED) -> tuple[int, int]:
    """Findings sections whose (guessed) questions are the curated ones (recovered, total)."""
    want, have = items(curated, "sections"), items(project / "content", "sections")
    sections = [ident for ident in want if not ident.startswith("findings:")]
    return sum(want[i].get("answers") == (have.get(i) or {}).get("answers") for i in sections), len(sections)


def cover_fields(project: Path, curated: Path = CURATED) -> tuple[int, int, list[str]]:
    """Evaluation (cover-sheet) fields with the curated words (recovered, total, the differing ones)."""
    want = yaml.safe_load((curated / "evaluation.yaml").read_text(encoding="utf-8"))["evaluation"]
    have = yaml.safe_load((project / "content" / "evaluation.yaml").read_text(encoding="utf-8"))["evaluation"]
    names = [n for n in want if n not in ("summary", "translation_note")]
    wrong = [n for n in names if _cover_value(want[n]) != _cover_value(have.get(n))]
    return len(names) - len(wrong), len(names), wrong


def _cover_value(value):
    if isinstance(value, list):  # evaluators
        return [(e["name"], _text(e.get("role") or {})) for e in value]
    return _text(value) if isinstance(value, dict) else value


def seed_as_docx(seed: Path, out: Path) -> Path:
    """A Word file of the seed report: its text with the conversion debris repaired (HTML
    fragments and tab rows become Markdown and tables), written by pandoc as a real .docx
    with Word tables, footnotes, headings and italics."""
    import subprocess

    markdown = out.with_suffix(".md")
    markdown.write_text(seed_markdown(seed), encoding="utf-8")
    subprocess.run(["pandoc", "--from=markdown-smart", "--to=docx", "-o", str(out), str(markdown)], check=True, timeout=300)
    return out


def seed_markdown(seed: Path) -> str:
    """The seed report's text with the conversion debris repaired: headings, pipe tables, footnotes."""
    from reportgen.importer.debris import clean
    from reportgen.importer.text import table_markdown

    parts = []
    for block in clean(seed.read_text(encoding="utf-8").splitlines()).blocks:
        if block.kind == "heading":
            parts.append("#" * block.level + " " + block.text)
        elif block.kind == "table":
            # a cell's lines joined: pandoc's Markdown reader keeps `<br>` as raw HTML, which its
            # Word writer drops (the words would run together)
            parts.append(table_markdown(block).replace("<br>", " "))
        elif block.kind == "footnote":
            parts.append(f"[^{block.number}]: {block.text}")
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"


PRINT_CSS = """body{font:10.5pt/1.35 'DejaVu Serif',serif;margin:0} h1{font-size:20pt} h2{font-size:16pt}
h3{font-size:13.5pt} h4,h5,h6{font-size:12pt} table{border-collapse:collapse;font-size:9.5pt}
td,th{border:1px solid #444;padding:2px 4px;vertical-align:top} p{margin:0 0 6pt}
section.footnotes{font-size:8.5pt} .footnote-backref{display:none} hr{display:none}"""


def markdown_as_pdf(markdown: str, out: Path, title: str = "Report", css: str = "",
                    layout: Callable[[str], str] | None = None) -> Path:
    """A PDF of a Markdown text, printed by Chromium headless (markdown-it-py with tables and
    footnotes; the footnotes come at the end, set smaller, as Chromium has no page-foot notes).
    `css` is added to the print style and `layout` may rework the page's HTML body (put parts of it
    in sections the style sets in columns or on landscape pages)."""
    import re
    import subprocess

    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from reportgen.downloads.pdf import chromium_path

    body = MarkdownIt("commonmark").enable("table").use(footnote_plugin).render(markdown)
    body = re.sub(r'(<a href="#fn\d+" id="fnref[\d:]+">)\[(\d+)\](</a>)', r"\1\2\3", body)  # "[12]" -> "12"
    body = layout(body) if layout else body
    page = out.with_suffix(".html")
    page.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
                    f"<style>@page{{size:A4;margin:20mm}} {PRINT_CSS} {css}</style></head><body>{body}</body></html>",
                    encoding="utf-8")
    subprocess.run([chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], check=True, timeout=300, capture_output=True)
    return out


_BOMB_PARAGRAPH = b"<w:p><w:r><w:t>Lorem ipsum dolor sit amet.</w:t></w:r></w:p>"


def zip_bomb_docx(path: Path, megabytes: int = 120) -> Path:
    """A .docx whose document.xml unpacks to `megabytes` MB of one repeated paragraph (about 1000:1)."""
    import zipfile

    from docx import Document

    Document().save(path)
    with zipfile.ZipFile(path) as original:
        parts = {i.filename: original.read(i) for i in original.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            if name != "word/document.xml":
                bomb.writestr(name, data)
        with bomb.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                           b'wordprocessingml/2006/main"><w:body>')
            chunk = _BOMB_PARAGRAPH * (1024 * 1024 // len(_BOMB_PARAGRAPH))
            for _ in range(megabytes):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return path


if __name__ == "__main__":
    for kind, (recovered, total, problems) in recovery(Path(sys.argv[1])).items():
        print(f"{kind}: {recovered}/{total}")
        for problem in problems:
            print(f"  {problem}")
    print("template fields: %d/%d" % template_fields(Path(sys.argv[1])))
    print("section answers as curated: %d/%d" % section_answers(Path(sys.argv[1])))
    print("cover fields as curated: %d/%d %s" % cover_fields(Path(sys.argv[1])))
    for kind, ratio in similarity(Path(sys.argv[1])).items():
        print(f"text similarity, {kind}: {ratio:.4f}")
