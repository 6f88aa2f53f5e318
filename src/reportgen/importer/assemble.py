"""Links the recognised parts into one project: criteria IDs, section answers, addressees, templates.

Every link that is a judgement rather than a reading of the source (a criterion matched by
similar wording, a section's question matched by its title) is recorded as a guess and written
as the item's import_note.
"""

from __future__ import annotations

import re

from .lessons import TEMPLATES, Templates
from .record import ImportRecord, add_note
from .text import slug, words_overlap
from .vocabulary import fold

MIN_TITLE_OVERLAP = 0.25
MIN_CRITERION_SIMILARITY = 0.5
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,15}$")
# The ILO under its name in each language: one institution.
ILO_NAMES = {"oit", "ilo", "bit", "ilo country office", "organizacion internacional del trabajo",
             "international labour organization", "organisation internationale du travail"}


def make_criteria(names: list[tuple[str, int]], lang: str) -> list[dict]:
    criteria: list[dict] = []
    seen: set[str] = set()
    for name, line in names:
        ident = slug(name)
        if ident in seen or (match_criterion(name, criteria) or ("", False))[1]:
            continue
        seen.add(ident)
        criteria.append({"id": ident, "name": {lang: name}, "_line": line})
    return criteria


def match_criterion(name: str, criteria: list[dict]) -> tuple[str, bool] | None:
    """(criterion ID, exact?) for a criterion named `name` (or shortened, or in capitals)."""
    wanted = fold(name)
    for criterion in criteria:
        if fold(next(iter(criterion["name"].values()))) == wanted:
            return criterion["id"], True
    best, best_score = None, 0.0
    for criterion in criteria:
        score = jaccard(wanted, fold(next(iter(criterion["name"].values()))))
        if score > best_score:
            best, best_score = criterion["id"], score
    return (best, False) if best and best_score >= MIN_CRITERION_SIMILARITY else None


def jaccard(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"[a-z]{4,}", a)), set(re.findall(r"[a-z]{4,}", b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def link_criterion(item: dict, name: str | None, line: int, criteria: list[dict], record: ImportRecord,
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


def _criterion_name(ident: str, criteria: list[dict]) -> str:
    return next((next(iter(c["name"].values())) for c in criteria if c["id"] == ident), "")


def guess_answers(section: dict, title: str, criterion: str | None, questions: list[dict], criteria: list[dict],
                  record: ImportRecord, line: int) -> None:
    """The question a section answers, by the words its title shares with the question."""
    own = [q for q in questions if criterion and q.get("criterion") == criterion]
    if own and fold(title) == fold(_criterion_name(criterion or "", criteria)):
        # The section is the criterion's own chapter ("4.4 Sustainability"): it belongs to the criterion;
        # which of its questions it answers, the report does not say.
        record.lack(line, section["id"], f"answers: the section is the chapter of criterion {criterion}; "
                    "the report does not say which of its questions it answers")
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


def institutions_for(names: list[str], lang: str, known: dict[str, dict]) -> list[str]:
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


def attach_templates(items: list[dict], kind: str, templates: Templates, lang: str, record: ImportRecord) -> None:
    for item in items:
        fields = templates.fields.get(item["id"])
        if fields is None:
            record.lack(item["_line"], item["id"], "template: no ILO template for this item in the annexes")
            continue
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
    for ident in templates.fields:
        if not any(item["id"] == ident for item in items) and templates.kinds.get(ident) == kind:
            record.leave_out(None, f"template of {ident} in the annexes: no {kind.replace('_', ' ')} {ident} in "
                                   "the chapter (not imported)")
