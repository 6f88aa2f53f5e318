"""The term base: `content/terms.yaml`, the words a translation must render one way.

    terms:
      - term: [operadores, operador]        # the forms in the original language
        en: [operators, operator]           # the equivalents (the first is the one to use)
        fr: [opérateurs, opérateur]
        forbidden: {en: [practitioners, practitioner]}
        note: People who run the justice and protection system (judges, prosecutors, police).

A unit whose original holds a term is shown to translators with a note naming its equivalent
(and the variants not to use); `reportgen check` warns, at the translation's file:line, where a
translation uses a forbidden variant (`terms.forbidden`) or holds none of the equivalents
(`terms.missing`). The term base goes out as TBX (for CAT tools) and CSV
(`reportgen translate export --out terms.tbx`). The content loader skips the `terms:` key.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..content.yamlfile import load_yaml
from ..errors import ContentError, Problem, Report
from .units import Collector, MarkdownBlock, Unit

FILE = "terms.yaml"
KEY = "terms"


@dataclass(frozen=True)
class Term:
    forms: tuple[str, ...]
    equivalents: dict[str, tuple[str, ...]]
    forbidden: dict[str, tuple[str, ...]]
    note: str
    line: int
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def term(self) -> str:
        return self.forms[0]

    def found_in(self, text: str) -> bool:
        return _any(self.forms, text)

    def describe(self, lang: str) -> str:
        use = self.equivalents.get(lang)
        avoid = self.forbidden.get(lang)
        out = f"{self.term} → {use[0] if use else '(no equivalent given)'}"
        if avoid:
            out += f" (not: {', '.join(avoid)})"
        return out


def _pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", re.IGNORECASE)


_CACHE: dict[str, re.Pattern[str]] = {}


def _any(forms: Iterable[str], text: str) -> bool:
    for form in forms:
        pattern = _CACHE.get(form) or _CACHE.setdefault(form, _pattern(form))
        if pattern.search(text):
            return True
    return False


def _first(forms: Iterable[str], text: str) -> str | None:
    for form in forms:
        match = (_CACHE.get(form) or _CACHE.setdefault(form, _pattern(form))).search(text)
        if match:
            return match.group(0)
    return None


def terms_path(content_dir: Path) -> Path:
    return content_dir / FILE


def load_terms(content_dir: Path, languages: tuple[str, ...]) -> list[Term]:
    """The term base (empty without content/terms.yaml); a malformed entry raises ContentError."""
    path = terms_path(content_dir)
    if not path.is_file():
        return []
    shown = f"{content_dir.name}/{FILE}"
    doc = load_yaml(path, shown)
    data = doc.data.get(KEY) if isinstance(doc.data, dict) else None
    report = Report()
    terms: list[Term] = []
    if not isinstance(data, list):
        raise ContentError.single(shown, 1, f"expected '{KEY}:' and a list of terms", "see docs/translation.md",
                                  code="terms.invalid")
    for index, item in enumerate(data):
        line = doc.lines.get((KEY, index)) or 1
        if not isinstance(item, dict) or not _strings(item.get("term")):
            report.error(shown, line, "a term needs 'term:' (a word, or a list of its forms)",
                         "write e.g. 'term: [operadores, operador]'", code="terms.invalid")
            continue
        equivalents = {lang: _strings(item.get(lang)) for lang in languages[1:] if _strings(item.get(lang))}
        forbidden_raw = item.get("forbidden") or {}
        if not isinstance(forbidden_raw, dict):
            report.error(shown, line, "'forbidden:' must map languages to lists of words",
                         "write e.g. 'forbidden: {en: [practitioners]}'", code="terms.invalid")
            continue
        unknown = [key for key in item if key not in ("term", "forbidden", "note", *languages[1:])]
        if unknown:
            report.error(shown, line, f"unknown key {unknown[0]!r} in a term", "use term, note, forbidden and "
                         f"the languages {', '.join(languages[1:])}", code="terms.invalid")
            continue
        forbidden = {str(lang): _strings(words) for lang, words in forbidden_raw.items() if _strings(words)}
        terms.append(Term(_strings(item["term"]), equivalents, forbidden, str(item.get("note") or ""), line))
    report.raise_if_errors()
    return terms


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return ()


def unit_note(terms: list[Term], source: str, lang: str) -> str:
    """The note shown to translators on a unit whose original holds terms of the term base."""
    found = [t.describe(lang) for t in terms if t.found_in(source)]
    return "Terms: " + "; ".join(found) if found else ""


def term_problems(units: Iterable[Unit], lang: str, terms: list[Term]) -> list[Problem]:
    """Warnings, at the translation's file:line, for forbidden variants and missing equivalents."""
    problems = []
    for unit in units:
        translation = unit.translation or ""
        if not translation.strip() or not unit.target_reference:
            continue
        file, _, line = unit.target_reference.rpartition(":")
        for term in terms:
            if not term.found_in(unit.source):
                continue
            use = term.equivalents.get(lang, ())
            wrong = _first(term.forbidden.get(lang, ()), translation)
            if wrong:
                at = int(line) if line.isdigit() else None
                if at is not None and isinstance(unit.target, MarkdownBlock):  # the line of the word
                    at += translation[: translation.find(wrong)].count("\n")
                problems.append(Problem(file, at, item=unit.context,
                                        message=f"the translation uses {wrong!r} for {term.term!r}, a variant the "
                                        "term base forbids", hint=f"write {use[0]!r}" if use else
                                        "see content/terms.yaml", severity="warning", code="terms.forbidden"))
            elif use and not _any(use, translation):
                problems.append(Problem(file, int(line) if line.isdigit() else None, item=unit.context,
                                        message=f"the original says {term.term!r} but the translation has none "
                                        f"of its equivalents ({', '.join(use)})",
                                        hint=f"use {use[0]!r}, or add the wording used to the term's "
                                        f"equivalents in content/{FILE}", severity="warning", code="terms.missing"))
    return problems


def check_terms(content_dir: Path, languages: tuple[str, ...]) -> list[Problem]:
    """What `reportgen check` reports about the term base (nothing without content/terms.yaml)."""
    if not terms_path(content_dir).is_file() or len(languages) < 2:
        return []
    try:
        terms = load_terms(content_dir, languages)
        problems: list[Problem] = []
        for lang in languages[1:]:
            problems += term_problems(Collector(content_dir, languages, lang).collect(), lang, terms)
    except ContentError as exc:
        return list(exc.problems)
    return problems


def tbx_bytes(terms: list[Term], languages: tuple[str, ...]) -> bytes:
    """TBX (ISO 30042, TBX-Basic style): one termEntry per term, a langSet per language."""
    ns_xml = "http://www.w3.org/XML/1998/namespace"
    root = etree.Element("martif", {"type": "TBX-Basic"})
    root.set(f"{{{ns_xml}}}lang", languages[0])
    header = etree.SubElement(root, "martifHeader")
    etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc").append(etree.Element("p"))
    header.find("fileDesc/sourceDesc/p").text = "The term base of a reportgen project (content/terms.yaml)"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, 1):
        entry = etree.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.note:
            etree.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        for lang, words, status in [(languages[0], term.forms, "preferredTerm-admn-sts"),
                                    *((lang, term.equivalents.get(lang, ()), "preferredTerm-admn-sts")
                                      for lang in languages[1:]),
                                    *((lang, words, "deprecatedTerm-admn-sts")
                                      for lang, words in term.forbidden.items())]:
            for word in words:
                lang_set = etree.SubElement(entry, "langSet")
                lang_set.set(f"{{{ns_xml}}}lang", lang)
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = word
                etree.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return written


def csv_bytes(terms: list[Term], languages: tuple[str, ...]) -> bytes:
    """One row per term: the original's forms, each language's equivalents and forbidden variants, the note."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([languages[0], *languages[1:], *(f"{lang} forbidden" for lang in languages[1:]), "note"])
    for term in terms:
        writer.writerow([_cell(value) for value in (
            "; ".join(term.forms), *("; ".join(term.equivalents.get(lang, ())) for lang in languages[1:]),
            *("; ".join(term.forbidden.get(lang, ())) for lang in languages[1:]), term.note)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")   # (a BOM: spreadsheet programs read it as UTF-8)


def _cell(value: str) -> str:
    """A value a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
