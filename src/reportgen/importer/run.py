"""The import, step by step (see the package docstring)."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.loader import MAX_MARKDOWN_BYTES
from ..content.registry import type_of
from . import assemble, references, writer
from .annexes import annex_documents, annex_title
from .blocks import Block
from .conclusions import read_conclusions
from .cover import CODE_PLACEHOLDER, TITLE_PLACEHOLDER, markdown_of, read_cover, read_glossary
from .docx_media import FIGURE, FIGURE_URL, Figure, file_names
from .debris import Cleaned, clean, promote_headings, promote_numbered_subheadings
from .errors import SourceError
from .findings import FindingsChapter, read_findings
from .guards import bounded
from .language import LANGUAGES, report_language
from .ledger import account, verdict
from .lessons import KINDS, ItemsChapter, Templates, read_items_chapter, read_templates
from .matrix import add_asked, read_matrix
from .ratings import read_ratings
from .readers import read_source
from .record import ImportRecord, ItemData, add_note
from .recommendations import custom_field_id, finish_fields, read_recommendations
from .structure import Chapter, find_chapters, first_chapter_index, other_chapters, with_heading
from .tables import TableItems
from .text import running_paragraph_numbers
from .vocabulary import id_prefixes

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
    """Read `source` into a new project in `out`. The reading and recognition run in a child process
    with memory and time limits (guards.bounded); the project is written all at once (a folder beside
    `out`, renamed into place): a refusal, an error or Ctrl-C leaves nothing behind."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SourceError(f"{out}: the output folder exists and is not empty; give a new folder "
                          "(reportgen import never overwrites files)")
    if language is not None and language not in LANGUAGES:
        raise SourceError(f"--language {language}: the import knows the wording of {', '.join(LANGUAGES)} only")
    files, lang, record = bounded(lambda: project_files(source, language), source)
    return ImportResult(out, lang, record, writer.write_project(out, files))


def project_files(source: Path, language: str | None = None) -> tuple[dict[str, str | bytes], str, ImportRecord]:
    """The imported project's files (path -> text), its language and the import's record."""
    src = read_source(source)
    cleaned = clean(src.lines, soft_wraps=src.kind == "text" and src.wrapped)
    cleaned.blocks, subheadings = promote_numbered_subheadings(cleaned.blocks)
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
    record.repaired.update(src.repaired)
    for line, text in src.unread:
        record.leave_out(line, text)
    _count_repairs(cleaned, src.lines, record)
    _images(src.lines, record)
    if subheadings:
        record.repaired["bold numbered lines read as sub-headings (\"9.1.1 …\" under \"9.1 …\")"] = subheadings
    if promoted:
        record.repaired["bold or capital title lines read as headings (the source has no heading styles)"] = sum(
            1 for b in cleaned.blocks if b.kind == "heading")
    parts = _Parts(cleaned.blocks, chapters, lang, record, cell_runs=src.cell_runs)
    files: dict[str, str | bytes] = dict(parts.files())
    files.update(place_figures(parts.out, src.figures, src.lines, record))
    record.verdict = verdict(source, [k for k in REPORT_CHAPTERS if k in chapters], REPORT_CHAPTERS, record)
    files["IMPORT.md"] = writer.import_report_markdown(src.path.name, src.shown_as, lang, record)
    files[writer.RECORD_FILE] = writer.record_json(src.path.name, lang, record)
    return files, lang, record


def _count_repairs(cleaned: Cleaned, lines: list[str], record: ImportRecord) -> None:
    record.repaired.update(cleaned.removed)
    if cleaned.joined:
        record.repaired["paragraphs split by a page break, joined"] = len(cleaned.joined)
    html_lines = sum(1 for line in lines if _HTML_LINE.search(line))
    if html_lines:
        record.repaired["lines with HTML fragments, turned into Markdown"] = html_lines


_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\balt="([^"]*)"')


_WHY = re.compile(r'\bdata-left-out="([^"]*)"')
_WHAT = re.compile(r'\bdata-what="([^"]*)"')


def _images(lines: list[str], record: ImportRecord) -> None:
    """An image the reader could not keep (docx_media.py says why in the tag; another reader's image has
    no file to keep): said, with its line."""
    for number, line in enumerate(lines, start=1):
        for image in _IMAGE.findall(line):
            alt, why, what = _ALT.search(image), _WHY.search(image), _WHAT.search(image)
            named = f" ({html.unescape(alt.group(1))!r})" if alt and alt.group(1).strip() else ""
            record.leave_out(number, f"{what.group(1) if what else 'an image'}{named}: " + (
                html.unescape(why.group(1)) if why else "the source gives no picture file to keep; add the picture "
                "to the content folder and show it with ![caption](path)"))


def place_figures(out: dict[str, str], found: dict[int, Figure], lines: list[str],
                  record: ImportRecord) -> dict[str, str | bytes]:
    """Each figure a Markdown file of the project shows, written as content/figures/…, its placeholder made
    the path from that file; a figure in a text of a YAML file (one-line texts show no pictures) is taken out
    of it and said, with its line. Returns the figure files to write and the texts changed."""
    if not found:
        return {}
    names = file_names(found)
    where = {int(m.group(2)): number for number, line in enumerate(lines, start=1) for m in FIGURE.finditer(line)}
    files: dict[str, str | bytes] = {}
    for path, text in out.items():
        if FIGURE_URL not in text:
            continue
        if path.endswith(".md") and path.startswith("content/"):
            folder = posixpath.dirname(path[len("content/"):])

            def placed(match: re.Match[str]) -> str:
                name = names[int(match.group(2))]
                files[f"content/{name}"] = found[int(match.group(2))].data
                return f"![{match.group(1)}]({posixpath.relpath(name, folder or '.')})"

            files[path] = FIGURE.sub(placed, text)
            continue
        for match in FIGURE.finditer(text):
            record.leave_out(where.get(int(match.group(2))), f"an image ({match.group(1)!r}): it stands in a text "
                             f"of {path[len('content/'):]}, whose one-line texts show no pictures; move it into a "
                             "narrative and show it there with ![caption](path)")
        files[path] = re.sub(r" *" + FIGURE.pattern + r" *", " ", text)
    record.found["figures (pictures)"] = len({p for p in files if p.startswith("content/figures/")})
    return files


@dataclass
class _Parts:
    """The recognised parts of one report, turned into the project's files."""

    blocks: list[Block]
    chapters: dict[str, Chapter]
    lang: str
    record: ImportRecord
    footnotes: dict[str, str] = field(default_factory=dict)
    out: dict[str, str] = field(default_factory=dict)          # project path -> text
    chapter_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    # item type -> field ID -> {lang: label}
    custom_fields: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    placed: set[int] = field(default_factory=set)     # source lines of blocks that went into the project
    matrix_line: int = 0                               # line of the question matrix (0: none)
    taken: set[str] = field(default_factory=set)       # item IDs written so far
    cell_runs: list[tuple[int, int]] = field(default_factory=list)  # lines of table cells written one per line

    def __post_init__(self) -> None:
        for block in self.blocks:
            if block.kind == "footnote":
                self.footnotes.setdefault(block.number, block.text)
        self.tables = TableItems(self.lang)
        self.prefixes = id_prefixes(self.lang)

    def files(self) -> dict[str, str]:
        evaluation = self.cover_and_summary()
        criteria, questions = self.criteria_and_questions()
        self.sections(criteria, questions)
        conclusions = self.conclusions(criteria)
        institutions, recommendations = self.recommendations(criteria)
        chapter_items = self.lessons_and_practices(evaluation)
        ratings = read_ratings(self.blocks, criteria, self.lang, self.record)
        self.cross_references({type_of("conclusion").kind: conclusions,
                               type_of("recommendation").kind: recommendations, **chapter_items,
                               type_of("rating").kind: ratings.items})
        self.yaml("conclusions.yaml", "conclusions", conclusions)
        self.record.found["ratings"] = len(ratings.items)
        self.yaml(type_of("rating").content_file, type_of("rating").collection_key, ratings.items)
        known = {kind: {i["id"] for i in items} for kind, items in chapter_items.items()}
        known[type_of("conclusion").kind] = {i["id"] for i in conclusions}
        for item in recommendations:
            assemble.drop_unknown_links(item, type_of("recommendation").model, known, self.record)
            self.register("recommendations", item)
        if recommendations:
            self.out["content/recommendations.yaml"] = writer.dump_yaml(
                {"institutions": list(institutions.values()), "recommendations": writer.clean_item(recommendations)})
        for kind, items in chapter_items.items():
            self.yaml(type_of(kind).content_file, type_of(kind).collection_key, items)
        self.yaml("glossary.yaml", "glossary", self.glossary())
        self.yaml("annexes/annexes.yaml", "documents", self.annexes())
        self.write_tables()  # last: the texts above hand their tables over as they are written
        self.record.found["footnotes"] = len(self.footnotes)
        others = other_chapters(self.blocks, self.chapters)
        self.uncited_footnotes([(heading.line, last or len(self.blocks) + max(b.line for b in self.blocks))
                                for heading, last in others])
        account(self.blocks, self.chapters, others, self.placed, self.record)
        for heading, last_line in others:
            holds_matrix = heading.line <= self.matrix_line <= (last_line or self.matrix_line)
            self.record.leave_out(heading.line, f"chapter {heading.text!r} (lines {heading.line}–{last_line or 'end'}):"
                                  " reportgen has no item type for its text; copy what the site should show into a "
                                  "document by hand" + ("; its evaluation questions (from line "
                                                        f"{self.matrix_line}) were read into the questions"
                                                        if holds_matrix else ""))
        config: ItemData = {"languages": [self.lang]}
        if self.custom_fields:  # the report's own field names, declared so that `check` knows them
            config["custom_fields"] = {kind: [{"id": ident, "label": label} for ident, label in fields.items()]
                                       for kind, fields in self.custom_fields.items()}
        if ratings.scale:  # the report's own rating scale, in its order, labelled with its words
            config["value_sets"] = {"rating": [value for value, _ in ratings.scale]}
            config["vocabulary"] = {self.lang: {"rating_scale": dict(ratings.scale)}}
        numbered = running_paragraph_numbers(self.blocks)
        if numbered:  # each keeps its number on the site, and its anchor (#para-45) for comments
            config["numbered_paragraphs"] = True
            self.record.found["numbered paragraphs"] = len(numbered)
        self.out["reportgen.yml"] = writer.dump_yaml(config)
        self.out["content/evaluation.yaml"] = writer.dump_yaml(
            {"evaluation": evaluation, **({"chapters": self.chapter_texts} if self.chapter_texts else {})})
        return self.out

    # --- helpers -------------------------------------------------------------------------------
    def of(self, kind: str) -> list[Block]:
        return self.chapters[kind].blocks if kind in self.chapters else []

    def level(self, kind: str) -> int:
        return self.chapters[kind].heading.level if kind in self.chapters else 0

    def yaml(self, name: str, collection: str, items: list[ItemData]) -> None:
        if items:
            for item in items:
                self.add_footnotes(item)
                self.register(collection, item)
            self.out[f"content/{name}"] = writer.dump_yaml({collection: writer.clean_item(items)})

    def register(self, collection: str, item: ItemData) -> None:
        """Every item goes into the record with its source line and confidence (and its findings)."""
        if "id" not in item:  # a glossary entry is not an item
            return
        self.unique(item)
        self.record.item(collection, item, item.get("_line"))
        for finding in item.get("findings") or []:
            if not isinstance(finding, dict):  # a conclusion's links to findings, not its own
                continue
            self.unique(finding)
            self.record.item("findings", finding, finding.get("_line"))
        for sub in item.get("subquestions") or []:
            self.unique(sub)

    def unique(self, item: ItemData) -> None:
        """IDs are unique in a project: a second item the source labels the same gets a suffix, marked."""
        ident = item["id"]
        if ident in self.taken:
            number = 2
            while f"{ident}-{number}" in self.taken:
                number += 1
            item["id"] = f"{ident}-{number}"
            add_note(item, self.record.guess(item.get("_line"), item["id"], f"the source labels a second item {ident}; "
                                             f"renamed {item['id']}"))
        self.taken.add(item["id"])

    def markdown(self, path: str, text: str, internal: bool = False, title: str = "") -> None:
        self.out[path] = self.within_limit(path, with_footnotes(self.tables.extract(text, internal, title),
                                                                self.footnotes))

    def within_limit(self, path: str, text: str) -> str:
        """A text file `check` accepts: one larger than a Markdown file may be is cut at a paragraph, and
        the rest is said in IMPORT.md (a section of megabytes is no report's: a generated or broken source)."""
        if len(text.encode("utf-8")) <= MAX_MARKDOWN_BYTES:
            return text
        limit = len(text.encode("utf-8")[:MAX_MARKDOWN_BYTES - 1024].decode("utf-8", "ignore"))  # in characters
        cut = text.rfind("\n\n", 0, limit)
        cut = cut if cut > 0 else limit
        rest = text[cut:].strip()
        self.record.leave_out(None, f"{path}: the text after its first {cut:,} characters ({len(rest):,} characters, "
                              f"from {rest[:60]!r}…): a Markdown file may hold at most "
                              f"{MAX_MARKDOWN_BYTES // 1_000_000} MB; split that part of the source into sections "
                              "and import again")
        return text[:cut].rstrip("\n") + "\n"

    def write_tables(self) -> None:
        collections = {"tables": self.tables.items, "charts": self.tables.charts}
        for collection, items in collections.items():
            for item in items:
                self.add_footnotes(item)
                self.register(collection, item)
            self.record.found[collection] = len(items)
        if self.tables.items:
            self.out["content/tables.yaml"] = writer.dump_yaml(
                {name: writer.clean_item(items) for name, items in collections.items() if items})

    def uncited_footnotes(self, left_out: list[tuple[int, int]]) -> None:
        """A footnote no text of the project cites (its mark was on a chapter heading, or in a chapter left
        out) is said, with its line, so that its words are not lost silently; unless it stands in a chapter
        IMPORT.md already lists as left out (`left_out`: first and last lines)."""
        cited = {n for text in self.out.values() for n in _FOOTNOTE_REF.findall(text)}
        for block in self.blocks:
            if any(first <= block.line <= last for first, last in left_out):
                continue
            if block.kind == "footnote" and block.number not in cited and self.footnotes.get(block.number) == block.text:
                cited.add(block.number)
                self.record.leave_out(block.line, f"footnote {block.number} ({_short(block.text)}): no imported text "
                                                  "cites it (its mark is on a heading, or in a part left out)")

    def add_footnotes(self, value: object) -> None:
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
    def cover_and_summary(self) -> ItemData:
        # The cover fields sit before the first chapter, or at the top of the executive summary.
        sheet_end = first_chapter_index(self.blocks, self.chapters)
        evaluation, cover_lines = read_cover(self.blocks[:self.body_start()], self.lang, self.record, sheet_end)
        self.placed.update(cover_lines)
        for name, placeholder in (("title", {self.lang: TITLE_PLACEHOLDER}), ("code", CODE_PLACEHOLDER)):
            if name not in evaluation:
                # Required by the schema: a visible placeholder, marked, so that the project still checks.
                evaluation[name] = placeholder
                add_note(evaluation, self.record.guess(None, "evaluation", _placeholder_note(name)))
        if "summary" in self.chapters:
            text, _ = markdown_of([b for b in self.of("summary") if b.line not in cover_lines])
            self.markdown(f"content/summary.{self.lang}.md", text)
            evaluation["summary"] = {self.lang: f"summary.{self.lang}.md"}
            self.record.found["executive summary"] = 1
        return evaluation

    def cover_from_templates(self, evaluation: ItemData, templates: Templates) -> None:
        """The code and title the ILO templates' header rows give ("Project TC/SYMBOL: …", "Project Title:
        …"), where the cover sheet gave none: better than the placeholders, marked to confirm."""
        for name, placeholder in (("code", CODE_PLACEHOLDER), ("title", {self.lang: TITLE_PLACEHOLDER})):
            if evaluation.get(name) != placeholder or name not in templates.project:
                continue
            value, line = templates.project[name]
            evaluation[name] = value if name == "code" else {self.lang: value}
            self.record.withdraw(evaluation, _placeholder_note(name), "evaluation")
            what = "the project's title" if name == "title" else "the project's code"
            add_note(evaluation, self.record.guess(line, "evaluation", f"{name}: {what}, read from an ILO template's "
                                                   "header in the annexes (the cover sheet gives none): confirm it"))

    def body_start(self) -> int:
        starts = [self.blocks.index(self.chapters[k].heading) for k in REPORT_CHAPTERS if k in self.chapters]
        limit = min(starts, default=len(self.blocks))
        summary = self.chapters.get("summary")
        if summary is None:
            return min(first_chapter_index(self.blocks, self.chapters), limit)
        return min(self.blocks.index(summary.heading) + 1 + len(summary.blocks), limit)

    def glossary(self) -> list[ItemData]:
        glossary = read_glossary(self.of("acronyms"), self.lang)
        self.record.found["acronyms"] = len(glossary)
        return glossary

    def criteria_and_questions(self) -> tuple[list[ItemData], list[ItemData]]:
        matrix = read_matrix(self.blocks, self.lang)
        self.matrix_line = matrix.line
        findings = self.chapters.get("findings")
        self.findings = read_findings(self.of("findings"), self.lang, self.prefixes["finding"], self.record,
                                      chapters_per_criterion=bool(findings and findings.blocks and findings.blocks[0] is findings.heading))
        aliases = assemble.matrix_aliases([name for name, _ in self.findings.criteria], matrix.criteria)
        criteria = assemble.make_criteria(self.findings.criteria + [(n, matrix.line) for n in matrix.criteria
                                                                    if n not in aliases], self.lang)
        for criterion in criteria:
            definition = self.findings.definitions.get(criterion["name"][self.lang])
            if definition:
                criterion["definition"] = {self.lang: definition}
        asked = [(ident, wording, line, section.criterion) for section in self.findings.sections
                 for ident, wording, line in section.asked]
        add_asked(matrix, asked, self.lang)
        for question in matrix.questions:
            question.setdefault("_line", matrix.line)
            named = question.pop("_criterion")
            assemble.link_criterion(question, aliases.get(named, named), question["_line"], criteria, self.record)
            if named in aliases and "criterion" in question:
                add_note(question, self.record.guess(question["_line"], question["id"], f"criterion {question['criterion']}: "
                                                     f"the matrix's {named!r}, a word of that findings heading only"))
        assemble.placeholder_criterion(matrix.questions, criteria, self.lang, self.record)
        if any(first <= matrix.line <= last for first, last in self.cell_runs):
            for question in matrix.questions:  # (the cells' order is lost: which criterion is a question's?)
                add_note(question, self.record.guess(question["_line"], question["id"], "criterion and wording read "
                                                     "from a matrix whose cells the text writes one under the other "
                                                     "(a PDF's text taken without its layout): check them against the PDF"))
        self.record.found.update({"criteria": len(criteria), "questions": len(matrix.questions),
                                  "sub-questions": sum(len(q["subquestions"]) for q in matrix.questions)})
        self.yaml("criteria.yaml", "criteria", criteria)
        self.yaml("questions.yaml", "questions", matrix.questions)
        return criteria, matrix.questions

    def sections(self, criteria: list[ItemData], questions: list[ItemData]) -> None:
        chapter: FindingsChapter = self.findings
        self.intro("findings", chapter.intro)
        for part in chapter.parts:
            intro = part.pop("_intro")
            if intro:
                part["intro"] = {self.lang: "\n\n".join(intro)}
            self.record.found["findings parts"] += 1
        self.yaml("findings/parts.yaml", "parts", chapter.parts)
        width = len(str(len(chapter.sections)))
        used = {s.number for s in chapter.sections if s.number}
        for index, section in enumerate(chapter.sections, start=1):
            label = section.number or _free_number(index, used)
            item: ItemData = {"id": f"S{label}", "number": int(label) if label.isdigit() else label,
                          "title": {self.lang: section.title}, "_line": section.line}
            if section.part:
                item["part"] = section.part
            if not section.number:
                add_note(item, self.record.guess(section.line, item["id"], f"unnumbered section; number {label} "
                                                 "given by the import"))
            found = assemble.match_criterion(section.criterion, criteria) if section.criterion else None
            if found:  # the section sits under its criterion's heading: the report says so
                item["criterion"] = found[0]
                if not found[1]:
                    add_note(item, self.record.guess(section.line, item["id"], f"criterion {found[0]} matched to "
                                                     f"the heading {section.criterion!r} by its wording"))
            known = {q["id"] for q in questions} | {s["id"] for q in questions for s in q["subquestions"]}
            if section.answers:  # the source names the questions the section answers
                item["answers"] = [a for a in section.answers if a in known]
                for missing in (a for a in section.answers if a not in known):
                    self.record.lack(section.line, item["id"], f"answers: question {missing} is named in the "
                                     "source but not in its question table; left out")
                if not item["answers"]:
                    del item["answers"]
            else:
                assemble.guess_answers(item, section.title, found[0] if found else None, questions, criteria,
                                       self.record, section.line)
            if section.findings:
                item["findings"] = section.findings
            self.record.found["findings sections"] += 1
            self.record.found["key findings"] += len(section.findings)
            stem = base = f"S{label.zfill(width) if label.isdigit() else label}"
            copies = 1
            while f"content/findings/{stem}.yaml" in self.out:  # two sections the source numbers alike
                copies += 1
                stem = f"{base}-{copies}"
            if section.narrative:
                self.markdown(f"content/findings/{stem}.{self.lang}.md", "\n\n".join(section.narrative))
                item["narrative"] = {self.lang: f"{stem}.{self.lang}.md"}
            self.yaml(f"findings/{stem}.yaml", "sections", [item])

    def cross_references(self, items: dict[str, list[ItemData]]) -> None:
        """Links from what the items' texts cite ("see Conclusion 2"); a "Related …" field that names
        nothing the import found stays as the report's own field."""
        findings = {source.ident for source in self.record.items if source.kind == "findings"}
        targets = references.Targets(items, {type_of("finding").kind: findings}, self.prefixes)
        references.link_references(items, targets, self.lang, self.record)
        for kind, values in items.items():
            for item in values:
                for label, value in item.pop("_unlinked_fields", []):
                    ident = custom_field_id(label)
                    item.setdefault("custom", {})[ident] = {self.lang: value}
                    self.custom_fields.setdefault(kind, {}).setdefault(ident, {self.lang: label})

    def conclusions(self, criteria: list[ItemData]) -> list[ItemData]:
        chapter = read_conclusions(self.of("conclusions"), self.lang, self.record)
        for item in chapter.items:
            heading = item.pop("_criterion_heading")
            if not assemble.link_criterion(item, heading[0] if heading else None, item["_line"], criteria,
                                           self.record):
                self.record.lack(item["_line"], item["id"], "criterion: no criterion heading above this conclusion")
        self.intro("conclusions", chapter.intro)
        self.record.found["conclusions"] = len(chapter.items)
        return chapter.items

    def recommendations(self, criteria: list[ItemData]) -> tuple[dict[str, ItemData], list[ItemData]]:
        chapter = read_recommendations(self.of("recommendations"), self.lang, self.record)
        institutions: dict[str, ItemData] = {}
        for item in chapter.items:
            names = finish_fields(item, self.lang, self.record)
            labels = item.pop("_custom_labels", {})
            for ident, label in labels.items():
                self.custom_fields.setdefault("recommendation", {}).setdefault(ident, {self.lang: label})
            assemble.link_named_criteria(item, labels, criteria, self.lang, self.record)
            if names:
                item["addressees"] = assemble.institutions_for(names, self.lang, institutions)
                if item["addressees"] != ["ILO"]:
                    add_note(item, self.record.guess(item["_line"], item["id"], "addressees "
                                                     f"{', '.join(item['addressees'])} read from the wording "
                                                     f"{item['addressee_text'][self.lang]!r}"))
            for name in ("title", "addressees", "priority", "resources", "timeframe"):
                if name not in item and f"{name}_text" not in item:  # (a wording naming no level has its own line)
                    self.record.lack(item["_line"], item["id"], f"{name}: not given in the source")
            self.add_footnotes(item)
        self.intro("recommendations", chapter.intro)
        self.intro("recommendations_closing", chapter.closing)
        self.record.found["recommendations"] = len(chapter.items)
        self.record.found["institutions (addressees)"] = len(institutions)
        return institutions, chapter.items

    def lessons_and_practices(self, evaluation: ItemData) -> dict[str, list[ItemData]]:
        """The items of the chapters that hold ILO-template items (lessons learned, good practices), by kind."""
        items = ItemsChapter()
        intros: dict[str, list[str]] = {}
        chapters = [type_of(kind).collection_key for kind in KINDS]
        for chapter, kind in zip(chapters, KINDS):
            before = len(items.intro)
            read_items_chapter(self.of(chapter), kind, self.lang, self.prefixes, self.record, items, self.level(chapter))
            intros[chapter] = items.intro[before:]  # each chapter keeps its own introduction
        # The ILO templates: in the annexes, or right after their items in the chapters (each chapter
        # with its heading, so that a template's last field does not run on into the next chapter).
        templates = read_templates([block for name in (*chapters, "annexes") if name in self.chapters
                                    for block in [self.chapters[name].heading] + self.chapters[name].blocks],
                                   self.prefixes)
        self.cover_from_templates(evaluation, templates)
        for kind in KINDS:
            assemble.attach_templates(items.items[kind], kind, templates, self.lang, self.record)
            self.record.found[type_of(kind).plural_words] = len(items.items[kind])
        for name, value in templates.meta.items():
            evaluation.setdefault(name, value if name == "template_evaluator" else {self.lang: value})
        for chapter, intro in intros.items():
            self.intro(chapter, intro)
        return items.items

    def annexes(self) -> list[ItemData]:
        documents = []
        annexes = with_heading(self.chapters["annexes"]) if "annexes" in self.chapters else []
        for document, body in annex_documents(annexes, self.lang, self.record, self.matrix_line):
            # Two annexes the source titles alike get one ID each (register) and one file each: the
            # second must not overwrite the first's text.
            name, number = document["id"], 2
            while f"content/annexes/{name}.{self.lang}.md" in self.out:
                name, number = f"{document['id']}-{number}", number + 1
            document["body"] = {self.lang: f"{name}.{self.lang}.md"}
            self.markdown(f"content/annexes/{name}.{self.lang}.md", body,
                          internal=document.get("visibility") == "internal", title=annex_title(document, self.lang))
            documents.append(document)
        self.record.found["annexes (documents)"] = len(documents)
        return documents


def _placeholder_note(name: str) -> str:
    shown = CODE_PLACEHOLDER if name == "code" else repr(TITLE_PLACEHOLDER)
    return f"{name}: not found on the cover sheet; {shown} stands in: write it"


def _free_number(start: int, used: set[str]) -> str:
    number = start
    while str(number) in used:
        number += 1
    used.add(str(number))
    return str(number)


def _short(text: str, length: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= length else words[:length].rsplit(" ", 1)[0] + " …"


def with_footnotes(text: str, footnotes: dict[str, str]) -> str:
    """`text` with the definitions of the footnotes it cites appended (once each, in order)."""
    cited = dict.fromkeys(_FOOTNOTE_REF.findall(text))
    notes = [f"[^{n}]: {footnotes[n]}" for n in cited if n in footnotes and f"[^{n}]:" not in text]
    return text.rstrip("\n") + ("\n\n" + "\n\n".join(notes) if notes else "") + "\n"
