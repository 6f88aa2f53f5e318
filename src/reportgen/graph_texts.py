"""Checks of what a text or an ID holds that a reader or a writer would trip on.

- `[[…]]` that is no reference: a look-alike letter of another script (`[[С1]]`, a Cyrillic С),
  an invisible character (`[[C1` + a zero-width space `]]`), a path (`[[../../etc/passwd]]`).
  The page shows such brackets as text: the warning names the character by its code point.
- `old_ids` naming a live ID (two elements with one `id`, links landing on the wrong item).
- Texts past what the downloads hold: a spreadsheet cell (32,767 characters), a Word document
  property of the ILO templates (255). The writers cut them; `check` says so first.

(Control characters are refused where files are read, content.yamlfile.)
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .content import registry
from .content.markdown import odd_references
from .content.validation import named_character
from .errors import Report

if TYPE_CHECKING:  # graph imports this module
    from .graph import Graph

CELL_CHARS = 32_767       # Excel's limit on a cell (downloads/xlsx.py cuts past it)
PROPERTY_CHARS = 255      # a Word document property (downloads/docx_templates.py cuts past it)

# Letters of other scripts drawn like Latin ones, with the Latin letter a reader takes them for.
_LOOKALIKES = dict(zip("АВСЕНІЈКМОРЅТХУаеіјорсхуԁΑΒΕΗΙΚΜΝΟΡΤΥΧΖικνορτυχ",
                       "ABCEHIJKMOPSTXYaeijopcxydABEHIKMNOPTYXZikvoptux"))


def check_reference_spelling(body: str, file: str, line: int | None, owner: str | None, report: Report) -> None:
    """Warn of each `[[…]]` in `body` that is no reference; `line` is the file line of the text's first line."""
    for inside, offset in odd_references(body):
        where = line + offset if line is not None else None
        text = unicodedata.normalize("NFC", inside)
        invisible = [ch for ch in text if unicodedata.category(ch) == "Cf"]
        foreign = [ch for ch in text if ch.isalpha() and not ch.isascii()]
        if invisible:
            cleaned = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
            report.warning(file, where, f"[[{_shown(text)}]] holds {named_character(invisible[0])}, an invisible character: "
                           "the page shows the brackets as text", f"retype it as [[{cleaned}]]", item=owner,
                           code="reference.invisible")
        elif foreign:
            latin = "".join(_LOOKALIKES.get(ch, ch) for ch in text)
            hint = f"retype it in Latin letters: [[{latin}]]" if latin.isascii() else "retype the ID in Latin letters"
            report.warning(file, where, f"[[{text}]] holds {named_character(foreign[0])}, a letter that looks like a Latin one: "
                           "no ID has it, so the page shows the brackets as text", hint, item=owner,
                           code="reference.lookalike")
        elif not text.startswith("^"):  # [[^1]]: a footnote in brackets
            report.warning(file, where, f"[[{text}]] is not a reference: an ID starts with a letter and has letters, "
                           "digits, '.', '_' and '-' only", "write [[ID]] with an item's ID, or escape the brackets "
                           "as \\[\\[ if they are meant as text", item=owner, code="reference.malformed")


def _shown(text: str) -> str:
    """The text with its invisible characters made visible as <U+200B>."""
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) == "Cf" else ch for ch in text)


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


def text_checks(body: str, file: str, line: int | None, owner: str | None, report: Report) -> None:
    """The checks of a text of the YAML (which the data downloads hold in cells)."""
    check_reference_spelling(body, file, line, owner, report)
    check_text_length(body, file, line, owner, report)


