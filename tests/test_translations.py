"""English narratives mirror the Spanish ones: same headings, blocks, tables, footnotes, embeds.

A translation may reword, but it may not drop or add a paragraph, a table row,
a footnote or an embed: these checks catch a skipped passage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[1] / "content"


def _pairs():
    for spec in sorted((CONTENT / "findings").glob("S*.yaml")):
        section = yaml.safe_load(spec.read_text(encoding="utf-8"))["sections"][0]
        narrative = section.get("narrative") or {}
        if narrative.get("en"):
            yield pytest.param(spec.parent / narrative["es"], spec.parent / narrative["en"], id=section["id"])


def structure(text: str) -> dict:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return {
        "headings": [len(m.group(1)) for m in re.finditer(r"^(#+) ", text, re.MULTILINE)],
        "blocks": len(blocks),
        "table_rows": len(re.findall(r"^\|.*\|\s*$", text, re.MULTILINE)),
        "quotes": len(re.findall(r"^> ", text, re.MULTILINE)),
        "footnote_markers": sorted(set(re.findall(r"\[\^([^\]]+)\](?!:)", text))),
        "footnote_definitions": sorted(re.findall(r"^\[\^([^\]]+)\]:", text, re.MULTILINE)),
        "embeds": re.findall(r"\[\[[^\]]+\]\]", text),
    }


PAIRS = list(_pairs())


@pytest.mark.skipif(not PAIRS, reason="no English narratives yet")
@pytest.mark.parametrize("spanish,english", PAIRS)
def test_english_narrative_mirrors_spanish(spanish: Path, english: Path):
    es = structure(spanish.read_text(encoding="utf-8"))
    en = structure(english.read_text(encoding="utf-8"))
    for key in es:
        assert en[key] == es[key], f"{english.name}: {key} differ (es {es[key]!r} vs en {en[key]!r})"
    es_words = len(spanish.read_text(encoding="utf-8").split())
    en_words = len(english.read_text(encoding="utf-8").split())
    # English is usually a little shorter than Spanish; far shorter means something was left out.
    assert 0.7 <= en_words / es_words <= 1.3, f"{english.name}: {en_words} words for {es_words} in Spanish"
