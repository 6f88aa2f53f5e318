"""The cover sheet (ILO title page fields), the acronym list and the executive summary."""

from __future__ import annotations

import re

from .blocks import Block
from .record import ImportRecord
from .text import table_markdown, unwrap
from .vocabulary import COVER_FIELDS, TEAM_HEADING, fold

_LABEL_VALUE = re.compile(r"^\**(?P<label>[^:\n]{2,80}?)\**\s*:\s*\**\s*(?P<value>.*?)\s*$", re.S)
# Text the ILO template leaves for the author to replace: not a value.
_PLACEHOLDER = re.compile(r"^\[.*\]\(#[^)]*\)$|^\[?use themes as provided|^\[?insert |^\[.*\]$|"
                          r"^\[?haga clic aqu[ií]|^\[?click here|^\[?cliquez ici", re.I)


def read_cover(blocks: list[Block], lang: str, record: ImportRecord) -> tuple[dict, set[int]]:
    """The cover fields found in `blocks`, and the lines of the blocks that held them."""
    evaluation: dict = {}
    used: set[int] = set()
    for block in blocks:
        if block.kind == "heading" and "title" not in evaluation and len(block.text) > 15:
            evaluation["title"] = {lang: unwrap(block.text)}
            continue
        pairs = [(r[0], " ".join(r[1:])) for r in block.rows if len(r) >= 2] if block.kind == "table" else []
        if block.kind == "para" and (found := _LABEL_VALUE.match(block.text)):
            pairs = [(found.group("label"), found.group("value"))]
        if any([_cover_field(label, value, block.line, evaluation, lang, record) for label, value in pairs]):
            used.add(block.line)
    _team_roles(blocks, evaluation, lang)
    return evaluation, used


def _team_roles(blocks: list[Block], evaluation: dict, lang: str) -> None:
    """'Equipo de evaluación' / 'Evaluation team' lines "Name. Role": the roles of the evaluators
    (the cover's "(líder)" is only a hint), or the evaluators themselves when the cover names none."""
    team = next((i for i, b in enumerate(blocks) if b.kind == "heading" and TEAM_HEADING.fullmatch(fold(b.text))), None)
    if team is None:
        return
    evaluators = evaluation.setdefault("evaluators", [])
    for block in blocks[team + 1:]:
        if block.kind != "para":
            break
        found = re.match(r"^(?P<name>[^.,–—()]{3,60}?)\s*(?:\.|,|–|—|\s-)\s+(?P<role>\S.{1,80})$", block.text.strip())
        if not found:
            continue
        name, role = found.group("name").strip(), unwrap(found.group("role").strip().rstrip("."))
        known = next((e for e in evaluators if fold(e["name"]) == fold(name)), None)
        if known is None:
            evaluators.append(known := {"name": name})
        known["role"] = {lang: role}


def _cover_field(label, value, line, evaluation, lang, record) -> bool:
    words = fold(label).strip(" :")
    for name, pattern in COVER_FIELDS:
        if not pattern.fullmatch(words):
            continue
        if name in evaluation:
            return False
        value = unwrap(value.strip())
        if _PLACEHOLDER.match(value):
            record.leave_out(line, f"cover field {label.strip()!r}: {value!r} is the template's placeholder, "
                                   "not a value (left empty)")
            value = ""
        if name == "code":
            evaluation["code"] = value
        elif name == "evaluators":
            evaluation["evaluators"] = _evaluators(value, lang)
        else:
            evaluation[name] = {lang: value}
        return True
    return False


def _evaluators(value: str, lang: str) -> list[dict]:
    """'Ana Pérez (líder), Luis Gómez y Eva Ruiz' -> names, with the bracket as the role."""
    names = re.split(r",\s*|\s+(?:y|and|et)\s+", value.strip(" ."))
    evaluators = []
    for name in (n.strip() for n in names if n.strip()):
        role = re.search(r"\(([^)]+)\)\s*$", name)
        entry: dict[str, object] = {"name": re.sub(r"\s*\([^)]*\)\s*$", "", name)}
        if role:
            entry["role"] = {lang: role.group(1)}
        evaluators.append(entry)
    return evaluators


def read_glossary(blocks: list[Block], lang: str) -> list[dict]:
    """Two-column rows (term | expansion), or 'TERM: expansion' / 'TERM – expansion' lines."""
    entries, seen = [], set()
    for block in blocks:
        pairs = [(r[0], " ".join(r[1:])) for r in block.rows if len(r) >= 2] if block.kind == "table" else []
        if block.kind == "para":
            for line in block.text.splitlines():
                found = re.match(r"^\**(?P<t>[^\s:–—-][^:–—]{0,30}?)\**\s*(?::|–|—|\s-\s)\s*(?P<e>.+)$", line.strip())
                if found:
                    pairs.append((found.group("t"), found.group("e")))
        for term, expansion in pairs:
            term, expansion = unwrap(term.strip()), unwrap(expansion.strip())
            if term and expansion and term not in seen and len(term) <= 80:
                seen.add(term)
                entries.append({"term": term, "expansion": {lang: expansion}})
    return entries


def markdown_of(blocks: list[Block], top_level: int = 2) -> tuple[str, list[str]]:
    """Blocks -> Markdown (headings re-levelled from `top_level`), and the footnotes cited."""
    out = []
    for block in blocks:
        if block.kind == "heading":
            out.append("#" * min(6, top_level + 1) + " " + block.text)
        elif block.kind == "table":
            out.append(table_markdown(block))
        elif block.kind == "para":
            out.append(block.text)
    text = "\n\n".join(out)
    return text, re.findall(r"\[\^(\d+)\]", text)
