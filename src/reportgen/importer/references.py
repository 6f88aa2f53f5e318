"""Links from the report's own references: "(see Conclusion 2)", "based on conclusions 1 and 3",
"conclusiones 2 a 4", "(C2, C5)", a "Related conclusions: 2, 3" field.

A report says in words which findings a conclusion rests on and which conclusions a recommendation
follows from; the site shows those chains as links (question -> finding -> conclusion ->
recommendation, both ways). A reference becomes a link when it names an item the import found:
in the citing item's link field when its type has one for the cited kind (a recommendation's
`conclusions`), else in the cited item's field for the citing kind (a conclusion saying "see
Recommendation 3" links R3 to it). References to another report ("recommendation 3 of the
mid-term evaluation") are not links. IMPORT.md lists every link made this way, with its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..content.registry import link_fields, type_of, worded_types
from .record import Entry, ImportRecord, ItemData
from .text import item_refs
from .vocabulary import NUMBER_SIGN, fold_chars

_NUMBER = rf"{NUMBER_SIGN}\d{{1,3}}(?![.,]\d)"
_JOIN = r"(?:\s*[,;&/]\s*|\s*[-–]\s*|\s+(?:and|y|e|et|or|o|ou|to|a|al|au|through)\s+)"
_RANGE_WORDS = {"-", "–", "to", "a", "al", "au", "through"}
# A reference followed by these words cites another report ("Recommendation 3 of the mid-term evaluation").
_OTHER_REPORT = re.compile(r"\W{0,3}(?:of|from|in|de|del|de la|de l.|des|en)\s+(?:the\s+|la\s+|l.|el\s+)?(?:[\w-]+\s+){0,3}?"
                           r"(?:evaluation|review|evaluacion|revision|examen|audit|auditoria|report|informe|rapport|mte)\b")
_BRACKETS = re.compile(r"[(\[]([^()\[\]\n]{1,160})[)\]]")
# A range longer than this is no reference ("recommendations 1 to 900" is a typing error).
MAX_RANGE = 30


def _kind_words() -> tuple[str, dict[str, str]]:
    """One pattern for the words of every kind a text cites, and {group name: kind}."""
    groups, kinds = [], {}
    for index, kind_type in enumerate(t for t in worded_types() if t.wording and t.wording.mention_words()):
        groups.append(f"(?P<k{index}>{kind_type.wording.mention_words()})")  # type: ignore[union-attr]
        kinds[f"k{index}"] = kind_type.kind
    return rf"(?<![\w-])(?:{'|'.join(groups)})", kinds


_WORDS, _KIND_OF_GROUP = _kind_words()
KIND_WORD = re.compile(_WORDS + r"(?!\w)")
MENTION = re.compile(rf"{_WORDS}\s+(?P<numbers>{_NUMBER}(?:{_JOIN}{_NUMBER})*)")


def _kind(found: re.Match[str]) -> str:
    return next(_KIND_OF_GROUP[name] for name, value in found.groupdict().items() if value and name in _KIND_OF_GROUP)


@dataclass
class Reference:
    kind: str | None   # the cited kind, None for an ID ("C2") whose kind is found from the IDs
    target: str        # the cited number ("2") or ID ("C2")
    words: str         # the report's words, for IMPORT.md


def numbers(text: str) -> list[int]:
    """'1, 2 and 4' -> [1, 2, 4]; '2–4', '2 to 4', '2 a 4' -> [2, 3, 4]."""
    out: list[int] = []
    ranged = False
    for token in re.findall(r"\d{1,3}|[-–]|\b(?:to|a|al|au|through)\b", text):
        if token in _RANGE_WORDS:
            ranged = bool(out)
            continue
        value = int(token)
        if ranged and out and 0 < value - out[-1] <= MAX_RANGE:
            out.extend(range(out[-1] + 1, value + 1))
        elif value not in out:
            out.append(value)
        ranged = False
    return list(dict.fromkeys(out))


def references(text: str) -> Iterator[Reference]:
    """The items a text cites by kind and number, then by ID in brackets ("(C2, R4)")."""
    folded = fold_chars(text)
    for found in MENTION.finditer(folded):
        if _OTHER_REPORT.match(folded, found.end()):
            continue
        for number in numbers(found.group("numbers")):
            yield Reference(_kind(found), str(number), text[found.start():found.end()])
    for bracket in _BRACKETS.finditer(text):
        for ref in item_refs(bracket.group(1), any_prefix=True):
            yield Reference(None, ref, bracket.group(0))


def field_references(label: str, value: str) -> list[Reference]:
    """A "Related conclusions: 2, 3" field: the numbers alone cite the kind its label names."""
    found = list(references(value))
    found += [Reference(None, ref, value) for ref in item_refs(value, any_prefix=True)
              if all(r.target != ref for r in found)]
    if found:
        return found
    named = KIND_WORD.search(fold_chars(label))
    return [Reference(_kind(named), str(n), f"{label}: {value}") for n in numbers(value)] if named else []


class Targets:
    """The items the import found, to resolve references against: by ID, and by kind and number."""

    def __init__(self, items: dict[str, list[ItemData]], ids: dict[str, set[str]], lang_prefixes: dict[str, str]):
        self.items = {item["id"]: (kind, item) for kind, values in items.items() for item in values}
        self.kind_of = {ident: kind for kind, idents in ids.items() for ident in idents}
        self.kind_of.update({ident: kind for ident, (kind, _) in self.items.items()})
        self.prefixes = lang_prefixes

    def resolve(self, reference: Reference) -> str | None:
        if reference.kind is None:
            return reference.target if reference.target in self.kind_of else None
        same = [ident for ident, kind in self.kind_of.items()
                if kind == reference.kind and re.fullmatch(rf"[A-Z]{{1,4}}\.?{reference.target}", ident)]
        if len(same) > 1:  # "F3" and "KF3": the language's own prefix decides
            same = [ident for ident in same if ident == f"{self.prefixes.get(reference.kind, '')}{reference.target}"]
        return same[0] if len(same) == 1 else None


def link_references(citing: dict[str, list[ItemData]], targets: Targets, lang: str, record: ImportRecord) -> None:
    """Every item of `citing` (by kind) linked to what its texts cite; unresolved "Related …" fields
    are kept as the report's own field (`_references` -> custom) and said."""
    for kind, items in citing.items():
        for item in items:
            for text in _texts(item, lang):
                for reference in references(text):
                    _link(kind, item, reference, targets, record)
            for label, value, line in item.pop("_references", []):
                cited = field_references(label, value)
                outcomes = [(ref, _link(kind, item, ref, targets, record, line)) for ref in cited]
                if cited and all(outcome == LINKED for _, outcome in outcomes):
                    continue
                why = "; ".join(f"{', '.join(r.target for r, o in outcomes if o == outcome)} {outcome}"
                                for outcome in dict.fromkeys(o for _, o in outcomes if o != LINKED))
                record.lack(line, item["id"], f"{label!r} ({value}): {why or 'no item named'}; not linked, kept as "
                            "the report's own field")
                item.setdefault("_unlinked_fields", []).append((label, value))


def _texts(item: ItemData, lang: str) -> Iterator[str]:
    for name in ("title", "text", "justification"):
        value = item.get(name)
        if isinstance(value, dict) and isinstance(value.get(lang), str):
            yield value[lang]
    for value in (item.get("custom") or {}).values():
        if isinstance(value, dict) and isinstance(value.get(lang), str):
            yield value[lang]


LINKED, NOT_FOUND = "linked", "not found in the import"


def _link(kind: str, item: ItemData, reference: Reference, targets: Targets, record: ImportRecord,
          line: int | None = None) -> str:
    """Link what `reference` cites to `item`: LINKED, NOT_FOUND, or why the model has no such link."""
    ident = targets.resolve(reference)
    if ident is None or ident == item["id"]:
        return NOT_FOUND
    cited_kind = targets.kind_of[ident]
    field = _list_field(kind, cited_kind)
    holder, value = (item, ident)
    if field is None and ident in targets.items and (field := _list_field(cited_kind, kind)):
        holder, value = targets.items[ident][1], item["id"]
    if field is None:
        return f"found, but reportgen links no {kind.replace('_', ' ')} to a {cited_kind.replace('_', ' ')}"
    links = holder.setdefault(field, [])
    if value not in links:
        links.append(value)
        record.links.append(Entry(line or item.get("_line"), item["id"],
                                  f"→ {ident}: {' '.join(reference.words.split())!r}"))
    return LINKED


def _list_field(kind: str, target: str) -> str | None:
    """The link field of `kind` holding a list of `target` items ("recommendation", "conclusion" ->
    "conclusions")."""
    model = type_of(kind).model
    for name, kinds in link_fields(model).items():
        annotation = model.model_fields[name].annotation
        if target in kinds and getattr(annotation, "__origin__", None) is list:
            return name
    return None
