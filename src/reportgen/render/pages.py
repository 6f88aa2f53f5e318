"""Render the site's Markdown pages, per language, from Jinja2 templates.

Templates live in the project's `templates/pages/`; a folder given with
`--templates` is searched first, so a user overrides a page by copying one
template there. Data flows in one way: content + graph in, page texts out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from ..graph import Graph
from . import charts, views
from .tables import table_view
from .links import Linker, chapter_anchor, criterion_page, page_url, relative, section_page
from ..content.markdown import plain_text
from ..resources import builtin_templates
from .order import number_key, ordered_sections  # noqa: F401 - part of this module's interface
from .recommendation_view import RecommendationView
from .report_view import ReportView
from .review_view import ReviewInfo, PUBLIC, ReviewView  # noqa: F401
from .text import escape_html, inline, language_name, local_date, localized, render_text

BUILTIN_TEMPLATES = builtin_templates()




@dataclass(frozen=True)
class PageSpec:
    path: str            # Markdown path under the docs folder
    template: str        # template under pages/
    params: dict         # extra template variables (e.g. the section)


class Templates:
    """The template search path and the interface texts per language.

    A project overrides a page by copying its template into its own templates
    folder, and single interface texts with a partial catalog there
    (`templates/i18n/fr.yaml` holding only the keys it changes) or with
    `vocabulary:` in reportgen.yml, which wins over both.
    """

    def __init__(self, extra_dirs: list[Path] | None = None, vocabulary: dict | None = None):
        self.dirs = [Path(d) for d in (extra_dirs or [])] + [BUILTIN_TEMPLATES]
        self.vocabulary = vocabulary or {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True,           # every value is escaped unless marked safe Markdown
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Markdown's attribute lists start with "{#": Jinja comments are {## … ##} here.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self._strings: dict[str, dict] = {}

    def languages(self) -> list[str]:
        """Languages with a full interface catalog (the built-in ones and any a project adds)."""
        found = {p.stem for folder in self.dirs for p in (folder / "i18n").glob("*.yaml")}
        return sorted(found)

    def strings(self, lang: str) -> dict:
        if lang not in self._strings:
            layers = [yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                      for path in (folder / "i18n" / f"{lang}.yaml" for folder in reversed(self.dirs))
                      if path.is_file()]
            if not layers:
                raise FileNotFoundError(f"no interface texts for language {lang!r} in {self.dirs}")
            merged: dict = {}
            for layer in layers + [self.vocabulary.get(lang) or {}]:
                merged = deep_merge(merged, layer)
            self._strings[lang] = merged
        return self._strings[lang]

    def read(self, name: str) -> str:
        """A file of the template folders (first found), e.g. "search-fold.js.tmpl"."""
        for folder in self.dirs:
            if (folder / name).is_file():
                return (folder / name).read_text(encoding="utf-8")
        raise FileNotFoundError(f"{name} not found in the template folders")

    def theme_dir(self) -> Path:
        for folder in self.dirs:
            if (folder / "theme").is_dir():
                return folder / "theme"
        raise FileNotFoundError("no theme folder in the template search path")


class PageContext(ReportView, RecommendationView, ReviewView):
    """What a template sees: the content, the graph, the language and helpers."""

    def __init__(self, graph: Graph, templates: Templates, lang: str, page: str, single_page: bool = False,
                 review: ReviewInfo = PUBLIC):
        self.review = review
        self.graph = graph
        self.content = graph.content
        self.templates = templates
        self.lang = lang
        self.page = page
        self.single_page = single_page  # rendering a chapter of the one-page (print/PDF) edition
        self.linker = Linker(graph, single_page=single_page)
        self.s = templates.strings(lang)

    def anchor(self, name: str) -> str:
        """A heading anchor, unique in the one-page edition too."""
        return f"{chapter_anchor(self.page)}-{name}" if self.single_page else name

    def document_body(self, document) -> Markup:
        return self._file_block(document.id, "body", top=2)

    def old_anchors(self, item) -> Markup:
        """Former IDs of a renamed item stay valid anchors, so pasted links keep working."""
        return Markup("".join(f'<div id="{old}" class="rg-old-id"></div>\n\n' for old in item.old_ids))

    def page_attr(self) -> Markup:
        """The page title's anchor in the one-page edition (links to a page land there)."""
        return Markup(f"{{#{chapter_anchor(self.page)}}}") if self.single_page else Markup("")

    def tr(self, text) -> str:
        """The text in this language (the original when the translation is missing)."""
        return localized(text, self.lang, self.graph.ctx.original)

    @property
    def original(self) -> str:
        """The report's original language (the root of the site, the fallback of every text)."""
        return self.graph.ctx.original

    def language_name(self, code: str) -> str:
        return language_name(code, self.lang)

    def date(self, text) -> Markup:
        """A date field in the page's language (Babel); free text such as "Diciembre 2024" stays."""
        written = self.tr(text)
        formatted = local_date(written, self.lang) if written else ""
        return self.line(text) if formatted == written else escape(formatted)

    def md(self, text, embeds: bool = False) -> Markup:
        return render_text(self.tr(text), self, embeds=embeds)

    def line(self, text) -> Markup:
        return render_text(inline(self.tr(text)), self)

    def link(self, item_id: str, label: str | None = None) -> Markup:
        node = self.graph.get(item_id)
        if node is None:  # the graph checks refuse these; keep the words if one slips through
            return Markup(escape(item_id))
        # plain_text decodes entities ("&lt;" -> "<"): escape again before it goes back into Markdown.
        title = _md_title(escape_html(plain_text(self.title_of(item_id)).replace("\n", " ")))
        text = escape_html(inline(label)) if label else item_id
        return Markup(f'[{text}]({self.linker.href(item_id, self.page)} "{title}")')

    def cell(self, text) -> Markup:
        """A one-line text for a Markdown table cell."""
        return Markup(str(self.line(text)).replace("|", "\\|"))

    def excerpt(self, text, words: int = 30) -> Markup:
        plain = plain_text(self.tr(text)).split()
        short = " ".join(plain[:words]) + (" …" if len(plain) > words else "")
        return Markup(escape_html(short).replace("*", "\\*").replace("_", "\\_"))

    def slug(self, term: str) -> str:
        return views.slug(term, "term")

    def fm_title(self, text) -> Markup:
        """A page title for the front matter: one line, HTML-escaped (the theme prints titles raw),
        quoted as a JSON string, which is also a YAML string (no metadata can be injected)."""
        return Markup(json.dumps(nav_title(self.tr(text)), ensure_ascii=False))

    def plain(self, text) -> str:
        """Words only, for HTML table cells (templates escape them)."""
        return " ".join(plain_text(self.tr(text)).split())

    def markdown_file(self, owner: str, field_name: str) -> tuple[str | None, bool]:
        """(text, translated?) of a Markdown file field, falling back to the original language."""
        files = self.content.markdown_files
        own = files.get((owner, field_name, self.lang))
        if own is not None:
            return own, True
        return files.get((owner, field_name, self.graph.ctx.original)), False

    def summary(self) -> Markup:
        return self._file_block("evaluation", "summary")

    def narrative(self, section, top: int = 3) -> Markup:
        return self._file_block(section.id, "narrative", top)

    def _file_block(self, owner: str, field_name: str, top: int = 3) -> Markup:
        text, translated = self.markdown_file(owner, field_name)
        if text is None:
            return Markup("")
        body = render_text(shift_headings(text, top), self, embeds=True)
        if translated or self.lang == self.graph.ctx.original:
            return body
        # Interface texts are trusted (they come from the templates folder), content is not.
        language = self.language_name(self.original)
        notice = Markup(f'!!! note "{self.s["untranslated_title"].format(language=language)}"\n\n'
                        f'    {self.s["untranslated_notice"].format(language=language)}\n\n')
        opening = Markup(f'<div lang="{self.graph.ctx.original}" markdown="block" data-search-exclude>\n\n')
        return notice + opening + body + Markup("\n\n</div>")

    def url(self, item_id: str) -> str:
        return self.linker.url(item_id, self.page)

    def download_url(self, name: str) -> str:
        """URL of a file in this language's downloads/ folder (not a page: MkDocs does not check it)."""
        return page_url("index.md", self.page) + f"downloads/{name}"

    def has_download(self, name: str) -> bool:
        """Whether this build makes the file (none with --no-downloads, no PDF without Chromium)."""
        return ("pdf" if name.endswith(".pdf") else "data") in self.graph.ctx.downloads

    def page_link(self, path: str) -> str:
        return relative(path, self.page)

    def title_of(self, item_id: str) -> str:
        node = self.graph.nodes[item_id]
        model = node.model
        if node.kind == "table_row" and model.label is None:  # a data row is named by its first cell
            assert node.parent is not None, "a row has its table"
            first = node.parent.model.columns[0].id
            return self.tr(model.cells.get(first)) or item_id
        for name in ("title", "name", "text", "label"):
            if getattr(model, name, None) is not None:
                return self.tr(getattr(model, name))
        return item_id

    def embed(self, name: str, in_annex: bool = False) -> Markup:
        """A table or chart of the content, `[[table:ID]]` / `[[chart:ID]]` (content escaped when rendered)."""
        kind, _, key = name.partition(":")
        if kind == "chart":
            chart = self.graph.charts[key]
            return Markup(charts.render_chart(chart, self.graph.nodes[chart.table].model, self, in_annex))
        return Markup(self.render("pages/_table.md.j2", t=table_view(self.graph.nodes[key].model, self, in_annex)))

    def render(self, template: str, **params) -> str:
        return self.templates.env.get_template(template).render(ctx=self, c=self.content, g=self.graph,
                                                                s=self.s, lang=self.lang, **params)


def deep_merge(base: dict, override: dict) -> dict:
    """`override` wins key by key; nested mappings (e.g. `priorities`) are merged, not replaced."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(
            merged.get(key), dict) else value
    return merged


_HEADING = re.compile(r"^(#{1,6})(?=[ \t])", re.MULTILINE)


def shift_headings(text: str, top: int = 3) -> str:
    """The page owns the levels above `top`: a text's highest heading becomes level `top`,
    and the others keep their distance from it (capped at 6)."""
    levels = [len(m.group(1)) for m in _HEADING.finditer(text)]
    if not levels:
        return text
    shift = top - min(levels)
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift), text)


def nav_title(text: str) -> str:
    """A title the theme prints as HTML without escaping: words only, escaped here."""
    return str(escape(" ".join(plain_text(text).split())))


def tooltip_text(text: str) -> str:
    """Text for a title attribute. Material's tooltips (content.tooltips) render a title as HTML,
    so angle brackets are replaced by lookalikes: the words stay, no tag can form."""
    return text.replace("&lt;", "‹").replace("&gt;", "›").replace("<", "‹").replace(">", "›")


def _md_title(title: str) -> str:
    return tooltip_text(title[:200]).replace("\\", "").replace("[", "(").replace("]", ")")


def chapter_pages(content) -> list[tuple[str, str]]:
    """(page, interface-text key of its title) of the report's chapters that have something to show."""
    candidates = (
        ("conclusions.md", "conclusions", content.conclusions),
        ("recommendations.md", "recommendations", content.recommendations),
        ("lessons.md", "lessons", content.lessons),
        ("good-practices.md", "good_practices", content.good_practices),
        ("annexes.md", "annexes", content.documents or [t for t in content.tables if t.annex]
         or [c for c in content.charts if c.annex]),
        ("glossary.md", "glossary", content.glossary),
    )
    return [(page, key) for page, key, items in candidates if items]


def reviewer_pages(content) -> list[tuple[str, str]]:
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
    ctx = PageContext(graph, templates, lang, "explorer.md")
    specs = []
    for facet in ctx.facets():
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


PRINT_PAGE = "print.md"
FINDINGS_PAGE = "findings/index.md"
FOLLOW_UP_PAGE = "follow-up.md"
NAV_SECTION_LIMIT = 40
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def print_order(graph: Graph) -> list[PageSpec]:
    """The report's own order: cover and summary, the findings (by chapter, or by criterion
    when the report has no chapters), then conclusions, lessons, practices, recommendations."""
    specs = {spec.path: spec for spec in page_specs(graph, PUBLIC)}
    order = [specs["index.md"]]
    outline = views.findings_outline(graph, ordered_sections(graph))
    if graph.content.parts:
        order.append(specs[FINDINGS_PAGE])
    for group in outline:
        if group.kind == "criterion" and group.id:  # (a criterion group always has its ID)
            order.append(specs[criterion_page(group.id)])
        order += [specs[section_page(sec.id)] for sec in group.all_sections()]
    order += [specs[criterion_page(c.id)] for c in graph.content.criteria if specs[criterion_page(c.id)] not in order]
    for path in ("conclusions.md", "lessons.md", "good-practices.md", "recommendations.md", "annexes.md",
                 "glossary.md"):
        if path in specs:
            order.append(specs[path])
    order += [spec for path, spec in specs.items() if path.startswith("annexes/")]
    return order


def render_print_page(graph: Graph, templates: Templates, lang: str) -> str:
    """The whole report as one page: the printable edition and the source of the PDF."""
    chapters = []
    toc = []
    for spec in print_order(graph):
        ctx = PageContext(graph, templates, lang, spec.path, single_page=True)
        body = _FRONT_MATTER.sub("", ctx.render(spec.template, **spec.params), count=1)
        title = next((line[2:] for line in body.splitlines() if line.startswith("# ")), spec.path)
        title = re.sub(r"\s*\{#[^}]*\}\s*$", "", title)
        depth = 2 if spec.template == "pages/section.md.j2" else 1
        toc.append(f"{'    ' * (depth - 1)}- [{title}](#{chapter_anchor(spec.path)})")
        # Every chapter moves one level down: the edition's title is the only level-1 heading.
        chapters.append(Markup(re.sub(r"^(#{1,5}) ", r"#\1 ", body, flags=re.MULTILINE)))
    ctx = PageContext(graph, templates, lang, PRINT_PAGE, single_page=True)
    # Chapters were rendered by the templates above (content already escaped there).
    return ctx.render("pages/print.md.j2", toc=Markup("\n".join(toc)), chapters=chapters) + \
        _abbreviation_block(graph, templates, lang)


def nav(graph: Graph, templates: Templates, lang: str, review: ReviewInfo = PUBLIC) -> list:
    """The navigation, short by design: one entry per page, findings grouped by criterion."""
    content = graph.content
    s = templates.strings(lang)
    ctx = PageContext(graph, templates, lang, "index.md")
    sections = ordered_sections(graph)
    findings = [{s["findings_index"]: FINDINGS_PAGE}] if sections else []
    # Every page carries the navigation: past a few dozen sections, list the groups' overview only
    # (the findings page lists every section), so page size does not grow with the report.
    if len(sections) <= NAV_SECTION_LIMIT:
        findings += [_nav_group(ctx, group) for group in views.findings_outline(graph, sections)]
    chapters: list[dict] = []
    for page, key in chapter_pages(content):
        if page == "annexes.md":
            chapters.append({s[key]: [page] + [{nav_title(ctx.tr(d.title)): f"annexes/{d.id}.md"}
                                                for d in content.documents]})
        else:
            chapters.append({s[key]: page})
        if page == "recommendations.md" and content.management_responses:
            chapters.append({s["management"]["follow_up"]: FOLLOW_UP_PAGE})
    reviewers = [{s[key]: page} for page, key in reviewer_pages(content)]
    reviewers += [{s["comments_log"]: "comments.md"}] if review.is_review and content.comments else []
    reviewers += [{s["changes"]: "changes.md"}] if review.is_review and review.changes is not None else []
    return [
        {s["home"]: "index.md"},
        *([{s["criteria"]: [{nav_title(ctx.tr(c.name)): criterion_page(c.id)} for c in content.criteria]}]
          if content.criteria else []),
        *([{s["findings"]: findings}] if findings else []),
        *chapters,
        {s["downloads"]: "downloads.md"},
        *([{s["reviewers"]: reviewers}] if reviewers else []),
    ]


def _nav_group(ctx: PageContext, group) -> dict:
    if group.kind == "part":
        label = ctx.part_label(group.id)
    elif group.kind == "criterion":
        label = ctx.tr(ctx.graph.nodes[group.id].model.name)
    else:
        label = ctx.s["findings"]
    entries = [{nav_title(f"{sec.number}. {inline(ctx.tr(sec.title))}"): section_page(sec.id)}
               for sec in group.sections]
    return {nav_title(label): entries + [_nav_group(ctx, child) for child in group.children]}


def _abbreviation_block(graph: Graph, templates: Templates, lang: str) -> str:
    """Python-Markdown `abbr` definitions: acronyms show their expansion on every page."""
    ctx = PageContext(graph, templates, lang, "index.md")
    lines = []
    for entry in graph.content.glossary:
        if is_acronym(entry.term):
            expansion = tooltip_text(inline(plain_text(ctx.tr(entry.expansion))))
            lines.append(f"*[{entry.term}]: {expansion}")
    return ("\n\n" + "\n".join(lines) + "\n") if lines else ""


def is_acronym(term: str) -> bool:
    """Only real acronyms (CAR, J-TIP, LGTBIQ+): words such as 'Proyecto' are left alone."""
    letters = [ch for ch in term if ch.isalpha()]
    return (" " not in term and len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2
            and "]" not in term)
