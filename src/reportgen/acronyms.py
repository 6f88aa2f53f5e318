"""Acronyms used in a report's texts but missing from its acronym list.

Reports define most acronyms in their list and a few only in passing:
"Ministerio de la Mujer y Poblaciones Vulnerables (MIMP)". `check` notes each
acronym used but not listed once, with the definition the text gives when it
gives one, so that the list can be completed before publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Two or more capitals, optionally joined by hyphens or with a trailing "+" (CAR, J-TIP, LGTBIQ+).
_ACRONYM = re.compile(r"(?<![\w\-])((?:[A-ZÁÉÍÓÚÑ]{2,}|[A-ZÁÉÍÓÚÑ](?=-[A-ZÁÉÍÓÚÑ]))(?:-[A-ZÁÉÍÓÚÑ]+)*\+?)(?![\w\-])")
_IN_PARENTHESES = re.compile(r"\(\s*([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ\-+]+)\s*\)")
_WORD = re.compile(r"[\w'’\-]+")
_ROMAN = re.compile(r"^[IVXLC]+$")
_DOUBLED = re.compile(r"^([A-ZÑ])\1$")  # Spanish plural abbreviations: EE. UU., FF. AA.
# Short words that do not give an acronym its letters ("Ministerio de la Mujer").
_LINKING = {"de", "del", "la", "las", "el", "los", "y", "e", "para", "por", "en", "of", "the", "and", "for",
            "on", "in", "to", "des", "du", "le", "les", "et", "pour", "a", "à", "al", "d", "l"}


@dataclass
class UnlistedAcronym:
    term: str
    count: int
    first_file: str
    first_line: int | None
    definition: str | None


def _currencies() -> frozenset[str]:
    """ISO 4217 codes (USD, EUR, PEN): amounts, not acronyms a report must list."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


_CURRENCIES = _currencies()


def acronyms_in(text: str) -> list[tuple[str, int]]:
    """(acronym, 0-based line) for each use; words in an all-capitals heading are not acronyms."""
    found = []
    for number, line in enumerate(text.splitlines()):
        capitals = _ACRONYM.findall(line)
        words = re.findall(r"[^\W\d_]{2,}", line)
        if words and len(capitals) >= 4 and len(capitals) >= 0.6 * len(words):
            continue  # A LINE WRITTEN IN CAPITALS
        found += [(term, number) for term in capitals
                  if not _ROMAN.match(term) and not _DOUBLED.match(term) and term not in _CURRENCIES]
    return found


def definitions_in(text: str) -> dict[str, list[list[str]]]:
    """For each "(ACRONYM)" in the text, the up to 14 words before it (one pass over the text)."""
    found: dict[str, list[list[str]]] = {}
    for match in _IN_PARENTHESES.finditer(text):
        before = text[max(0, match.start() - 200):match.start()]
        found.setdefault(match.group(1).rstrip("+"), []).append(_WORD.findall(before)[-14:])
    return found


def definition_in(text: str, term: str, found: dict[str, list[list[str]]] | None = None) -> str | None:
    """The words before "(TERM)" that spell it out, if the text defines it that way.

    Initials that spell the acronym exactly win; otherwise the capitalised phrase whose
    number of significant words is closest to the acronym's length ("Ministerio de la
    Mujer y Poblaciones Vulnerables (MIMP)").
    """
    letters = re.sub(r"[^A-ZÁÉÍÓÚÑ]", "", term)
    for words in (found if found is not None else definitions_in(text)).get(term.rstrip("+"), []):
        best, best_score = None, None
        for start in range(len(words) - 1, -1, -1):
            phrase = words[start:]
            significant = [w for w in phrase if w.lower() not in _LINKING]
            initials = "".join(w[0].upper() for w in significant)
            if initials == letters:
                return " ".join(phrase)
            if not phrase[0][:1].isupper() or phrase[0][0].upper() != letters[:1]:
                continue
            score = abs(len(significant) - len(letters))
            if score <= 1 and (best_score is None or score <= best_score):
                best, best_score = " ".join(phrase), score
        if best:
            return best
    return None


def unlisted_acronyms(texts: Iterable[tuple[str, str, int | None]], listed: set[str]) -> list[UnlistedAcronym]:
    """`texts`: (text, file, first line) of every content text, in report order."""
    uses: dict[str, UnlistedAcronym] = {}
    bodies = []
    for body, file, line in texts:
        bodies.append(body)
        for term, offset in acronyms_in(body):
            if term in listed or term.rstrip("+") in listed:
                continue
            if term not in uses:
                uses[term] = UnlistedAcronym(term, 0, file, None if line is None else line + offset, None)
            uses[term].count += 1
    everything = "\n".join(bodies)
    found = definitions_in(everything)
    for entry in uses.values():
        entry.definition = definition_in(everything, entry.term, found)
    return list(uses.values())
