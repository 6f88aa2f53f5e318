"""Round-trip comparison: an original project against the project `reportgen import` made of
reportgen's own output (its printable page, its PDF or its Word export).

Both projects are read through reportgen's own loader (`load_content`), so what is compared is
what the site would show. For every item of every kind the comparison says whether an item with
the same ID came back, whether its links are the same, and how similar its text is (difflib's
ratio on the normalised plain text of the original language; footnotes are compared by their
words, in the order the text cites them, whatever their numbers).

As a script:

    python3 tests/roundtrip.py ORIGINAL_PROJECT IMPORTED_PROJECT [--details]

prints one line per kind (items recovered with their ID, links equal, min / median similarity)
and, with --details, every item that is missing, linked differently or below 0.99.
"""

from __future__ import annotations

import difflib
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fidelity import normalise  # noqa: E402

from reportgen.content.config import load_config  # noqa: E402
from reportgen.content.loader import load_content  # noqa: E402
from reportgen.errors import Report  # noqa: E402

KINDS = ("cover", "glossary", "criteria", "questions", "parts", "sections", "findings", "conclusions",
         "recommendations", "lessons", "good_practices", "tables", "documents")
THRESHOLD = 0.99

_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]{2,}.*|[ \t]*$))*)", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_EMBED = re.compile(r"\[\[(table|chart):([^\]\s]+)\]\]")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)


@dataclass
class Entry:
    """One item as the comparison sees it: its text (plain) and its links."""

    text: str
    links: dict[str, object] = field(default_factory=dict)
    name: str = ""  # what identifies the item on the page when its ID is not printed (a criterion's name)
    wording: dict[str, str] = field(default_factory=dict)  # optional texts, compared where the original has them


@dataclass
class ItemResult:
    ident: str
    recovered: bool
    links_equal: bool
    similarity: float
    link_diff: str = ""
    same_id: bool = True  # False: matched by its name (reportgen prints no ID for it)


@dataclass
class KindResult:
    kind: str
    items: list[ItemResult]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def recovered(self) -> int:
        return sum(i.recovered for i in self.items)

    @property
    def same_id(self) -> int:
        return sum(i.recovered and i.same_id for i in self.items)

    @property
    def links(self) -> int:
        return sum(i.recovered and i.links_equal for i in self.items)

    @property
    def similarities(self) -> list[float]:
        return [i.similarity for i in self.items]

    @property
    def minimum(self) -> float:
        return min(self.similarities, default=1.0)

    @property
    def median(self) -> float:
        return statistics.median(self.similarities) if self.items else 1.0

    @property
    def below(self) -> list[ItemResult]:
        return [i for i in self.items if not i.recovered or not i.links_equal or i.similarity < THRESHOLD]


# --- reading a project ---------------------------------------------------------------------------

def plain(markdown: str | None) -> str:
    """Markdown -> comparable plain text; footnote texts follow the text in citation order."""
    if not markdown:
        return ""
    notes = {m.group(1): m.group(2) for m in _FOOTNOTE_DEF.finditer(markdown)}
    body = _FOOTNOTE_DEF.sub("", markdown)
    cited = list(dict.fromkeys(_FOOTNOTE_REF.findall(body)))
    body = _FOOTNOTE_REF.sub("", body)
    body = _TABLE_RULE.sub(" ", body).replace("|", " ")
    tail = [notes[n] for n in cited if n in notes]
    return normalise("\n\n".join([body, *tail]))


def _text(value, lang: str) -> str:
    if value is None:
        return ""
    if hasattr(value, "get") and hasattr(value, "languages"):  # schema.Text
        return value.get(lang) or ""
    return str(value)


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def load(project: Path):
    """(content set, original language) of a project, read by reportgen's loader."""
    report = Report()
    config, _ = load_config(project, report)
    content = load_content(project / "content", report)
    lang = (config.languages or ["en"])[0] if config else "en"
    return content, lang


def entries(project: Path, lang: str | None = None) -> dict[str, dict[str, Entry]]:
    """Every item of every kind: {kind: {id: Entry}}."""
    content, own = load(project)
    lang = lang or own
    md = content.markdown_files
    t = lambda value: _text(value, lang)  # noqa: E731
    out: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    evaluation = content.evaluation
    if evaluation is not None:
        for name in type(evaluation).model_fields:
            if name in ("summary", "translation_note", "import_note", "evaluators", "other_fields"):
                continue
            value = getattr(evaluation, name)
            if value is not None and t(value):
                out["cover"][name] = Entry(plain(t(value)))
        for i, person in enumerate(evaluation.evaluators):
            out["cover"][f"evaluator {i + 1}"] = Entry(plain(_join(person.name, t(person.role))))
        for extra in evaluation.other_fields:
            out["cover"][f"other: {plain(t(extra.label))}"] = Entry(plain(t(extra.value)))
        summary = md.get(("evaluation", "summary", lang))
        if summary:
            out["cover"]["summary"] = Entry(plain(summary))
    for entry in content.items["glossary"]:
        out["glossary"][entry.term] = Entry(plain(t(entry.expansion)))
    for item in content.items["criteria"]:
        out["criteria"][item.id] = Entry(plain(_join(t(item.name), t(item.definition))), name=plain(t(item.name)))
    criterion_of = {q.id: q.criterion for q in content.items["questions"]}
    criterion_of.update({s.id: q.criterion for q in content.items["questions"] for s in q.subquestions})
    for item in content.items["questions"]:
        out["questions"][item.id] = Entry(plain(_join(t(item.text), *(f"{s.id} {t(s.text)}" for s in item.subquestions))),
                                          {"criterion": item.criterion})
    for item in content.items["parts"]:
        out["parts"][item.id] = Entry(plain(_join(t(item.title), t(item.intro))), {"parent": item.parent})
    # An embedded table is printed where the text embeds it: its words are part of the text.
    tables = {item.id: _join(t(item.caption), *_cells(item, t, lang)) for item in content.items["tables"]}
    charts = {item.id: _join(t(item.title), tables.get(item.table, "")) for item in content.items["charts"]}

    def embedded(text: str) -> str:
        return _EMBED.sub(lambda m: "\n\n" + (tables if m.group(1) == "table" else charts).get(m.group(2), "") + "\n\n",
                          text or "")

    for item in content.items["sections"]:
        out["sections"][item.id] = Entry(plain(_join(t(item.title), embedded(md.get((item.id, "narrative", lang), "")))),
                                         {"answers": sorted(item.answers), "part": item.part,
                                          # the criterion the page shows: its own, or its questions'
                                          "criterion": item.criterion or next(
                                              (criterion_of[a] for a in item.answers if a in criterion_of), None)})
        for finding in item.findings:
            out["findings"][finding.id] = Entry(plain(t(finding.text)), {"section": item.id})
    for item in content.items["conclusions"]:
        out["conclusions"][item.id] = Entry(plain(t(item.text)), {"criterion": item.criterion})
    for item in content.items["recommendations"]:
        # The wording of a field the original leaves to its normalised value ("priority: medium") is
        # printed as the level's label and comes back as wording: compared where the original has it.
        wording = {name: plain(t(getattr(item, name))) for name in ("addressee_text", "priority_text",
                                                                   "resources_text", "timeframe_text")}
        out["recommendations"][item.id] = Entry(plain(_join(t(item.title), t(item.text))), wording=wording, links={
            "conclusions": sorted(item.conclusions), "lessons": sorted(item.lessons),
            "good_practices": sorted(item.good_practices),
            "priority": item.priority, "resources": item.resources, "timeframe": item.timeframe})
    for kind in ("lessons", "good_practices"):
        for item in content.items[kind]:
            template = item.template
            rows = [t(getattr(template, name)) for name in type(template).model_fields] if template else []
            out[kind][item.id] = Entry(plain(_join(t(item.title), t(item.text), *rows)),
                                       {"template": template is not None})
    for item in content.items["tables"]:
        # reportgen prints a table's caption (or title), never its ID: matched by that, as criteria by name
        out["tables"][item.id] = Entry(plain(_join(t(item.title), t(item.caption), *_cells(item, t, lang))),
                                       name=plain(t(item.caption) or t(item.title)))
    for item in content.items["documents"]:
        out["documents"][item.id] = Entry(plain(_join(t(item.title), embedded(md.get((item.id, "body", lang), "")))))
    return out


def _cells(table, t, lang: str) -> list[str]:
    """The words a table prints: its headers, then each group heading, row label and cells (numbers as the site
    writes them in `lang`, with their unit)."""
    from reportgen.render.tables import format_number

    cells = [t(c.label) for c in table.columns]
    groups = {g.id: t(g.label) for g in table.groups}
    group = None
    for row in table.rows:
        if row.group != group:  # a group's heading row is printed before its first row
            group = row.group
            cells.append(groups.get(group or "", ""))
        cells.append(t(row.label))
        for name, value in row.cells.items():
            column = table.column(name)
            cells.append(format_number(value, lang, column.unit if column else None, column.decimals if column else None)
                         if isinstance(value, (int, float)) and not isinstance(value, bool) else t(value))
    return cells


# --- comparing -----------------------------------------------------------------------------------

def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    # On words: the same ratio for identical texts, and fast on a long narrative.
    x, y = a.split(" "), b.split(" ")
    words = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if words.real_quick_ratio() < THRESHOLD / 2:
        return words.real_quick_ratio() if not words.quick_ratio() else words.ratio()
    if len(a) + len(b) < 20000:  # short texts: on characters, as difflib is usually run
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return words.ratio()


def compare(original: Path, imported: Path) -> list[KindResult]:
    want = entries(original)
    lang = load(original)[1]
    have = entries(imported, lang)
    # reportgen prints a criterion's name, never its ID: a criterion imported under another ID is
    # matched by its name, and links to it are read through that match.
    renamed = _match_by_name(want, have, "criteria")
    _match_by_name(want, have, "tables")
    for kind in ("questions", "sections", "conclusions"):
        for entry in have[kind].values():
            if entry.links.get("criterion") in renamed:
                entry.links["criterion"] = renamed[entry.links["criterion"]]
    results = []
    for kind in KINDS:
        rows = []
        for ident, entry in want[kind].items():
            got = have[kind].get(ident)
            if got is None:
                rows.append(ItemResult(ident, False, False, 0.0))
                continue
            diff = [f"{k}: {entry.links[k]!r} → {got.links.get(k)!r}" for k in entry.links
                    if entry.links[k] != got.links.get(k)]
            names = [n for n, v in entry.wording.items() if v]
            mine = " ".join([entry.text] + [entry.wording[n] for n in names])
            theirs = " ".join([got.text] + [got.wording.get(n, "") for n in names])
            rows.append(ItemResult(ident, True, not diff, similarity(mine, theirs), "; ".join(diff),
                                   same_id=not got.name.startswith("renamed from ")))
        results.append(KindResult(kind, rows))
    return results


def _match_by_name(want: dict, have: dict, kind: str) -> dict[str, str]:
    """Items of `kind` imported under another ID, matched by the name the output prints; {new ID: original}."""
    renamed = {}
    by_name = {e.name: ident for ident, e in have[kind].items() if e.name}
    for ident, entry in want[kind].items():
        if ident not in have[kind] and entry.name in by_name and by_name[entry.name] not in want[kind]:
            renamed[by_name[entry.name]] = ident
    for ident_new, ident in renamed.items():
        have[kind][ident] = have[kind].pop(ident_new)
        have[kind][ident].name = "renamed from " + ident_new
    return renamed


def table(results: list[KindResult]) -> str:
    lines = [f"{'kind':<16} {'items':>11} {'same ID':>11} {'links':>11} {'min sim':>8} {'median':>8}"]
    for r in results:
        if r.total:
            lines.append(f"{r.kind:<16} {r.recovered:>5}/{r.total:<5} {r.same_id:>5}/{r.total:<5} "
                         f"{r.links:>5}/{r.total:<5} {r.minimum:>8.4f} {r.median:>8.4f}")
    return "\n".join(lines)


def below_floors(results: list[KindResult], floors: dict[str, tuple[float, float, float]]) -> list[str]:
    """The kinds whose items, links or similarity fall below their floor: kind -> (share of items
    recovered, share with the same links, minimum similarity); all items, links and THRESHOLD
    for a kind without one."""
    failures = []
    for result in results:
        items, links, similarity = floors.get(result.kind, (1.0, 1.0, THRESHOLD))
        if result.total and not (result.recovered >= items * result.total and result.links >= links * result.total
                                 and result.minimum >= similarity):
            failures.append(result.kind)
    return failures


def details(results: list[KindResult]) -> str:
    lines = []
    for r in results:
        for item in r.below:
            what = ("not recovered" if not item.recovered else
                    f"similarity {item.similarity:.4f}" + (f"; links {item.link_diff}" if item.link_diff else "")
                    + ("" if item.same_id else "; matched by name (its ID is not printed)"))
            lines.append(f"{r.kind} {item.ident}: {what}")
    return "\n".join(lines)


def text_diff(original: Path, imported: Path, kind: str, ident: str, context: int = 60) -> str:
    """Where one item's normalised texts differ (for investigating)."""
    a = entries(original)[kind][ident].text
    b = entries(imported, load(original)[1])[kind].get(ident, Entry("")).text
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"{op}: …{a[max(0, i1 - context):i1]}[{a[i1:i2]}|{b[j1:j2]}]{a[i2:i2 + context]}…")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[2].strip(), file=sys.stderr)
        return 2
    results = compare(Path(argv[0]), Path(argv[1]))
    print(table(results))
    if "--details" in argv:
        print(details(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
