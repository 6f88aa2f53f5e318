"""Render the site's Markdown pages, per language, from Jinja2 templates.

Templates live in the project's `templates/pages/`; a folder given with
`--templates` is searched first, so a user overrides a page by copying one
template there. Data flows in one way: content + graph in, page texts out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from ..content import schema
from ..graph import Graph, comments_on, former_ids
from .. import followup
from . import charts, views
from .links import Linker, chapter_anchor, criterion_page, page_url, relative, section_page
from ..content.markdown import plain_text
from .text import escape_html, inline, render_text

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


@dataclass
class ReviewInfo:
    """What the review edition adds: the current round, the comments and what changed."""

    edition: str = "review"
    round: object | None = None          # schema.Round being answered (the latest one)
    changes: object | None = None        # changes.ChangeSet since the baseline, if any

    @property
    def is_review(self) -> bool:
        return self.edition == "review"


PUBLIC = ReviewInfo(edition="public")


@dataclass(frozen=True)
class PageSpec:
    path: str            # Markdown path under the docs folder
    template: str        # template under pages/
    params: dict         # extra template variables (e.g. the section)


class Templates:
    """The template search path and the interface texts per language."""

    def __init__(self, extra_dirs: list[Path] | None = None):
        self.dirs = [Path(d) for d in (extra_dirs or [])] + [BUILTIN_TEMPLATES]
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

    def strings(self, lang: str) -> dict:
        if lang not in self._strings:
            for folder in self.dirs:
                path = folder / "i18n" / f"{lang}.yaml"
                if path.is_file():
                    self._strings[lang] = yaml.safe_load(path.read_text(encoding="utf-8"))
                    break
            else:
                raise FileNotFoundError(f"no interface texts for language {lang!r} in {self.dirs}")
        return self._strings[lang]

    def theme_dir(self) -> Path:
        for folder in self.dirs:
            if (folder / "theme").is_dir():
                return folder / "theme"
        raise FileNotFoundError("no theme folder in the template search path")


class PageContext:
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

    # --- comment rounds (review edition only) ---------------------------------------------
    def comments(self, target: str) -> Markup:
        """The comments on an item and the team's responses, collapsed (review edition only)."""
        if not self.review.is_review or self.single_page:
            return Markup("")
        items = comments_on(self.graph, target)
        if not items:
            return Markup("")
        return Markup(self.render("pages/_comments.md.j2", items=items, target=target))

    # --- management responses (both editions) ---------------------------------------------
    def management_response(self, rec_id: str) -> Markup:
        response = followup.response_for(self.graph, rec_id)
        if response is None:
            return Markup("")
        views = [followup.action_view(rec_id, a, self.graph.build_date) for a in response.key_actions]
        # Ends with a blank line: the comments (or the next item) follow on the same template line.
        return Markup(self.render("pages/_response.md.j2", response=response, views=views).rstrip("\n") + "\n\n")

    def follow_up(self) -> dict:
        """The follow-up page's figures, as of the build date."""
        views = followup.action_views(self.graph, self.graph.build_date)
        return {"responses": followup.response_counts(self.graph), "actions": followup.action_counts(views),
                "views": views, "overdue": [v for v in views if v.overdue],
                "as_of": self.graph.build_date.isoformat()}

    def follows_up_text(self, follows_up) -> str:
        return self.s["management"]["follows_up_ref"].format(code=follows_up.evaluation, id=follows_up.recommendation)

    def round_name(self, round_id: str) -> str:
        found = next((r for r in self.content.rounds if r.id == round_id), None)
        return inline(self.tr(found.name)) if found else round_id

    @staticmethod
    def comment_text(text: str) -> Markup:
        """A reviewer's words, shown as written: inert text, never Markdown or HTML."""
        escaped = str(escape(text))
        for ch in "\\`*_{}[]<>()#+-.!|~":
            escaped = escaped.replace(ch, "\\" + ch) if ch not in "<>" else escaped
        return Markup(escaped.replace("\n", " "))

    def comment_target_url(self, comment) -> str | None:
        """Where a comment's target is now (a renamed item's new place); None for pages and removed items."""
        target = former_ids(self.graph).get(comment.target, comment.target)
        return self.url(target) if target in self.graph.nodes else None

    def comment_organisations(self) -> list[str]:
        return sorted({c.organisation for c in self.content.comments})

    def comments_causing(self, change) -> list:
        ids = {change.id, change.old_id} - {None}
        return [c for c in self.content.comments
                if c.response and ids & (set(c.response.changed) | set(c.response.removed))]

    def diff_html(self, old, new) -> Markup:
        from ..changes import field_text, word_diff
        parts = []
        for op, text in word_diff(field_text(old, self.lang), field_text(new, self.lang)):
            text = str(escape(text))
            parts.append(text if op == "=" else f"<del>{text}</del>" if op == "-" else f"<ins>{text}</ins>")
        return Markup("".join(parts))

    def document_body(self, document) -> Markup:
        return self._file_block(document.id, "body")

    def old_anchors(self, item) -> Markup:
        """Former IDs of a renamed item stay valid anchors, so pasted links keep working."""
        return Markup("".join(f'<div id="{old}" class="rg-old-id"></div>\n\n' for old in item.old_ids))

    def page_attr(self) -> Markup:
        """The page title's anchor in the one-page edition (links to a page land there)."""
        return Markup(f"{{#{chapter_anchor(self.page)}}}") if self.single_page else Markup("")

    # --- helpers used by templates and by text rendering --------------------------
    def tr(self, text) -> str:
        """The text in this language (Spanish when the translation is missing)."""
        return self.tr_static(text, self.lang)

    @staticmethod
    def tr_static(text, lang: str) -> str:
        if text is None:
            return ""
        if isinstance(text, schema.Text):
            value = text.get(lang)
            return value if value is not None else (text.es or "")
        return str(text)

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
        return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", term.lower())
                      .encode("ascii", "ignore").decode()).strip("-") or "term"

    def fm_title(self, text) -> Markup:
        """A page title for the front matter: one line, HTML-escaped (the theme prints titles raw),
        quoted as a JSON string, which is also a YAML string (no metadata can be injected)."""
        return Markup(json.dumps(nav_title(self.tr(text)), ensure_ascii=False))

    def plain(self, text) -> str:
        """Words only, for HTML table cells (templates escape them)."""
        return " ".join(plain_text(self.tr(text)).split())

    # --- recommendation explorer and evaluation matrix ------------------------------------
    def institution(self, institution_id: str):
        return self.graph.nodes[institution_id].model

    def rec_order(self, rec_id: str) -> int:
        return [r.id for r in self.content.recommendations].index(rec_id)

    @staticmethod
    def level_order(value: str) -> int:
        return views.LEVEL_ORDER.get(value, 1)

    def facet_url(self, facet: str, value: str) -> str:
        return page_url(views.facet_page(facet, value), self.page)

    def facets(self) -> list[dict]:
        result = []
        for key, label, _, value_texts in views.FACETS:
            values = []
            for value in views.facet_values(self.graph, key):
                name = self.tr(self.institution(value).short) if key == "addressee" else self.s[value_texts][value]
                values.append({"value": value, "label": name, "page": views.facet_page(key, value),
                               "count": len(views.recommendations_with(self.graph, key, value))})
            result.append({"key": key, "label": self.s[label], "values": values})
        return result

    def matrix(self):
        matrix = views.evaluation_matrix(self.graph)
        for row in matrix.rows:
            if row.counts:
                row.counts = self.s["counts_format"].format(**row.counts)
        return matrix

    def section_number(self, section_id: str) -> str:
        return str(self.graph.nodes[section_id].model.number)

    def criteria_of_recommendation(self, rec) -> list[str]:
        seen: list[str] = []
        for cid in rec.conclusions:
            criterion = self.graph.criterion_of(cid)
            if criterion and criterion not in seen:
                seen.append(criterion)
        return seen

    # --- what belongs together ---------------------------------------------------------
    def questions_of(self, criterion_id: str) -> list:
        return [q for q in self.content.questions if q.criterion == criterion_id]

    def sections_of(self, criterion_id: str) -> list:
        return [sec for sec in sorted(self.content.sections, key=lambda x: x.number)
                if self.graph.criterion_of(sec.id) == criterion_id]

    def conclusions_of(self, criterion_id: str) -> list:
        return [con for con in self.content.conclusions if con.criterion == criterion_id]

    def recommendations_of(self, criterion_id: str) -> list:
        """Recommendations citing at least one conclusion of the criterion."""
        cited = {con.id for con in self.conclusions_of(criterion_id)}
        return [rec for rec in self.content.recommendations if cited & set(rec.conclusions)]

    # --- long texts kept in Markdown files ------------------------------------------------
    def markdown_file(self, owner: str, field_name: str) -> tuple[str | None, bool]:
        """(text, translated?) of a Markdown file field, falling back to Spanish."""
        files = self.content.markdown_files
        own = files.get((owner, field_name, self.lang))
        if own is not None:
            return own, True
        return files.get((owner, field_name, schema.DEFAULT_LANGUAGE)), False

    def summary(self) -> Markup:
        return self._file_block("evaluation", "summary")

    def narrative(self, section) -> Markup:
        return self._file_block(section.id, "narrative")

    def _file_block(self, owner: str, field_name: str) -> Markup:
        text, translated = self.markdown_file(owner, field_name)
        if text is None:
            return Markup("")
        body = render_text(shift_headings(text), self, embeds=True)
        if translated or not self.s.get("untranslated_notice"):
            return body
        # Interface texts are trusted (they come from the templates folder), content is not.
        notice = Markup(f'!!! note "{self.s["untranslated_title"]}"\n\n    {self.s["untranslated_notice"]}\n\n')
        opening = Markup(f'<div lang="{schema.DEFAULT_LANGUAGE}" markdown="block" data-search-exclude>\n\n')
        return notice + opening + body + Markup("\n\n</div>")

    def url(self, item_id: str) -> str:
        return self.linker.url(item_id, self.page)

    def download_url(self, name: str) -> str:
        """URL of a file in this language's downloads/ folder (not a page: MkDocs does not check it)."""
        return page_url("index.md", self.page) + f"downloads/{name}"

    def page_link(self, path: str) -> str:
        return relative(path, self.page)

    def title_of(self, item_id: str) -> str:
        node = self.graph.nodes[item_id]
        model = node.model
        for name in ("title", "name", "text", "label", "indicator", "stage", "recommendation"):
            if hasattr(model, name):
                return self.tr(getattr(model, name))
        return item_id

    def embed(self, name: str) -> Markup:
        """Generated Markdown/HTML (content inside it was escaped when it was rendered)."""
        kind, _, key = name.partition(":")
        if kind == "chart":
            return Markup(charts.render_chart(key, self))
        return Markup(self.render(f"embeds/{key}.md.j2"))

    def render(self, template: str, **params) -> str:
        return self.templates.env.get_template(template).render(ctx=self, c=self.content, g=self.graph,
                                                                s=self.s, lang=self.lang, **params)

    @cached_property
    def criteria_by_id(self):
        return {c.id: c for c in self.content.criteria}


def shift_headings(text: str) -> str:
    """Page structure owns levels 1-2: a narrative's `#`/`##` become `###`."""
    return re.sub(r"^(#{1,2})(?=\s)", "###", text, flags=re.MULTILINE)


def nav_title(text: str) -> str:
    """A title the theme prints as HTML without escaping: words only, escaped here."""
    return str(escape(" ".join(plain_text(text).split())))


def tooltip_text(text: str) -> str:
    """Text for a title attribute. Material's tooltips (content.tooltips) render a title as HTML,
    so angle brackets are replaced by lookalikes: the words stay, no tag can form."""
    return text.replace("&lt;", "‹").replace("&gt;", "›").replace("<", "‹").replace(">", "›")


def _md_title(title: str) -> str:
    return tooltip_text(title[:200]).replace("\\", "").replace("[", "(").replace("]", ")")


def page_specs(graph: Graph, review: ReviewInfo = PUBLIC) -> list[PageSpec]:
    content = graph.content
    specs = [PageSpec("index.md", "pages/home.md.j2", {})]
    for criterion in content.criteria:
        specs.append(PageSpec(criterion_page(criterion.id), "pages/criterion.md.j2", {"criterion": criterion}))
    for section in sorted(content.sections, key=lambda s: s.number):
        specs.append(PageSpec(section_page(section.id), "pages/section.md.j2", {"section": section}))
    specs += [
        PageSpec("conclusions.md", "pages/conclusions.md.j2", {}),
        PageSpec("recommendations.md", "pages/recommendations.md.j2", {}),
        PageSpec("lessons.md", "pages/lessons.md.j2", {}),
        PageSpec("good-practices.md", "pages/good-practices.md.j2", {}),
        PageSpec("annexes.md", "pages/annexes.md.j2", {}),
        PageSpec("glossary.md", "pages/glossary.md.j2", {}),
        PageSpec("matrix.md", "pages/matrix.md.j2", {}),
        PageSpec("explorer.md", "pages/explorer.md.j2", {}),
        PageSpec("downloads.md", "pages/downloads.md.j2", {}),
    ]
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
FOLLOW_UP_PAGE = "follow-up.md"
NAV_SECTION_LIMIT = 40
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def print_order(graph: Graph) -> list[PageSpec]:
    """The report's own order: cover and summary, findings by criterion, then the chapters."""
    specs = {spec.path: spec for spec in page_specs(graph, PUBLIC)}
    order = [specs["index.md"]]
    for criterion in graph.content.criteria:
        order.append(specs[criterion_page(criterion.id)])
        order += [specs[section_page(sec.id)] for sec in sorted(graph.content.sections, key=lambda x: x.number)
                  if graph.criterion_of(sec.id) == criterion.id]
    for path in ("conclusions.md", "lessons.md", "good-practices.md", "recommendations.md", "annexes.md",
                 "glossary.md"):
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
    findings = []
    sections = sorted(content.sections, key=lambda x: x.number)
    # Every page carries the navigation: past a few dozen sections, list the criteria only
    # (each criterion page lists its sections), so page size does not grow with the report.
    if len(sections) <= NAV_SECTION_LIMIT:
        for criterion in content.criteria:
            group = [sec for sec in sections if graph.criterion_of(sec.id) == criterion.id]
            if group:
                findings.append({nav_title(ctx.tr(criterion.name)): [
                    {nav_title(f"{sec.number}. {inline(ctx.tr(sec.title))}"): section_page(sec.id)} for sec in group]})
    return [
        {s["home"]: "index.md"},
        {s["criteria"]: [{nav_title(ctx.tr(c.name)): criterion_page(c.id)} for c in content.criteria]},
        *([{s["findings"]: findings}] if findings else []),
        {s["conclusions"]: "conclusions.md"},
        {s["recommendations"]: "recommendations.md"},
        *([{s["management"]["follow_up"]: FOLLOW_UP_PAGE}] if content.management_responses else []),
        {s["lessons"]: "lessons.md"},
        {s["good_practices"]: "good-practices.md"},
        {s["annexes"]: ["annexes.md"] + [{nav_title(ctx.tr(d.title)): f"annexes/{d.id}.md"}
                                         for d in content.documents]},
        {s["glossary"]: "glossary.md"},
        {s["downloads"]: "downloads.md"},
        {s["reviewers"]: [{s["matrix"]: "matrix.md"}, {s["explorer"]: "explorer.md"}]
         + ([{s["comments_log"]: "comments.md"}] if review.is_review and content.comments else [])
         + ([{s["changes"]: "changes.md"}] if review.is_review and review.changes is not None else [])},
    ]


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
