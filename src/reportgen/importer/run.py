"""The import, step by step (see the package docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import assemble, writer
from .annexes import annex_documents
from .blocks import Block
from .conclusions import read_conclusions
from .cover import markdown_of, read_cover, read_glossary
from .debris import Cleaned, clean, promote_headings
from .errors import SourceError
from .findings import FindingsChapter, read_findings
from .language import LANGUAGES, report_language
from .lessons import ItemsChapter, read_items_chapter, read_templates
from .matrix import read_matrix
from .readers import read_source
from .record import ImportRecord, add_note
from .recommendations import finish_fields, read_recommendations
from .structure import Chapter, find_chapters, first_chapter_index, other_chapters
from .vocabulary import ID_PREFIX_BY_LANGUAGE

REPORT_CHAPTERS = ("findings", "conclusions", "recommendations")
_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
_HTML_LINE = re.compile(r"</?(?:b|i|p|sup|br|td|tr)\b")


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
    promoted = False
    if not any(kind in chapters for kind in REPORT_CHAPTERS):
        # No heading styles in the source? Read its bold or capital title lines as headings.
        blocks = promote_headings(cleaned.blocks)
        chapters, promoted = find_chapters(blocks), True
        cleaned.blocks = blocks
    if not any(kind in chapters for kind in REPORT_CHAPTERS):
        raise SourceError(f"{source}: no findings, conclusions or recommendations chapter found; this does not look "
                          "like an evaluation report (chapter headings such as 'Findings', 'Conclusions', "
                          "'Recommendations' in English, Spanish or French are needed)")
    lang = report_language(cleaned.blocks, language, source)
    record = ImportRecord()
    _count_repairs(cleaned, src.lines, record)
    if promoted:
        record.repaired["bold or capital title lines read as headings (the source has no heading styles)"] = sum(
            1 for b in cleaned.blocks if b.kind == "heading")
    parts = _Parts(cleaned.blocks, chapters, lang, record)
    files = parts.files()
    files["IMPORT.md"] = writer.import_report_markdown(src.path.name, src.shown_as, lang, record)
    out.mkdir(parents=True, exist_ok=True)
    return ImportResult(out, lang, record, writer.write_project(out, files))


def _count_repairs(cleaned: Cleaned, lines: list[str], record: ImportRecord) -> None:
    record.repaired.update(cleaned.removed)
    if cleaned.joined:
        record.repaired["paragraphs split by a page break, joined"] = len(cleaned.joined)
    html_lines = sum(1 for line in lines if _HTML_LINE.search(line))
    if html_lines:
        record.repaired["lines with HTML fragments, turned into Markdown"] = html_lines


@dataclass
class _Parts:
    """The recognised parts of one report, turned into the project's files."""

    blocks: list[Block]
    chapters: dict[str, Chapter]
    lang: str
    record: ImportRecord
    footnotes: dict[str, str] = field(default_factory=dict)
    out: dict[str, str] = field(default_factory=dict)          # project path -> text
    chapter_texts: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        for block in self.blocks:
            if block.kind == "footnote":
                self.footnotes.setdefault(block.number, block.text)
        self.prefixes = {"lesson": "LA", "good_practice": "BP", "finding": "H",
                         **ID_PREFIX_BY_LANGUAGE.get(self.lang, {})}

    def files(self) -> dict[str, str]:
        evaluation = self.cover_and_summary()
        criteria, questions = self.criteria_and_questions()
        self.sections(criteria, questions)
        self.yaml("conclusions.yaml", "conclusions", self.conclusions(criteria))
        institutions, recommendations = self.recommendations()
        if recommendations:
            self.out["content/recommendations.yaml"] = writer.dump_yaml(
                {"institutions": list(institutions.values()), "recommendations": writer.clean_item(recommendations)})
        lessons, practices = self.lessons_and_practices(evaluation)
        self.yaml("lessons.yaml", "lessons", lessons)
        self.yaml("good-practices.yaml", "good_practices", practices)
        self.yaml("glossary.yaml", "glossary", self.glossary())
        self.yaml("annexes/annexes.yaml", "documents", self.annexes())
        self.record.found["footnotes"] = len(self.footnotes)
        for heading, last_line in other_chapters(self.blocks, self.chapters):
            self.record.leave_out(heading.line, f"chapter {heading.text!r} (lines {heading.line}–{last_line or 'end'}):"
                                  " reportgen has no item type for its text; copy what the site should show into a "
                                  "document by hand (a question table in it, if any, was read into the questions)")
        # Only the languages: the lead's configuration (issue 12) owns the rest of reportgen.yml.
        self.out["reportgen.yml"] = writer.dump_yaml({"languages": [self.lang]})
        self.out["content/evaluation.yaml"] = writer.dump_yaml(
            {"evaluation": evaluation, **({"chapters": self.chapter_texts} if self.chapter_texts else {})})
        return self.out

    # --- helpers -------------------------------------------------------------------------------
    def of(self, kind: str) -> list[Block]:
        return self.chapters[kind].blocks if kind in self.chapters else []

    def yaml(self, name: str, collection: str, items: list[dict]) -> None:
        if items:
            for item in items:
                self.add_footnotes(item)
            self.out[f"content/{name}"] = writer.dump_yaml({collection: writer.clean_item(items)})

    def markdown(self, path: str, text: str) -> None:
        self.out[path] = with_footnotes(text, self.footnotes)

    def add_footnotes(self, value) -> None:
        """Texts citing footnotes ([^12]) get their definitions, so each text stands alone."""
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == self.lang and isinstance(inner, str) and _FOOTNOTE_REF.search(inner):
                    value[key] = with_footnotes(inner, self.footnotes).rstrip("\n")
                else:
                    self.add_footnotes(inner)
        elif isinstance(value, list):
            for inner in value:
                self.add_footnotes(inner)

    def intro(self, key: str, paragraphs: list[str]) -> None:
        if paragraphs:
            self.chapter_texts[key] = {self.lang: "\n\n".join(paragraphs)}

    # --- the parts -----------------------------------------------------------------------------
    def cover_and_summary(self) -> dict:
        # The cover fields sit before the first chapter, or at the top of the executive summary.
        evaluation, cover_lines = read_cover(self.blocks[:self.body_start()], self.lang, self.record)
        for name in ("title", "code"):
            if name not in evaluation:
                self.record.lack(None, "evaluation", f"{name}: not found on the cover sheet")
        if "summary" in self.chapters:
            text, _ = markdown_of([b for b in self.of("summary") if b.line not in cover_lines])
            self.markdown(f"content/summary.{self.lang}.md", text)
            evaluation["summary"] = {self.lang: f"summary.{self.lang}.md"}
            self.record.found["executive summary"] = 1
        return evaluation

    def body_start(self) -> int:
        starts = [self.blocks.index(self.chapters[k].heading) for k in REPORT_CHAPTERS if k in self.chapters]
        limit = min(starts, default=len(self.blocks))
        summary = self.chapters.get("summary")
        if summary is None:
            return min(first_chapter_index(self.blocks, self.chapters), limit)
        return min(self.blocks.index(summary.heading) + 1 + len(summary.blocks), limit)

    def glossary(self) -> list[dict]:
        glossary = read_glossary(self.of("acronyms"), self.lang)
        self.record.found["acronyms"] = len(glossary)
        return glossary

    def criteria_and_questions(self) -> tuple[list[dict], list[dict]]:
        matrix = read_matrix(self.blocks, self.lang)
        self.findings = read_findings(self.of("findings"), self.lang, self.prefixes["finding"], self.record)
        criteria = assemble.make_criteria(self.findings.criteria + [(n, matrix.line) for n in matrix.criteria],
                                          self.lang)
        for question in matrix.questions:
            assemble.link_criterion(question, question.pop("_criterion"), matrix.line, criteria, self.record)
        self.record.found.update({"criteria": len(criteria), "questions": len(matrix.questions),
                                  "sub-questions": sum(len(q["subquestions"]) for q in matrix.questions)})
        self.yaml("criteria.yaml", "criteria", criteria)
        self.yaml("questions.yaml", "questions", matrix.questions)
        return criteria, matrix.questions

    def sections(self, criteria: list[dict], questions: list[dict]) -> None:
        chapter: FindingsChapter = self.findings
        self.intro("findings", chapter.intro)
        width = len(str(len(chapter.sections)))
        used = {s.number for s in chapter.sections if s.number}
        for index, section in enumerate(chapter.sections, start=1):
            label = section.number or _free_number(index, used)
            item: dict = {"id": f"S{label}", "number": int(label) if label.isdigit() else label,
                          "title": {self.lang: section.title}}
            if not section.number:
                add_note(item, self.record.guess(section.line, item["id"], f"unnumbered section; number {label} "
                                                 "given by the import"))
            found = assemble.match_criterion(section.criterion, criteria) if section.criterion else None
            if found:  # the section sits under its criterion's heading: the report says so
                item["criterion"] = found[0]
                if not found[1]:
                    add_note(item, self.record.guess(section.line, item["id"], f"criterion {found[0]} matched to "
                                                     f"the heading {section.criterion!r} by its wording"))
            assemble.guess_answers(item, section.title, found[0] if found else None, questions, criteria,
                                   self.record, section.line)
            if section.findings:
                item["findings"] = section.findings
            self.record.found["findings sections"] += 1
            self.record.found["key findings"] += len(section.findings)
            stem = f"S{label.zfill(width) if label.isdigit() else label}"
            if section.narrative:
                self.markdown(f"content/findings/{stem}.{self.lang}.md", "\n\n".join(section.narrative))
                item["narrative"] = {self.lang: f"{stem}.{self.lang}.md"}
            self.yaml(f"findings/{stem}.yaml", "sections", [item])

    def conclusions(self, criteria: list[dict]) -> list[dict]:
        chapter = read_conclusions(self.of("conclusions"), self.lang, self.record)
        for item in chapter.items:
            heading = item.pop("_criterion_heading")
            if not assemble.link_criterion(item, heading[0] if heading else None, item["_line"], criteria,
                                           self.record):
                self.record.lack(item["_line"], item["id"], "criterion: no criterion heading above this conclusion")
        self.intro("conclusions", chapter.intro)
        self.record.found["conclusions"] = len(chapter.items)
        return chapter.items

    def recommendations(self) -> tuple[dict[str, dict], list[dict]]:
        chapter = read_recommendations(self.of("recommendations"), self.lang, self.record)
        institutions: dict[str, dict] = {}
        for item in chapter.items:
            names = finish_fields(item, self.lang, self.record)
            if names:
                item["addressees"] = assemble.institutions_for(names, self.lang, institutions)
                if item["addressees"] != ["ILO"]:
                    add_note(item, self.record.guess(item["_line"], item["id"], "addressees "
                                                     f"{', '.join(item['addressees'])} read from the wording "
                                                     f"{item['addressee_text'][self.lang]!r}"))
            for name in ("title", "addressees", "priority", "resources", "timeframe"):
                if name not in item:
                    self.record.lack(item["_line"], item["id"], f"{name}: not given in the source")
            self.add_footnotes(item)
        self.intro("recommendations", chapter.intro)
        self.intro("recommendations_closing", chapter.closing)
        self.record.found["recommendations"] = len(chapter.items)
        self.record.found["institutions (addressees)"] = len(institutions)
        return institutions, chapter.items

    def lessons_and_practices(self, evaluation: dict) -> tuple[list[dict], list[dict]]:
        items = ItemsChapter()
        read_items_chapter(self.of("lessons"), "lesson", self.lang, self.prefixes, self.record, items)
        read_items_chapter(self.of("good_practices"), "good_practice", self.lang, self.prefixes, self.record, items)
        templates = read_templates(self.of("annexes"), self.prefixes)
        for kind in ("lesson", "good_practice"):
            assemble.attach_templates(items.items[kind], kind, templates, self.lang, self.record)
        for name, value in templates.meta.items():
            evaluation.setdefault(name, value if name == "template_evaluator" else {self.lang: value})
        self.record.found["lessons learned"] = len(items.items["lesson"])
        self.record.found["good practices"] = len(items.items["good_practice"])
        self.intro("lessons" if "lessons" in self.chapters else "good_practices", items.intro)
        return items.items["lesson"], items.items["good_practice"]

    def annexes(self) -> list[dict]:
        documents = []
        for document, body in annex_documents(self.of("annexes"), self.lang, self.record):
            self.markdown(f"content/annexes/{document['id']}.{self.lang}.md", body)
            documents.append(document)
        self.record.found["annexes (documents)"] = len(documents)
        return documents


def _free_number(start: int, used: set[str]) -> str:
    number = start
    while str(number) in used:
        number += 1
    used.add(str(number))
    return str(number)


def with_footnotes(text: str, footnotes: dict[str, str]) -> str:
    """`text` with the definitions of the footnotes it cites appended (once each, in order)."""
    cited = dict.fromkeys(_FOOTNOTE_REF.findall(text))
    notes = [f"[^{n}]: {footnotes[n]}" for n in cited if n in footnotes and f"[^{n}]:" not in text]
    return text.rstrip("\n") + ("\n\n" + "\n\n".join(notes) if notes else "") + "\n"
