"""Translated / fuzzy / missing, per item type: what `translate status` prints and export flags."""

from __future__ import annotations

from collections import Counter

from ..content import registry
from pathlib import Path

from .sidecar import FUZZY_MARK, UNTRANSLATED, fingerprint, read_sidecar, recorded_fingerprint
from .units import Collector, MarkdownBlock, Unit, collect_units

STATES = ("translated", "fuzzy", "missing")


def _kind_order() -> tuple[str, ...]:
    """The report's order: the cover, then the item types as registered; a Markdown file's units
    follow the kind of the item that names it (a section's narrative after its findings)."""
    order = ["evaluation", "summary", "chapters"]
    for t in registry.item_types():
        order.append(t.kind)
        order += [child for child in registry.child_fields(t.model).values() if child != t.kind]
        order += [role.unit for role in registry.markdown_file_fields(t.model).values() if role.unit != t.kind]
    return tuple(dict.fromkeys(order))


# Report order first; kinds that are not item types follow, alphabetically.
KIND_ORDER = _kind_order()


def unit_state(unit: Unit, fingerprints: dict[str, str]) -> str:
    if not (unit.translation or "").strip():
        return "missing"
    recorded = fingerprints.get(unit.context)
    if recorded == UNTRANSLATED:     # a paragraph of a new file still in the original's language
        return "missing"
    if recorded is not None and recorded.startswith(FUZZY_MARK):
        return "fuzzy"
    if recorded is not None and recorded != fingerprint(unit.source):
        return "fuzzy"
    if recorded is None and _was_paragraph_by_paragraph(unit, fingerprints):
        return "fuzzy"
    return "translated"


def previous_source(unit: Unit, fingerprints: dict[str, str], sources: dict[str, str]) -> str:
    """The original a fuzzy translation was made from, when it differs from the current one."""
    recorded = recorded_fingerprint(fingerprints.get(unit.context))
    if recorded is None or recorded == fingerprint(unit.source):
        return ""
    return sources.get(recorded, "")


def _was_paragraph_by_paragraph(unit: Unit, fingerprints: dict[str, str]) -> bool:
    """A whole-file unit whose paragraphs were translated one by one (or a whole paragraph whose
    sentences were): paragraphs or sentences were added or removed in the original since, so the
    translation no longer follows it. A whole YAML text whose sentences were, the same."""
    if unit.target.sentence is not None:
        return False
    prefix = unit.context + ("#" if not isinstance(unit.target, MarkdownBlock) or unit.target.index is None else ".")
    return any(context.startswith(prefix) for context in fingerprints)


def count_states(units: list[Unit], fingerprints: dict[str, str]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for unit in units:
        counts.setdefault(unit.kind, Counter())[unit_state(unit, fingerprints)] += 1
    return dict(sorted(counts.items(), key=lambda item: _kind_key(item[0])))


def language_counts(content_dir: Path, languages: tuple[str, ...], validated: bool = False) -> dict[str, dict[str, Counter[str]]]:
    """Per translated language, its units per kind and state: what `translate status` prints and
    `reportgen check` sums up (one count for both). `validated`: the caller has loaded the content
    without errors already (else it is loaded and checked here, ContentError)."""
    out: dict[str, dict[str, Counter[str]]] = {}
    for lang in languages[1:]:
        units = (Collector(content_dir, languages, lang).collect() if validated
                 else collect_units(content_dir, languages, lang))
        out[lang] = count_states(units, read_sidecar(content_dir, lang))
    return out


def totals(counts: dict[str, Counter[str]]) -> Counter[str]:
    """One language's units per state, all kinds together."""
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    return total


def summary_line(lang: str, counts: dict[str, Counter[str]]) -> str:
    """"en: 2219 translated, 1 fuzzy, 2 missing of 2222 texts": a language's totals in one line."""
    total = totals(counts)
    return (f"{lang}: {total['translated']} translated, {total['fuzzy']} fuzzy, {total['missing']} missing of "
            f"{sum(total.values())} texts")


def _kind_key(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def status_table(lang: str, original: str, counts: dict[str, Counter[str]]) -> str:
    rows: list[tuple[str | int, ...]] = [(kind.replace("_", " "), *(c[s] for s in STATES), sum(c.values())) for kind, c in counts.items()]
    total = totals(counts)
    rows.append(("all", *(total[s] for s in STATES), sum(total.values())))
    header = ("type", *STATES, "total")
    width = max(len(header[0]), *(len(str(r[0])) for r in rows))
    lines = [f"{lang} (translated from {original})",
             f"  {header[0]:<{width}}" + "".join(f"  {h:>10}" for h in header[1:])]
    for i, row in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("  " + "-" * (width + 12 * (len(header) - 1)))
        lines.append(f"  {row[0]:<{width}}" + "".join(f"  {n:>10}" for n in row[1:]))
    return "\n".join(lines)
