"""Links the recognised parts into one project: criteria IDs, section answers, addressees, templates.

Every link that is a judgement rather than a reading of the source (a criterion matched by
similar wording, a section's question matched by its title) is recorded as a guess and written
as the item's import_note.
"""

from __future__ import annotations

import re
from typing import Any

from ..content.registry import link_fields
from .lessons import TEMPLATES, UNNAMED, Templates, title_from_text
from .record import GUESSED, READ, ImportRecord, ItemData, Source, add_note
from .text import slug, words_overlap
from .vocabulary import fold, id_prefixes

MIN_TITLE_OVERLAP = 0.25
MIN_CRITERION_SIMILARITY = 0.5
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,15}$")
# The ILO under its name in each language: one institution.
ILO_NAMES = {"oit", "ilo", "bit", "ilo country office", "organizacion internacional del trabajo",
             "international labour organization", "organisation internationale du travail"}


def make_criteria(names: list[tuple[str, int]], lang: str) -> list[ItemData]:
    criteria: list[ItemData] = []
    seen: set[str] = set()
    for name, line in names:
        ident = slug(name)
        found = match_criterion(name, criteria)
        if ident in seen or (found and (found[1] or _same_criterion(name, criteria, found[0]))):
            continue
        seen.add(ident)
        criteria.append({"id": ident, "name": {lang: name}, "_line": line})
    return criteria


def match_criterion(name: str, criteria: list[ItemData]) -> tuple[str, bool] | None:
    """(criterion ID, exact?) for a criterion named `name` (or shortened, or in capitals)."""
    wanted = fold(name)
    for criterion in criteria:
        if fold(next(iter(criterion["name"].values()))) == wanted:
            return criterion["id"], True
    for criterion in criteria:
        if _joined(wanted, fold(next(iter(criterion["name"].values())))):
            return criterion["id"], False
    best, best_score = None, 0.0
    for criterion in criteria:
        score = jaccard(wanted, fold(next(iter(criterion["name"].values()))))
        if score > best_score:
            best, best_score = criterion["id"], score
    return (best, False) if best and best_score >= MIN_CRITERION_SIMILARITY else None


def matrix_aliases(findings: list[str], matrix: list[str]) -> dict[str, str]:
    """{matrix criterion: findings criterion} for the matrix's criteria that no findings heading names
    but whose words one findings heading only holds ("Efficiency" in "Efficiency of resource use",
    "Impact" and "Sustainability" in "Impact orientation and sustainability"); a name two headings hold
    ("Effectiveness": "Intervention progress and effectiveness", "Effectiveness of management
    arrangements") stays a criterion of its own."""
    aliases = {}
    for name in matrix:
        if any(fold(name) == fold(f) or _joined(fold(name), fold(f)) for f in findings):
            continue  # (named by a heading, or by it with more words: "Relevance and strategic fit")
        holding = [f for f in findings if re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", fold(f))]
        if len(holding) == 1 and fold(holding[0]) != fold(name):
            aliases[name] = holding[0]
    return aliases


_CONJUNCTION = re.compile(r" (?:and|y|e|et|&) ")


def _joined(a: str, b: str) -> bool:
    """'Relevance' and 'Relevance and strategic fit': one criterion named with more words (not
    'Eficacia' and 'Eficacia de los mecanismos de gestión', two criteria of their own)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and bool(_CONJUNCTION.match(long[len(short):]))


def _same_criterion(name: str, criteria: list[ItemData], ident: str) -> bool:
    criterion = next(c for c in criteria if c["id"] == ident)
    return _joined(fold(name), fold(next(iter(criterion["name"].values()))))


def jaccard(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"[a-z]{4,}", a)), set(re.findall(r"[a-z]{4,}", b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def link_criterion(item: ItemData, name: str | None, line: int, criteria: list[ItemData], record: ImportRecord,
                   field: str = "criterion") -> str | None:
    if not name:
        return None
    found = match_criterion(name, criteria)
    if found is None:
        record.lack(line, item["id"], f"{field}: the heading {name!r} matches no criterion")
        return None
    ident, exact = found
    item[field] = ident
    if not exact:
        add_note(item, record.guess(line, item["id"], f"criterion {ident} matched to the heading {name!r} "
                                    "by its wording"))
    return ident


PLACEHOLDER_CRITERION = "criterion-not-given"
# (shown on the site until someone moves the questions: in the report's language)
PLACEHOLDER_CRITERION_NAME = {"en": "Criterion not given in the source", "es": "Criterio no indicado en la fuente",
                              "fr": "Critère non indiqué dans la source"}


def placeholder_criterion(questions: list[ItemData], criteria: list[ItemData], lang: str,
                          record: ImportRecord) -> None:
    """A question needs a criterion: when the matrix names none, one marked placeholder stands in
    (the questions are kept, nothing is guessed about which criterion they belong to)."""
    orphans = [q for q in questions if "criterion" not in q]
    if not orphans:
        return
    criterion: dict[str, Any] = {"id": PLACEHOLDER_CRITERION, "name": {lang: PLACEHOLDER_CRITERION_NAME.get(lang, PLACEHOLDER_CRITERION_NAME["en"])},
                 "_line": orphans[0].get("_line")}
    add_note(criterion, record.guess(criterion["_line"], PLACEHOLDER_CRITERION, "placeholder for the questions whose "
                                     "criterion the source does not give: move them to their criteria, then delete it"))
    criteria.append(criterion)
    for question in orphans:
        question["criterion"] = PLACEHOLDER_CRITERION
        add_note(question, record.guess(question.get("_line"), question["id"], "criterion: not given in the matrix; "
                                        f"the placeholder {PLACEHOLDER_CRITERION} stands in"))


def _criterion_name(ident: str, criteria: list[ItemData]) -> str:
    return next((next(iter(c["name"].values())) for c in criteria if c["id"] == ident), "")


def guess_answers(section: ItemData, title: str, criterion: str | None, questions: list[ItemData],
                  criteria: list[ItemData], record: ImportRecord, line: int) -> None:
    """The question a section answers, by the words its title shares with the question."""
    own = [q for q in questions if criterion and q.get("criterion") == criterion]
    if own and fold(title) == fold(_criterion_name(criterion or "", criteria)):
        # The section is the criterion's own chapter ("4.4 Sustainability"): it answers the questions the
        # matrix puts under that criterion, as far as the report says; a reviewer can then follow them.
        section["answers"] = [q["id"] for q in own]
        add_note(section, record.guess(line, section["id"], f"answers {', '.join(section['answers'])}: the section "
                                       f"is the chapter of criterion {criterion}, and the matrix puts these "
                                       "questions under it; the report does not say which of them it answers"))
        return
    candidates = []
    for question in questions:
        if criterion and question.get("criterion") != criterion:
            continue
        for ident, text in [(question["id"], question["text"])] + [(s["id"], s["text"]) for s in question["subquestions"]]:
            candidates.append((words_overlap(title, next(iter(text.values()))), ident))
    if not candidates:
        record.lack(line, section["id"], "answers: no question of the section's criterion in the source")
        return
    score, ident = max(candidates)
    if score < MIN_TITLE_OVERLAP:
        record.lack(line, section["id"], "answers: no question shares enough words with the section title")
        return
    section["answers"] = [ident]
    add_note(section, record.guess(line, section["id"], f"answers {ident}: the question whose wording is closest "
                                   f"to the section title ({score:.0%} of its words)"))


def institutions_for(names: list[str], lang: str, known: dict[str, ItemData]) -> list[str]:
    """Institution IDs for addressee names, creating institutions as they come."""
    ids = []
    for name in names:
        ident = institution_id(name)
        if ident is None:
            continue
        if ident not in known:
            known[ident] = {"id": ident, "short": {lang: name}, "name": {lang: name}}
        if ident not in ids:
            ids.append(ident)
    return ids


def institution_id(name: str) -> str | None:
    """OIT/ILO -> ILO; an acronym -> itself; a name holding one acronym -> that acronym; else a slug.
    None for a lone qualifier ("potencialmente") that names no institution."""
    bare = re.sub(r"\([^)]*\)", "", name).strip()
    words = bare.split()
    if not words or (len(words) == 1 and bare[:1].islower()):
        return None
    if fold(bare) in ILO_NAMES or fold(words[0]) in ("oit", "ilo", "bit"):  # "ILO CO", "OIT Lima"
        return "ILO"
    if ACRONYM.match(bare):
        return bare.replace("&", "").replace("-", "_")
    acronyms = [w for w in words if ACRONYM.match(w)]
    if len(acronyms) == 1:
        return "ILO" if fold(acronyms[0]) in ILO_NAMES else acronyms[0].replace("&", "").replace("-", "_")
    return slug(_ARTICLE.sub("", bare), 30).upper().replace("-", "_")


_ARTICLE = re.compile(r"^(?:the|el|la|los|las|le|les|l')\s*", re.I)


def attach_templates(items: list[ItemData], kind: str, templates: Templates, lang: str, record: ImportRecord) -> None:
    """Each item's ILO template from the annexes: the one naming it, else the next that names none. A
    template left over is an item of its own (many reports give their lessons only in the templates)."""
    unnamed = templates.unnamed(kind)
    for item in items:
        ident = item["id"] if item["id"] in templates.fields else None
        if ident is None and unnamed:
            # The ILO template names no item: the n-th template is the n-th item without one.
            ident = unnamed.pop(0)
            add_note(item, record.guess(templates.lines.get(ident), item["id"], "ILO template in the annexes (line "
                                        f"{templates.lines.get(ident)}) attached by its order: the template names "
                                        "no item"))
        if ident is None:
            record.lack(item["_line"], item["id"], "template: no ILO template for this item in the annexes")
            continue
        _attach(item, ident, kind, templates, lang, record)
    named = {item["id"] for item in items}
    for ident in [i for i in templates.fields if templates.kinds.get(i) == kind]:
        if (ident in unnamed) or (not ident.startswith(UNNAMED) and ident not in named):
            item = _item_of_template(ident, kind, templates, items, lang, record)
            items.append(item)
            _attach(item, ident, kind, templates, lang, record)


def _attach(item: ItemData, ident: str, kind: str, templates: Templates, lang: str, record: ImportRecord) -> None:
    fields = templates.fields[ident]
    _title_from_template(item, templates.titles.get(ident, ""), lang, record)
    noted = ident.startswith(UNNAMED)
    record.items.append(Source("templates", item["id"], templates.lines.get(ident), None, GUESSED if noted else READ,
                               "ILO template attached by its order" if noted else "ILO template naming the item"))
    template = {}
    for name, _ in TEMPLATES[kind]:
        if name in fields:
            template[name] = {lang: fields[name][0]}
        else:
            # The template's row is not in the source: the field stays empty, never invented.
            template[name] = {lang: ""}
            record.lack(item["_line"], item["id"], f"template.{name}: the template row is not in the source "
                        "(left empty)")
    item["template"] = template


def _item_of_template(ident: str, kind: str, templates: Templates, items: list[ItemData], lang: str,
                      record: ImportRecord) -> ItemData:
    """An item the chapter does not give, read from its ILO template: its text the template's first field
    (the lesson's description, the practice's summary), its title the title row's or guessed."""
    line = templates.lines.get(ident)
    fields = templates.fields[ident]
    text = next((fields[name][0] for name, _ in TEMPLATES[kind] if fields.get(name, ("",))[0].strip()), "")
    what = kind.replace("_", " ")
    if ident.startswith(UNNAMED):
        prefix = id_prefixes(lang)[kind]
        taken = {item["id"] for item in items}
        ident_given = next(f"{prefix}{n}" for n in range(len(items) + 1, len(items) + len(taken) + 2)
                           if f"{prefix}{n}" not in taken)
        item: ItemData = {"id": ident_given, "text": {lang: text}, "_line": line}
        add_note(item, record.guess(line, ident_given, f"{what} read from its ILO template in the annexes (line {line}): "
                                    f"the chapter does not give it, and the template names no {what}; the ID "
                                    f"{ident_given} was given by the import"))
    else:
        item = {"id": ident, "text": {lang: text}, "_line": line}
    title = templates.titles.get(ident, "")
    if title:
        item["title"] = {lang: title}
    else:
        title_from_text(item, lang, record)
    return item


def _title_from_template(item: ItemData, title: str, lang: str, record: ImportRecord) -> None:
    """An item whose title was guessed takes the one its template's title row gives, when its text
    opens with it: plain text loses the bold that set a title apart ("Involving inspectors early The
    project trained…")."""
    if "_title_guessed" not in item or not title:
        return
    first, note = item.pop("_title_guessed")
    text = f"{first}\n\n{item['text'][lang]}" if first else item["text"][lang]
    found = re.match(r"[*_\s]*" + r"[*_]*\s+[*_]*".join(map(re.escape, title.split())) + r"[*_]*[\s.:–-]*", text)
    if found is None or not text[found.end():].strip():
        return
    item["title"] = {lang: title}
    item["text"][lang] = text[found.end():].strip()
    record.withdraw(item, note)


# A recommendation field naming criteria: "Related assessment criteria (Effectiveness, Sustainability)".
CRITERIA_FIELD = re.compile(r"(?:related |linked )?(?:assessment |evaluation )?criteri(?:a|on|os?)(?: (?:relacionados?|lies|concernes|related))?")


def link_named_criteria(item: ItemData, labels: dict[str, str], criteria: list[ItemData], lang: str,
                        record: ImportRecord) -> None:
    """The criteria a recommendation names in a field of its own: linked when each name is a
    criterion of the report (the field keeps the report's wording)."""
    for ident, label in labels.items():
        if not CRITERIA_FIELD.fullmatch(fold(label)):
            continue
        names = [n for n in re.split(r",|;|\s(?:and|y|et)\s", item["custom"][ident][lang]) if n.strip()]
        found = [match_criterion(n.strip(), criteria) for n in names]
        if not found or None in found:
            record.lack(item.get("_line"), item["id"], f"criteria: {label!r} names a criterion the report's "
                        "criteria do not include (kept as written)")
            continue
        matched = [f for f in found if f is not None]  # (all of them, as checked above)
        item["criteria"] = list(dict.fromkeys(f[0] for f in matched))
        if not all(exact for _, exact in matched):
            add_note(item, record.guess(item.get("_line"), item["id"], f"criteria {', '.join(item['criteria'])} "
                                        f"matched to {label!r} by their wording"))


def drop_unknown_links(item: ItemData, model: type, known: dict[str, set[str]], record: ImportRecord) -> None:
    """A linked conclusion or lesson the import did not find is not linked (check would fail):
    IMPORT.md says which. `known`: the IDs the import found, by kind; the link fields of `model`
    that point to those kinds only are checked."""
    for name, targets in link_fields(model).items():
        if not set(targets) <= set(known):
            continue
        ids = set().union(*(known[kind] for kind in targets))
        missing = [ref for ref in item.get(name, []) if ref not in ids]
        if missing:
            item[name] = [ref for ref in item[name] if ref in ids]
            add_note(item, record.guess(item.get("_line"), item["id"], f"{name}: {', '.join(missing)} cited but "
                                        "not found in the import (not linked)"))
