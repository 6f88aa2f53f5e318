"""Render the site's Markdown pages, per language, from Jinja2 templates.

Templates live in the project's `templates/pages/`; a folder given with
`--templates` is searched first, so a user overrides a page by copying one
template there. Data flows in one way: content + graph in, page texts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeAlias, Union

import jinja2
from markupsafe import Markup

from ..content import registry
from ..graph import Graph
from ..inputs import FOLDER, Inputs
from . import views
from ..urls import PRINT_PAGE, Linker, chapter_anchor, criterion_page, section_page
from ..content.markdown import plain_text
from ..i18n import Catalogs, Strings, Texts
from ..content.loader import ContentSet
from .order import number_key as number_key, ordered_sections as ordered_sections  # part of this module's interface
from .recommendation_view import RecommendationView
from .report_view import ReportView, part_label
from .review_view import ReviewInfo as ReviewInfo, PUBLIC, ReviewView  # ReviewInfo: part of this module's interface
from .page_links import PageLinks
from .text import inline
# Part of this module's interface, re-exported (X as X): nav_title, nav_words, shift_headings, tooltip_text.
from .writer import (PageWriter, nav_title as nav_title, nav_words as nav_words, shift_headings as shift_headings,
                     tooltip_text as tooltip_text)


# MkDocs' nav: a page's path, or {title: a page's path or a list of entries}.
NavEntry: TypeAlias = Union[str, dict[str, Union[str, list["NavEntry"]]]]


@dataclass(frozen=True)
class PageSpec:
    path: str            # Markdown path under the docs folder
    template: str        # template under pages/
    params: dict[str, Any]  # extra template variables (e.g. the section): Any, as Jinja takes any value


class Templates(Catalogs):
    """The template folders and their interface texts (i18n.Catalogs), with the Jinja2 environment
    that renders pages from them."""

    def __init__(self, extra_dirs: list[Path] | None = None, vocabulary: Strings | None = None,
                 inputs: Inputs | None = None):
        super().__init__(extra_dirs, vocabulary, inputs)
        self.env = jinja2.Environment(
            loader=_RecordingLoader([str(d) for d in self.dirs], self.inputs),
            autoescape=True,           # every value is escaped unless marked safe Markdown
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Markdown's attribute lists start with "{#": Jinja comments are {## … ##} here.
            comment_start_string="{##",
            comment_end_string="##}",
            bytecode_cache=_COMPILED,
        )


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled page templates, kept in memory between builds of one process (the live preview makes a
    new environment per build: compiling every template again was a third of a preview's render stage).
    Jinja keys each entry on the template's file and checks it against the source's checksum, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


_COMPILED = _CompiledTemplates()


class _RecordingLoader(jinja2.FileSystemLoader):
    """Jinja's file loader that records each template it reads, and the overriding places it looked
    in first (a template added there later overrides this one: a change for the preview)."""

    def __init__(self, searchpath: list[str], inputs: Inputs):
        super().__init__(searchpath)
        self.inputs = inputs

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            if self.inputs.file(Path(folder, *template.split("/"))) not in (None, FOLDER):
                break
        return super().get_source(environment, template)


class PageContext:
    """One page's view objects, which templates see by name, and `ctx`, which holds them.

    Templates get `texts` (i18n.Texts: the language's words), `urls` (PageLinks), `markdown`
    (PageWriter: content texts as page Markdown), `report_view`, `rec_view` and `review_view`.
    `ctx` answers the names of the one object it used to be, so a project's own copies of older
    templates keep working: a name it does not hold itself is looked up on its parts, in order.
    """

    def __init__(self, graph: Graph, templates: Templates, lang: str, page: str, single_page: bool = False,
                 review: ReviewInfo = PUBLIC):
        self.graph = graph
        self.content = graph.content
        self.templates = templates
        self.lang = lang
        self.page = page
        self.single_page = single_page  # rendering a chapter of the one-page (print/PDF) edition
        self.review = review
        self.texts = Texts.of(templates, lang, graph.ctx.original)
        self.s = self.texts.s
        self.linker = Linker(graph, single_page=single_page)
        self.urls = PageLinks(self.linker, page, single_page, graph.ctx.downloads)
        self.markdown = PageWriter(graph, self.texts, self.urls, self.render)
        self.report_view = ReportView(graph, self.texts, self.markdown)
        self.rec_view = RecommendationView(graph, self.texts, self.markdown, self.render)
        self.review_view = ReviewView(graph, review, self.texts, self.markdown, self.urls, self.render)

    def parts(self) -> tuple[object, ...]:
        return (self.texts, self.urls, self.markdown, self.report_view, self.rec_view, self.review_view)

    def __getattr__(self, name: str) -> Any:
        # Only called for names the façade does not hold; before __init__ has run there are no parts.
        if name.startswith("_") or "review_view" not in self.__dict__:
            raise AttributeError(name)
        for part in self.parts():
            if hasattr(part, name):
                return getattr(part, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def render(self, template: str, **params: Any) -> str:
        return self.templates.env.get_template(template).render(
            ctx=self, c=self.content, g=self.graph, s=self.s, lang=self.lang, texts=self.texts, urls=self.urls,
            markdown=self.markdown, report_view=self.report_view, rec_view=self.rec_view,
            review_view=self.review_view, **params)


def chapter_pages(content: ContentSet) -> list[tuple[str, str]]:
    """(page, interface-text key of its title) of the report's chapters that have something to show."""
    candidates = (
        *((t.page, t.plural_key, content.items[t.collection]) for t in registry.chapter_types() if t.collection),
        ("annexes.md", "annexes", content.documents or [t for t in content.tables if t.annex]
         or [c for c in content.charts if c.annex]),
        ("glossary.md", "glossary", content.glossary),
    )
    return [(page, key) for page, key, items in candidates if items]


def reviewer_pages(content: ContentSet) -> list[tuple[str, str]]:
    candidates = (("matrix.md", "matrix", content.criteria), ("explorer.md", "explorer", content.recommendations))
    return [(page, key) for page, key, items in candidates if items]


def page_specs(graph: Graph, review: ReviewInfo = PUBLIC) -> list[PageSpec]:
    content = graph.content
    specs = [PageSpec("index.md", "pages/home.md.j2", {})]
    if content.sections:
        specs.append(PageSpec(FINDINGS_PAGE, "pages/findings.md.j2", {}))
    for criterion in content.criteria:
        specs.append(PageSpec(criterion_page(criterion.id), "pages/criterion.md.j2", {"criterion": criterion}))
    for section in ordered_sections(graph):
        specs.append(PageSpec(section_page(section.id), "pages/section.md.j2", {"section": section}))
    specs += [PageSpec(path, f"pages/{path}.j2", {}) for path, _ in chapter_pages(content)]
    specs += [PageSpec(path, f"pages/{path}.j2", {}) for path, _ in reviewer_pages(content)]
    specs.append(PageSpec("downloads.md", "pages/downloads.md.j2", {}))
    specs += [PageSpec(f"annexes/{doc.id}.md", "pages/document.md.j2", {"document": doc})
              for doc in content.documents]
    if content.management_responses:
        specs.append(PageSpec(FOLLOW_UP_PAGE, "pages/follow-up.md.j2", {}))
    if review.is_review and content.comments:
        specs.append(PageSpec("comments.md", "pages/comments.md.j2", {}))
    if review.is_review and review.changes is not None:
        specs.append(PageSpec("changes.md", "pages/changes.md.j2", {"changes": review.changes}))
    return specs


def facet_specs(graph: Graph, templates: Templates, lang: str) -> list[PageSpec]:
    """Static pages per addressee, priority, resources and timeframe: the explorer without JavaScript."""
    explorer = PageContext(graph, templates, lang, "explorer.md").rec_view
    specs = []
    for facet in explorer.facets():
        for value in facet["values"]:
            specs.append(PageSpec(value["page"], "pages/facet.md.j2", {
                "facet_label": facet["label"], "value_label": value["label"],
                "recs": views.recommendations_with(graph, facet["key"], value["value"])}))
    return specs


def render_pages(graph: Graph, templates: Templates, lang: str, review: ReviewInfo = PUBLIC) -> dict[str, str]:
    """{page path: Markdown text} for one language."""
    abbreviations = _abbreviation_block(graph, templates, lang)
    pages: dict[str, str] = {}
    for spec in page_specs(graph, review) + facet_specs(graph, templates, lang):
        ctx = PageContext(graph, templates, lang, spec.path, review=review)
        pages[spec.path] = ctx.render(spec.template, **spec.params) + abbreviations
    pages[PRINT_PAGE] = render_print_page(graph, templates, lang)
    return pages


def page_paths(graph: Graph, templates: Templates, lang: str, review: ReviewInfo = PUBLIC) -> list[str]:
    """The paths `render_pages` renders, without rendering them (the live preview compares the set)."""
    return [spec.path for spec in page_specs(graph, review) + facet_specs(graph, templates, lang)] + [PRINT_PAGE]


def render_page(graph: Graph, templates: Templates, lang: str, path: str, review: ReviewInfo = PUBLIC) -> str | None:
    """One page of `render_pages`, the same text (None: no such page). The live preview renders the
    page open in the browser first."""
    if path == PRINT_PAGE:
        return render_print_page(graph, templates, lang)
    spec = next((s for s in page_specs(graph, review) + facet_specs(graph, templates, lang) if s.path == path), None)
    if spec is None:
        return None
    ctx = PageContext(graph, templates, lang, spec.path, review=review)
    return ctx.render(spec.template, **spec.params) + _abbreviation_block(graph, templates, lang)


FINDINGS_PAGE = "findings/index.md"
FOLLOW_UP_PAGE = "follow-up.md"
NAV_SECTION_LIMIT = 40
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@dataclass(frozen=True)
class PrintPiece:
    """A page as a piece of the one-page edition: `depth` 1 is a chapter (it starts a printed page),
    2 a group of the findings chapter (a criterion or a part), 3 and more what lies under it."""

    spec: PageSpec
    depth: int = 1


def print_order(graph: Graph) -> list[PrintPiece]:
    """The report in its own order, as an evaluation report is printed (and as the Word export is):
    acronyms, summary; the findings chapter with its criteria (or the report's own parts) and their
    sections; conclusions, lessons, practices, recommendations; annexes (the evaluation questions by
    criterion first). Pages that only gather links (a criterion's lists of sections,
    conclusions and recommendations) print their heading and definition alone."""
    specs = {spec.path: spec for spec in page_specs(graph, PUBLIC)}
    # The acronyms come first, as in ILO reports (after the contents, before the summary).
    order = [PrintPiece(specs[path]) for path in ("glossary.md", "index.md") if path in specs]
    sections = ordered_sections(graph)
    if sections:
        order.append(PrintPiece(specs[FINDINGS_PAGE]))
        for group in views.findings_outline(graph, sections):
            order += _print_group(graph, specs, group, 2)
    for path in ("conclusions.md", "lessons.md", "good-practices.md", "recommendations.md"):
        if path in specs:
            order.append(PrintPiece(specs[path]))
    if "annexes.md" in specs or graph.content.questions or graph.content.criteria:
        placed = {piece.spec.path for piece in order}
        order.append(PrintPiece(PageSpec("annexes.md", "pages/annexes.md.j2", {
            "unplaced": [c for c in graph.content.criteria if criterion_page(c.id) not in placed]})))
    order += [PrintPiece(spec) for path, spec in specs.items() if path.startswith("annexes/")]
    return order


def _print_group(graph: Graph, specs: dict[str, PageSpec], group: views.OutlineGroup, depth: int) -> list[PrintPiece]:
    """A group of the findings outline: its heading (a criterion's page, a part's title), its sections
    one level below, then its sub-groups. Sections of no criterion or part stay at the group's level."""
    pieces = []
    if group.kind == "criterion" and group.id:  # (a criterion group always has its ID)
        pieces.append(PrintPiece(specs[criterion_page(group.id)], depth))
    elif group.kind == "part" and group.id:
        pieces.append(PrintPiece(PageSpec(FINDINGS_PAGE, "pages/part.md.j2",
                                          {"part": graph.nodes[group.id].model}), depth))
    below = depth + (group.kind != "other")
    pieces += [PrintPiece(specs[section_page(sec.id)], below) for sec in group.sections]
    for child in group.children:
        pieces += _print_group(graph, specs, child, below)
    return pieces


PRINT_TOC_DEPTH = 3


def render_print_page(graph: Graph, templates: Templates, lang: str) -> str:
    """The whole report as one page: the printable edition and the source of the PDF."""
    chapters = []
    toc = []
    order = print_order(graph)
    for position, piece in enumerate(order):
        spec = piece.spec
        ctx = PageContext(graph, templates, lang, spec.path, single_page=True)
        body = _FRONT_MATTER.sub("", ctx.render(spec.template, **spec.params), count=1)
        heading = next((line for line in body.splitlines() if line.startswith("# ")), "")
        followed = position + 1 < len(order) and order[position + 1].depth > piece.depth
        if not followed and not "\n".join(line for line in body.splitlines() if not line.startswith("# ")).strip():
            continue  # a chapter with nothing under its title (the home page of a report without a summary)
        title = re.sub(r"\s*\{[^}]*\}\s*$", "", heading[2:]) or spec.path
        anchor = re.search(r"\{#([^\s}]+)", heading)
        if heading and piece.depth <= PRINT_TOC_DEPTH:
            target = anchor.group(1) if anchor else chapter_anchor(spec.path)
            toc.append(f"{'    ' * (piece.depth - 1)}- [{title}](#{target})")
        # Every piece moves `depth` levels down (its title is level 1): the edition's title is the only
        # level-1 heading.
        body = shift_headings(body, 1 + piece.depth)
        chapters.append({"text": Markup(body), "continued": piece.depth > 1})
    ctx = PageContext(graph, templates, lang, PRINT_PAGE, single_page=True)
    # Chapters were rendered by the templates above (content already escaped there).
    return ctx.render("pages/print.md.j2", toc=Markup("\n".join(toc)), chapters=chapters) + \
        _abbreviation_block(graph, templates, lang)


def nav(graph: Graph, templates: Templates, lang: str, review: ReviewInfo = PUBLIC) -> list[NavEntry]:
    """The navigation, short by design: one entry per page, findings grouped by criterion."""
    content = graph.content
    texts = Texts.of(templates, lang, graph.ctx.original)
    s = texts.s
    sections = ordered_sections(graph)
    findings: list[NavEntry] = [{s["findings_index"]: FINDINGS_PAGE}] if sections else []
    # Every page carries the navigation: past a few dozen sections, list the groups' overview only
    # (the findings page lists every section), so page size does not grow with the report.
    if len(sections) <= NAV_SECTION_LIMIT:
        findings += [_nav_group(graph, texts, group) for group in views.findings_outline(graph, sections)]
    chapters: list[NavEntry] = []
    for page, key in chapter_pages(content):
        if page == "annexes.md":
            chapters.append({s[key]: [page] + [{nav_words(texts.tr(d.title)): f"annexes/{d.id}.md"}
                                                for d in content.documents]})
        else:
            chapters.append({s[key]: page})
        if page == "recommendations.md" and content.management_responses:
            chapters.append({s["management"]["follow_up"]: FOLLOW_UP_PAGE})
    criteria: list[NavEntry] = [{nav_words(texts.tr(c.name)): criterion_page(c.id)} for c in content.criteria]
    head: list[NavEntry] = [
        {s["home"]: "index.md"},
        *([_nav_entry(s["criteria"], criteria)] if criteria else []),
        *([_nav_entry(s["findings"], findings)] if findings else []),
        *chapters,
    ]
    tools: list[NavEntry] = [{s[key]: page} for page, key in reviewer_pages(content)]
    if not review.is_review:  # the public edition has no section for reviewers: the matrix and explorer stand alone
        return [*head, *tools, {s["downloads"]: "downloads.md"}]
    reviewers = tools
    reviewers += [{s["comments_log"]: "comments.md"}] if content.comments else []
    reviewers += [{s["changes"]: "changes.md"}] if review.changes is not None else []
    return [*head, {s["downloads"]: "downloads.md"}, *([_nav_entry(s["reviewers"], reviewers)] if reviewers else [])]


def _nav_entry(title: str, entries: list[NavEntry]) -> NavEntry:
    return {title: entries}


def _nav_group(graph: Graph, texts: Texts, group: views.OutlineGroup) -> dict[str, str | list[NavEntry]]:
    if group.kind == "part" and group.id is not None:
        label = part_label(graph, group.id, texts)
    elif group.kind == "criterion" and group.id is not None:
        label = texts.tr(graph.nodes[group.id].model.name)
    else:
        label = texts.s["findings"]
    entries: list[NavEntry] = [{nav_words(f"{sec.number}. {inline(texts.tr(sec.title))}"): section_page(sec.id)}
               for sec in group.sections]
    return {nav_words(label): entries + [_nav_group(graph, texts, child) for child in group.children]}


def _abbreviation_block(graph: Graph, templates: Templates, lang: str) -> str:
    """Python-Markdown `abbr` definitions: acronyms show their expansion on every page."""
    texts = Texts.of(templates, lang, graph.ctx.original)
    lines = []
    for entry in graph.content.glossary:
        if is_acronym(entry.term):
            expansion = tooltip_text(inline(plain_text(texts.tr(entry.expansion))))
            lines.append(f"*[{entry.term}]: {expansion}")
    return ("\n\n" + "\n".join(lines) + "\n") if lines else ""


def is_acronym(term: str) -> bool:
    """Only real acronyms (CAR, J-TIP, LGTBIQ+): words such as 'Proyecto' are left alone."""
    letters = [ch for ch in term if ch.isalpha()]
    return (" " not in term and len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2
            and "]" not in term)
