"""What a translator's tool does to an exported file, for the translation tests."""

from __future__ import annotations

import re
from pathlib import Path

from translate.storage import po

from reportgen.translate.markup import align, canonical, po_text, tokenize
from reportgen.translate.units import collect_units

TAG = re.compile(r"</?[a-z]+\d+/?>")


def tagged_translation(text: str, tagged_source: str, markdown_source: str | None) -> str:
    """`text` (Markdown, or already tagged) as a translator keeping the original's tags writes it:
    its markup as the original's tags, and any tag of the original it lacks added (at the start for
    a line's mark, else at the end)."""
    if TAG.search(text):
        return text
    if markdown_source is not None and canonical(po_text(tokenize(markdown_source))) == canonical(tagged_source):
        text = po_text(align(text, tokenize(markdown_source)))
    have = set(TAG.findall(text))
    lead, tail = "", ""
    for match in TAG.finditer(tagged_source):
        tag = match.group(0)
        if tag in have:
            continue
        if match.start() == 0 and tag.startswith("<x"):
            lead += tag
        else:
            tail += tag
    return lead + text + tail


def edit_po(path: Path, changes: dict, fuzzy=(), extra=(), content: Path | None = None,
            languages=("es", "en"), keep_fuzzy=False) -> Path:
    """Targets changed as Poedit does (an edited entry loses its fuzzy mark), entries marked fuzzy,
    entries added."""
    sources = {u.context: u.source for u in collect_units(content, languages, languages[1])} if content else {}
    store = po.pofile(path.read_bytes())
    for unit in store.units:
        context = unit.getcontext()
        if context in changes:
            unit.target = tagged_translation(changes[context], unit.source, sources.get(context))
            if not keep_fuzzy:
                unit.markfuzzy(False)
        if context in fuzzy:
            unit.markfuzzy(True)
    for context, source, target in extra:
        unit = store.UnitClass(source)
        unit.setcontext(context)
        unit.target = target
        store.addunit(unit)
    path.write_bytes(bytes(store))
    return path
