"""The import, step by step (see the package docstring)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import assemble, writer
from .blocks import Block
from .conclusions import read_conclusions
from .cover import markdown_of, read_cover, read_glossary
from .debris import clean
from .errors import SourceError
from .findings import read_findings
from .lessons import ItemsChapter, read_items_chapter, read_templates
from .matrix import read_matrix
from .readers import read_source
from .record import ImportRecord, add_note
from .recommendations import finish_fields, read_recommendations
from .structure import Chapter, find_chapters, first_chapter_index, other_chapters
from .vocabulary import ID_PREFIX_BY_LANGUAGE, fold

# Annexes holding the ILO lesson / good-practice templates: read into those items.
TEMPLATE_ANNEX = re.compile(r"leccion|lesson|lecon|practica|practice|pratique")
ANNEX_HEADING = re.compile(r"(?i)^(?:anexo|annex|annexe|appendix)\s+(\d{1,2})\b")
# Annexes that name people (interviewees): internal until a person decides otherwise.
SENSITIVE_ANNEX = re.compile(r"entrevistad|interview|personas consultadas|persons? (?:met|consulted)|"
                             r"personnes (?:rencontrees|consultees)|interlocuteurs")

LANGUAGES = ("es", "en", "fr")
REPORT_CHAPTERS = ("findings", "conclusions", "recommendations")
_STOPWORDS = {"es": {"el", "la", "de", "que", "los", "las", "del", "y", "en", "por", "para", "una"},
              "en": {"the", "of", "and", "to", "in", "is", "that", "for", "was", "with", "by"},
              "fr": {"le", "la", "les", "des", "et", "du", "est", "une", "dans", "pour", "par", "au"}}


@dataclass
class ImportResult:
    out: Path
    language: str
    record: ImportRecord
    files: list[Path]


def import_report(source: Path, out: Path, language: str | None = None) -> ImportResult:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SourceError(f"{out}: the output folder exists and is not empty; give a new folder "
                          "(reportgen import never overwrites files)")
    if language is not None and language not in LANGUAGES:
        raise SourceError(f"--language {language}: the import knows the wording of {', '.join(LANGUAGES)} only")
    src = read_source(source)
    cleaned = clean(src.lines)
    chapters = find_chapters(cleaned.blocks)
    if not any(kind in chapters for kind in REPORT_CHAPTERS):
        raise SourceError(f"{source}: no findings, conclusions or recommendations chapter found; this does not look "
                          "like an evaluation report (chapter headings such as 'Findings', 'Conclusions', "
                          "'Recommendations' in English, Spanish or French are needed)")
    lang = language or detect_language(cleaned.blocks)
    record = ImportRecord()
    record.repaired.update(cleaned.removed)
    if cleaned.joined:
        record.repaired["paragraphs split by a page break, joined"] = len(cleaned.joined)
    html_lines = sum(1 for line in src.lines if re.search(r"</?(?:b|i|p|sup|br|td|tr)\b", line))
    if html_lines:
        record.repaired["lines with HTML fragments, turned into Markdown"] = html_lines
    files = _project_files(cleaned.blocks, chapters, lang, record, src.path.name)
    files["IMPORT.md"] = writer.import_report_markdown(src.path.name, src.shown_as, lang, record)
    out.mkdir(parents=True, exist_ok=True)
    return ImportResult(out, lang, record, writer.write_project(out, files))


def detect_language(blocks: list[Block]) -> str:
    words = Counter(w for b in blocks if b.kind == "para" for w in re.findall(r"[a-zà-ÿ]+", b.text.lower()))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    return max(scores, key=scores.get)


def _blocks_of(chapters: dict[str, Chapter], kind: str) -> list[Block]:
    return chapters[kind].blocks if kind in chapters else []


def _project_files(blocks, chapters, lang, record: ImportRecord, source_name: str) -> dict[str, str]:
    footnotes: dict[str, str] = {}
    for block in blocks:
        if block.kind == "footnote":
            footnotes.setdefault(block.number, block.text)
    prefixes = {**{"lesson": "LA", "good_practice": "BP", "finding": "H"}, **ID_PREFIX_BY_LANGUAGE.get(lang, {})}
    files: dict[str, str] = {}

    # The cover fields sit before the first chapter, or at the top of the executive summary.
    evaluation, cover_lines = read_cover(blocks[:_body_start(blocks, chapters)], lang, record)
    _lack_required(evaluation, record)
    if "summary" in chapters:
        text, cited = markdown_of([b for b in chapters["summary"].blocks if b.line not in cover_lines])
        files[f"content/summary.{lang}.md"] = _with_footnotes(text, cited, footnotes)
        evaluation["summary"] = {lang: f"summary.{lang}.md"}
        record.found["executive summary"] = 1

    glossary = read_glossary(_blocks_of(chapters, "acronyms"), lang)
    record.found["acronyms"] = len(glossary)

    matrix = read_matrix(blocks, lang)
    findings = read_findings(_blocks_of(chapters, "findings"), lang, prefixes["finding"], record)
    criteria = assemble.make_criteria(findings.criteria + [(n, matrix.line) for n in matrix.criteria], lang)
    for question in matrix.questions:
        assemble.link_criterion(question, question.pop("_criterion"), matrix.line, criteria, record)
    record.found.update({"criteria": len(criteria), "questions": len(matrix.questions),
                         "sub-questions": sum(len(q["subquestions"]) for q in matrix.questions)})

    chapter_texts: dict[str, dict] = {}
    if findings.intro:
        chapter_texts["findings"] = {lang: "\n\n".join(findings.intro)}
    section_files = _sections(findings, criteria, matrix.questions, footnotes, lang, record)
    files.update(section_files)

    conclusions = read_conclusions(_blocks_of(chapters, "conclusions"), lang, record)
    for item in conclusions.items:
        heading = item.pop("_criterion_heading")
        if not assemble.link_criterion(item, heading[0] if heading else None, item["_line"], criteria, record):
            record.lack(item["_line"], item["id"], "criterion: no criterion heading above this conclusion")
        item["text"][lang] = _with_footnotes(item["text"][lang], re.findall(r"\[\^(\d+)\]", item["text"][lang]),
                                             footnotes)
    if conclusions.intro:
        chapter_texts["conclusions"] = {lang: "\n\n".join(conclusions.intro)}
    record.found["conclusions"] = len(conclusions.items)

    recs = read_recommendations(_blocks_of(chapters, "recommendations"), lang, record)
    institutions: dict[str, dict] = {}
    for item in recs.items:
        names = finish_fields(item, lang, record)
        if names:
            item["addressees"] = assemble.institutions_for(names, lang, institutions)
            if len(names) > 1 or item["addressees"][0] not in ("ILO",):
                assemble.add_note(item, record.guess(item["_line"], item["id"], "addressees "
                                                     f"{', '.join(item['addressees'])} read from the wording "
                                                     f"{item['addressee_text'][lang]!r}"))
        _lack_fields(item, ("title", "addressees", "priority", "resources", "timeframe"), record)
    if recs.intro:
        chapter_texts["recommendations"] = {lang: "\n\n".join(recs.intro)}
    if recs.closing:
        chapter_texts["recommendations_closing"] = {lang: "\n\n".join(recs.closing)}
    record.found["recommendations"] = len(recs.items)
    record.found["institutions (addressees)"] = len(institutions)

    items = ItemsChapter()
    read_items_chapter(_blocks_of(chapters, "lessons"), "lesson", lang, prefixes, record, items)
    read_items_chapter(_blocks_of(chapters, "good_practices"), "good_practice", lang, prefixes, record, items)
    templates = read_templates(_blocks_of(chapters, "annexes"), prefixes)
    for kind in ("lesson", "good_practice"):
        assemble.attach_templates(items.items[kind], kind, templates, lang, record)
    for name, value in templates.meta.items():
        evaluation.setdefault(name, value if name == "template_evaluator" else {lang: value})
    record.found["lessons learned"] = len(items.items["lesson"])
    record.found["good practices"] = len(items.items["good_practice"])
    record.found["footnotes"] = len(footnotes)
    if items.intro:
        key = "lessons" if "lessons" in chapters else "good_practices"
        chapter_texts[key] = {lang: "\n\n".join(items.intro)}

    clean = writer.clean_item
    files["reportgen.yml"] = writer.dump_yaml({"languages": [lang], **(
        {"title": next(iter(evaluation["title"].values()))} if "title" in evaluation else {})})
    files["content/evaluation.yaml"] = writer.dump_yaml(
        {"evaluation": evaluation, **({"chapters": chapter_texts} if chapter_texts else {})})
    if criteria or matrix.questions:
        files["content/criteria.yaml"] = writer.dump_yaml({"criteria": clean(criteria)})
        files["content/questions.yaml"] = writer.dump_yaml({"questions": clean(matrix.questions)})
    if conclusions.items:
        files["content/conclusions.yaml"] = writer.dump_yaml({"conclusions": clean(conclusions.items)})
    if recs.items:
        files["content/recommendations.yaml"] = writer.dump_yaml(
            {"institutions": list(institutions.values()), "recommendations": clean(recs.items)})
    if items.items["lesson"]:
        files["content/lessons.yaml"] = writer.dump_yaml({"lessons": clean(items.items["lesson"])})
    if items.items["good_practice"]:
        files["content/good-practices.yaml"] = writer.dump_yaml({"good_practices": clean(items.items["good_practice"])})
    if glossary:
        files["content/glossary.yaml"] = writer.dump_yaml({"glossary": glossary})
    documents = _annex_documents(chapters.get("annexes"), lang, footnotes, record, files)
    if documents:
        files["content/annexes/annexes.yaml"] = writer.dump_yaml({"documents": clean(documents)})
    _record_left_out(blocks, chapters, record)
    return files


def _sections(findings, criteria, questions, footnotes, lang, record) -> dict[str, str]:
    files = {}
    width = len(str(len(findings.sections)))
    used = {s.number for s in findings.sections if s.number}
    for index, section in enumerate(findings.sections, start=1):
        label = section.number or _free_number(index, used)
        ident = f"S{label}"
        number = int(label) if label.isdigit() else label
        item: dict = {"id": ident, "number": number, "title": {lang: section.title}}
        if not section.number:
            assemble.add_note(item, record.guess(section.line, ident, f"unnumbered section; number {label} given "
                                                 "by the import"))
        criterion = None
        if section.criterion:
            found = assemble.match_criterion(section.criterion, criteria)
            criterion = found[0] if found else None
        assemble.guess_answers(item, section.title, criterion, questions, criteria, record, section.line)
        if section.findings:
            item["findings"] = writer.clean_item(section.findings)
        record.found["findings sections"] += 1
        record.found["key findings"] += len(section.findings)
        stem = f"S{label.zfill(width) if label.isdigit() else label}"
        if section.narrative:
            text = "\n\n".join(section.narrative)
            files[f"content/findings/{stem}.{lang}.md"] = _with_footnotes(
                text, re.findall(r"\[\^(\d+)\]", text), footnotes)
            item["narrative"] = {lang: f"{stem}.{lang}.md"}
        files[f"content/findings/{stem}.yaml"] = writer.dump_yaml({"sections": [item]})
    return files


def _body_start(blocks: list[Block], chapters: dict[str, Chapter]) -> int:
    starts = [blocks.index(chapters[kind].heading) for kind in REPORT_CHAPTERS if kind in chapters]
    summary = chapters.get("summary")
    limit = min(starts, default=len(blocks))
    if summary is None:
        return min(first_chapter_index(blocks, chapters), limit)
    return min(blocks.index(summary.heading) + 1 + len(summary.blocks), limit)


def _free_number(start: int, used: set[str]) -> str:
    number = start
    while str(number) in used:
        number += 1
    used.add(str(number))
    return str(number)


def _with_footnotes(text: str, cited: list[str], footnotes: dict[str, str]) -> str:
    notes = [f"[^{n}]: {footnotes[n]}" for n in dict.fromkeys(cited) if n in footnotes]
    return text + ("\n\n" + "\n\n".join(notes) if notes else "") + ("\n" if not text.endswith("\n") else "")


def _lack_required(evaluation: dict, record: ImportRecord) -> None:
    for name in ("title", "code"):
        if name not in evaluation:
            record.lack(None, "evaluation", f"{name}: not found on the cover sheet")


def _lack_fields(item: dict, names, record: ImportRecord) -> None:
    for name in names:
        if name not in item:
            record.lack(item["_line"], item["id"], f"{name}: not given in the source")


def _record_left_out(blocks: list[Block], chapters: dict[str, Chapter], record: ImportRecord) -> None:
    for heading, last_line in other_chapters(blocks, chapters):
        record.leave_out(heading.line, f"chapter {heading.text!r} (lines {heading.line}–{last_line}): reportgen has "
                                       "no item type for it; copy what the site should show into a document by hand")


def _annex_documents(chapter: Chapter | None, lang: str, footnotes: dict[str, str], record: ImportRecord,
                     files: dict[str, str]) -> list[dict]:
    """Each annex ("Anexo 2. …", "Annex 3: …") becomes a document page; the ILO template annexes
    are read into the lessons and good practices instead."""
    if chapter is None:
        return []
    documents: list[dict] = []
    current: list[Block] = []
    for block in chapter.blocks + [Block("heading", "Annex 0 (end)", 0)]:
        number = ANNEX_HEADING.match(block.text) if block.kind == "heading" else None
        if number is None:
            if current:
                current.append(block)
            continue
        if current and not TEMPLATE_ANNEX.search(fold(current[0].text)):
            documents.append(_document(current, lang, footnotes, record, files))
        current = [block] if block.line else []
    return documents


def _document(blocks: list[Block], lang: str, footnotes: dict[str, str], record: ImportRecord,
              files: dict[str, str]) -> dict:
    heading = blocks[0]
    ident = f"ANX{int(ANNEX_HEADING.match(heading.text).group(1))}"
    text, cited = markdown_of(blocks[1:])
    files[f"content/annexes/{ident}.{lang}.md"] = _with_footnotes(text, cited, footnotes)
    document = {"id": ident, "title": {lang: heading.text}, "body": {lang: f"{ident}.{lang}.md"}, "_line": heading.line}
    if SENSITIVE_ANNEX.search(fold(heading.text)):
        document["visibility"] = "internal"
        add_note(document, record.guess(heading.line, ident, "internal (review edition only): it seems to name the "
                                        "people interviewed; confirm, or set visibility: public"))
    record.found["annexes (documents)"] += 1
    return document
