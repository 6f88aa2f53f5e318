"""Checks of what a text or an ID holds that a reader or a writer would trip on.

- `[[…]]` that is no reference: a look-alike of another script (`[[С1]]`, a Cyrillic С; any character
  of Unicode's confusables, content/confusables.py), an invisible character (`[[C1` + a zero-width
  space `]]`), a path (`[[../../etc/passwd]]`). The page shows such brackets as text: the warning names
  the character by its code point, and the ID it looks like. A `[[Rl]]` for R1 (a letter l for the
  digit 1) is a reference to no item: the same warning names the character.
- `old_ids` naming a live ID (two elements with one `id`, links landing on the wrong item).
- Texts past what the downloads hold: a spreadsheet cell (32,767 characters), a Word document
  property of the ILO templates (255). The writers cut them; `check` says so first.

(Control characters are refused where files are read, content.yamlfile.)
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .content import registry
from .content.confusables import default_ignorable, drawn_like, lookalike
from .content.markdown import REFERENCE, odd_references
from .content.validation import named_character
from .errors import Report

if TYPE_CHECKING:  # graph imports this module
    from .graph import Graph

CELL_CHARS = 32_767       # Excel's limit on a cell (downloads/xlsx.py cuts past it)
PROPERTY_CHARS = 255      # a Word document property (downloads/docx_templates.py cuts past it)


def check_reference_spelling(body: str, file: str, line: int | None, owner: str | None, report: Report,
                             index: dict[str, str] | None = None) -> None:
    """Warn of each `[[…]]` in `body` that is no reference; `line` is the file line of the text's first line.
    `index` (confusables.confusable_index of the IDs) names the ID a look-alike stands for."""
    for inside, offset in odd_references(body):
        where = line + offset if line is not None else None
        text = unicodedata.normalize("NFC", inside)
        invisible = [ch for ch in text if unicodedata.category(ch) == "Cf" or default_ignorable(ch)]
        found = lookalike(text, index or {})
        foreign = [ch for ch in text if not ch.isascii() and (ch.isalpha() or drawn_like(ch))]
        if invisible:
            cleaned = "".join(ch for ch in text if ch not in invisible)
            report.warning(file, where, f"[[{_shown(text)}]] holds {named_character(invisible[0])}, an invisible character: "
                           "the page shows the brackets as text", f"retype it as [[{cleaned}]]", item=owner,
                           code="reference.invisible")
        elif found:
            report.warning(file, where, f"[[{text}]] {_looks_like(*found)}: no ID has it, so the page shows the "
                           "brackets as text", f"retype it as [[{found[1]}]]", item=owner, code="reference.lookalike")
        elif foreign:
            plain = "".join(drawn_like(c) or c for c in text)
            shape = drawn_like(foreign[0])
            hint = (f"retype it in Latin letters: [[{plain}]]" if REFERENCE.fullmatch(f"[[{plain}]]")
                    else "retype the ID in Latin letters")
            report.warning(file, where, f"[[{text}]] holds {named_character(foreign[0])}, "
                           + (f"which looks like {shape!r}" if shape else "a letter that looks like a Latin one")
                           + ": no ID has it, so the page shows the brackets as text", hint, item=owner,
                           code="reference.lookalike")
        elif not text.startswith("^"):  # [[^1]]: a footnote in brackets
            report.warning(file, where, f"[[{text}]] is not a reference: an ID starts with a letter and has letters, "
                           "digits, '.', '_' and '-' only", "write [[ID]] with an item's ID, or escape the brackets "
                           "as \\[\\[ if they are meant as text", item=owner, code="reference.malformed")


def check_lookalike_reference(target: str, file: str, line: int | None, owner: str | None, report: Report,
                              alike: tuple[str, str, str]) -> None:
    """A [[ID]] that names no item but looks like a live ID (`[[Rl]]` for R1, `[[SO]]` for S0; `alike` is
    confusables.lookalike's): the character that is not what it looks like. (`reference.unknown` says
    that the link is broken.)"""
    report.warning(file, line, f"[[{target}]] {_looks_like(*alike)}: no ID has it", f"retype it as [[{alike[1]}]]",
                   item=owner, code="reference.lookalike")


def _looks_like(ch: str, item_id: str, meant: str) -> str:
    return f"holds {named_character(ch)} where {item_id} has {meant!r}, which looks the same"


def _shown(text: str) -> str:
    """The text with its invisible characters made visible as <U+200B>."""
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) == "Cf" or default_ignorable(ch) else ch
                   for ch in text)


def check_old_ids(graph: Graph, report: Report) -> None:
    """An old ID that a live item has would give a page two elements with one `id`."""
    for node in graph.nodes.values():
        for old in getattr(node.model, "old_ids", []):
            if old in graph.nodes:
                origin = graph.content.origin(node.model)
                other = graph.nodes[old]
                where = "itself" if other is node else f"the {other.kind} {old}"
                report.error(origin.file, graph.content.line_of(node.model, "old_ids") or origin.line,
                             f"old_ids of {node.id} names {old!r}, the ID of {where}", "remove it from old_ids: "
                             "an old ID is one no item has any more", item=node.id, code="id.old_id_live")


def check_text_length(body: str, file: str, line: int | None, owner: str | None, report: Report) -> None:
    if len(body) > CELL_CHARS:
        report.warning(file, line, f"the text has {len(body):,} characters; a spreadsheet cell holds {CELL_CHARS:,}, "
                       "so the XLSX download cuts it", "shorten it, or move the detail into a Markdown file",
                       item=owner, code="text.too_long_for_cell")


def check_template_fields(graph: Graph, report: Report) -> None:
    """The ILO templates (of the types the registry gives one) put the item's ID and title, and the
    template evaluator, into Word document properties."""
    content = graph.content
    evaluation = content.evaluation
    if evaluation is not None and len(evaluation.template_evaluator or "") > PROPERTY_CHARS:
        report.warning(content.origin(evaluation).file, content.line_of(evaluation, "template_evaluator"),
                       f"template_evaluator has {len(evaluation.template_evaluator or ''):,} characters; the "
                       f"Word templates hold {PROPERTY_CHARS}", "shorten it: the templates cut it",
                       code="text.too_long_for_template")
    for item in [item for t in registry.ilo_template_types() if t.collection for item in content.items[t.collection]]:
        for lang in item.title.languages:
            title = f"{item.id}. {item.title.get(lang) or ''}"
            if len(title) > PROPERTY_CHARS:
                report.warning(content.origin(item).file, content.line_of(item.title, lang) or
                               content.line_of(item, "title"), f"the {lang} title of {item.id} has {len(title):,} "
                               f"characters with its ID; the Word templates hold {PROPERTY_CHARS}",
                               "shorten it: the templates cut it", item=item.id, code="text.too_long_for_template")


def text_checks(body: str, file: str, line: int | None, owner: str | None, report: Report,
                index: dict[str, str] | None = None) -> None:
    """The checks of a text of the YAML (which the data downloads hold in cells)."""
    check_reference_spelling(body, file, line, owner, report, index)
    check_text_length(body, file, line, owner, report)


