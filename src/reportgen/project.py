"""The pipeline, stage by stage: load → graph → render → MkDocs.

Each stage is a plain function over the previous stage's result, so the CLI,
the live preview, the tests and the benchmark all run the same code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import subprocess
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from .content.config import CONFIG_FILE, load_config
from .content.loader import ContentSet, load_content
from .content.schema import Evaluation
from .context import BuildContext, Environment
from .edition import for_edition
from .errors import BuildError, ContentError, Report
from .graph import Graph, build_graph, content_languages
from .inputs import Inputs
from .downloads import pdf_paths, write_downloads
from .downloads.pdf import MISSING_CHROMIUM, Printer, chromium_path
from .changes import SNAPSHOT_DIR, compare, latest_snapshot, load_baseline
from .export import ExportJson, model_to_json
from .render.pages import ReviewInfo, Templates, nav, nav_words, page_paths, render_page, render_pages
from .render.recommendation_view import value_labels
from .content.markdown import MEDIA_FOLDER, local_images, plain_text
from .i18n import Catalogs, Strings, localized, placeholder_problems
from .render.text import inline, local_date, short_title
from .output import output_lock
from .resources import builtin_templates, default_mkdocs_config
from .site import (BuildResult, LanguageBuild, PreviewLanguage, SiteUpdate, build_site, discard, frozen_heap, publish,
                   update_site)


@dataclass
class Project:
    """Where things are. Defaults follow the layout of the repository."""

    root: Path
    content_dir: Path = None  # type: ignore[assignment]  # default PROJECT/content, set by __post_init__
    template_dirs: list[Path] = field(default_factory=list)
    work_dir: Path = None  # type: ignore[assignment]  # default PROJECT/.reportgen
    # What the caller's environment asks of this run (read once by the command line).
    environment: Environment = field(default_factory=Environment)
    given_template_dirs: list[Path] = field(init=False, repr=False, compare=False, default_factory=list)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.content_dir = (self.content_dir or self.root / "content").resolve()
        self.work_dir = (self.work_dir or self.root / ".reportgen").resolve()
        # --templates folders (relative to the working directory), then the project's own templates/,
        # override reportgen's packaged defaults file by file.
        own = self.root / "templates"
        searched = [Path(d).resolve() for d in self.template_dirs]
        self.given_template_dirs = list(searched)
        if own.is_dir() and own.resolve() not in searched + [builtin_templates().resolve()]:
            searched.append(own.resolve())
        self.template_dirs = searched

    def as_now(self) -> "Project":
        """The project as its folder is now (the live preview: a templates/ folder may have been made)."""
        return Project(self.root, self.content_dir, self.given_template_dirs, self.work_dir, self.environment)

    @property
    def base_config(self) -> Path:
        own = self.root / "mkdocs.yml"
        return own if own.is_file() else default_mkdocs_config()


@dataclass
class Checked:
    content: ContentSet
    graph: Graph
    report: Report
    timings: dict[str, float]
    ctx: BuildContext
    inputs: Inputs = field(default_factory=Inputs)  # what the build read (so far), for the live preview

    @property
    def edition(self) -> str:
        return self.ctx.edition

    @property
    def evaluation(self) -> Evaluation:
        """The evaluation block, which content without errors has (render and downloads rely on it)."""
        evaluation = self.content.evaluation
        assert evaluation is not None, "checked content without errors has an evaluation"
        return evaluation


def check(project: Project, edition: str = "review", strict: bool = False, inputs: Inputs | None = None,
          build_date: dt.date | None = None) -> Checked:
    """Load and validate the configuration and the content for an edition; build the graph.

    Problems are in `report`; the build context is decided here, once. What was read is recorded
    in `inputs` (given by the caller, who has it even when this raises): reportgen.yml, the content,
    the interface texts' languages, the MkDocs configuration (and its hash), the places looked in.
    """
    inputs = inputs if inputs is not None else Inputs()
    report = Report()
    timings = {}
    start = time.perf_counter()
    inputs.file(project.root / CONFIG_FILE)
    config, _ = load_config(project.root, report)
    report.set_levels(config.validation)
    inputs.file(project.content_dir)
    inputs.listing("content", project.content_dir)
    content = for_edition(load_content(project.content_dir, report, on_read=inputs.file), edition)
    timings["load"] = time.perf_counter() - start
    ctx = BuildContext(config=config, languages=tuple(config.languages or content_languages(content)),
                       edition=edition, strict=strict,
                       source_epoch=content_epoch(project.content_dir, project.environment.source_date_epoch),
                       chromium=project.environment.chromium,
                       # The date the follow-up speaks for: today, or the portal's (decided once per portal build).
                       build_date=build_date or dt.date.today())
    for place in (project.root / "mkdocs.yml", project.root / "templates"):  # made later, they are used
        inputs.file(place)
    inputs.config(project.base_config)
    _check_languages(project, ctx, report, inputs)
    _check_terms(project, ctx, report, inputs)
    start = time.perf_counter()
    graph = build_graph(content, report, ctx)
    timings["graph"] = time.perf_counter() - start
    return Checked(content, graph, report, timings, ctx, inputs)


def _check_terms(project: Project, ctx: BuildContext, report: Report, inputs: Inputs) -> None:
    """Translations held to the term base (content/terms.yaml), when the project has one."""
    from .translate.terms import check_terms, terms_path

    inputs.file(terms_path(project.content_dir))
    if terms_path(project.content_dir).is_file() and not report.errors:
        report.extend(check_terms(project.content_dir.resolve(), ctx.languages))


def _check_languages(project: Project, ctx: BuildContext, report: Report, inputs: Inputs) -> None:
    """Every language needs interface texts (menus, headings): a catalog in templates/i18n/."""
    catalogs = Catalogs(project.template_dirs, ctx.config.vocabulary, inputs=inputs)
    available = catalogs.languages()
    for lang in ctx.languages:
        if lang in available:
            placeholder_problems(catalogs, lang, project.root / CONFIG_FILE, report)
        else:
            report.error("reportgen.yml", None, f"no interface texts for language {lang!r}",
                         f"languages with interface texts: {', '.join(available)}; add templates/i18n/{lang}.yaml "
                         "to your project (a copy of en.yaml, translated) to use another", code="language.no_texts")


def content_epoch(content_dir: Path, source_date_epoch: int | None = None) -> int:
    """The date stamped into the site (sitemap, archives): the content's, not the build's.

    `source_date_epoch` (SOURCE_DATE_EPOCH) when the caller sets it (the reproducible-builds convention), else
    the last git commit touching the content (the same in every clone), else the newest
    content file.
    """
    if source_date_epoch is not None:
        return source_date_epoch
    try:
        out = subprocess.run(["git", "-C", str(content_dir), "log", "-1", "--format=%ct", "--", "."],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        if out:
            return int(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    stamps = [p.stat().st_mtime for p in content_dir.rglob("*") if p.is_file()]
    return int(max(stamps)) if stamps else 0


def review_info(project: Project, checked: Checked, since: str | None) -> ReviewInfo:
    """The review edition's extras: the latest round and the changes since a baseline."""
    if checked.edition != "review":
        return ReviewInfo(edition=checked.edition)
    rounds = checked.content.rounds
    checked.inputs.listing("glob", project.root / SNAPSHOT_DIR, "*.json")
    since = since or latest_snapshot(project.root)
    if since:  # a snapshot's file (a git revision's content is not watched)
        checked.inputs.file(project.root / SNAPSHOT_DIR / f"{since}.json")
    change_set = None
    if since:
        baseline, kind = load_baseline(project, since, lambda folder: export_content(folder))
        change_set = compare(baseline, model_to_json(checked.graph), since, kind)
    return ReviewInfo("review", rounds[-1] if rounds else None, change_set)


def export_json(project: Project, checked: Checked) -> ExportJson:
    """The JSON export of a checked model (`reportgen export json`, a portal artifact's evaluation.json),
    with the labels of the project's value sets in its interface texts."""
    catalogs = Catalogs(project.template_dirs, checked.ctx.config.vocabulary)
    return model_to_json(checked.graph, value_labels(checked.graph, catalogs))


def export_content(content_dir: Path) -> ExportJson:
    """The JSON export of another content folder (a git revision's), for comparisons."""
    checked = check(Project(content_dir.parent, content_dir))
    checked.report.raise_if_errors()
    return model_to_json(checked.graph)


def render(checked: Checked, templates: Templates, review: ReviewInfo | None = None,
           only: dict[str, list[str]] | None = None) -> tuple[list[LanguageBuild], float]:
    try:
        return _render(checked, templates, review, only)
    except jinja2.TemplateError as exc:
        raise BuildError(template_problem(exc)) from None
    except yaml.YAMLError as exc:  # an overridden interface-texts file (i18n/LANG.yaml)
        raise BuildError(f"interface texts: {' '.join(str(exc).split())} (fix the YAML of the overriding "
                         "i18n file, or remove it to use the built-in texts)") from None


def template_problem(exc: jinja2.TemplateError) -> str:
    """A template error as one line: the template file and line, what is wrong, what to do."""
    where = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if where is None:  # a runtime error (undefined variable): the template's frame is in the traceback
        frame = next((f for f in reversed(traceback.extract_tb(exc.__traceback__))
                      if f.filename.endswith(".j2")), None)
        where, line = (frame.filename, frame.lineno) if frame else ("a template", None)
    location = f"{where}:{line}" if line else str(where)
    return (f"template error in {location}: {exc.message or type(exc).__name__} (fix the template, or remove "
            "the overriding copy to use the built-in one)")


def _render(checked: Checked, templates: Templates, review: ReviewInfo | None = None,
            only: dict[str, list[str]] | None = None) -> tuple[list[LanguageBuild], float]:
    """Every language's pages; with `only` ({language: [page paths]}), those languages with those pages
    alone (the live preview renders the page in view first; the rest of each build is made as always)."""
    start = time.perf_counter()
    review = review or ReviewInfo(edition=checked.edition)
    builds = []
    ctx = checked.ctx
    # Each language named in its own words in the switch ("Français", "English").
    switch = [(lang, templates.strings(lang)["language_name"], ctx.prefix(lang)) for lang in ctx.languages]
    evaluation = checked.evaluation
    for lang in ctx.languages:
        if only is not None and lang not in only:
            continue
        title = ctx.config.title or evaluation.title
        site_name = nav_words(title.get(lang) or title.get(ctx.original) or "Evaluation")  # escaped by site.py
        strings = templates.strings(lang)
        banner = _draft_text(strings, review, lang, "draft_banner", ctx.original)
        if only is None:
            pages = render_pages(checked.graph, templates, lang, review)
        else:
            rendered = {path: render_page(checked.graph, templates, lang, path, review) for path in only[lang]}
            pages = {path: text for path, text in rendered.items() if text is not None}
        builds.append(LanguageBuild(lang, pages,
                                    nav(checked.graph, templates, lang, review), site_name, banner,
                                    prefix=ctx.prefix(lang), languages=switch,
                                    print_texts=_print_texts(checked, strings, review, lang),
                                    theme_texts=dict(strings["theme"]),
                                    comment_panel=_comment_panel(checked, strings, review, lang),
                                    assets=_review_assets(templates, review),
                                    media=_media(checked.graph.content),
                                    site_url=ctx.config.site_url or "",
                                    footer=_footer(checked, strings, lang)))
    return builds, time.perf_counter() - start


def _media(content: ContentSet) -> dict[str, bytes]:
    """The images the content's Markdown texts show, from the content folder, by their docs-folder path
    (MEDIA_FOLDER/content path: render.writer points each text's images there). A missing file is left to
    MkDocs, which warns of the broken image."""
    media: dict[str, bytes] = {}
    root = content.root.resolve()
    for key, body in content.markdown_files.items():
        for path in local_images(body, content.markdown_origins.get(key, "")):
            file = (root / path).resolve()
            if f"{MEDIA_FOLDER}/{path}" not in media and file.is_relative_to(root) and file.is_file():
                media[f"{MEDIA_FOLDER}/{path}"] = file.read_bytes()
    return media


def _footer(checked: Checked, strings: Strings, lang: str) -> dict[str, str]:
    """Every page's footer: who publishes the report, when, and how to cite it (plain text, one language)."""
    config, evaluation, original = checked.ctx.config, checked.evaluation, checked.ctx.original

    def text(value: object) -> str:
        return " ".join(plain_text(localized(value, lang, original)).split()) if value else ""

    publisher = text(config.publisher or evaluation.administrative_office)
    date = local_date(text(config.publication_date or evaluation.completion_date), lang)
    citation = text(config.citation)
    if not citation:
        parts = [", ".join(e.name for e in evaluation.evaluators),
                 f"{text(evaluation.title)} ({evaluation.code})", ", ".join(p for p in (publisher, date) if p)]
        citation = ". ".join(p.rstrip(".") for p in parts if p) + "."
        if config.site_url:
            citation += f" {config.site_url.rstrip('/')}/{checked.ctx.prefix(lang)}"
    theme = strings["theme"]
    if publisher and date:
        published = theme["published"].format(publisher=publisher, date=date)
    else:
        published = theme["published_on"].format(date=date) if date else publisher
    return {"published": published, "citation_label": theme["citation"] + strings.get("colon", ":"), "citation": citation}


COMMENT_ASSETS = {"assets/reportgen-comments.js": "review/comments.js",
                  "assets/reportgen-comments.css": "review/comments.css"}


def _comment_panel(checked: Checked, strings: Strings, review: ReviewInfo, lang: str) -> dict[str, object] | None:
    """The review edition's comment panel: its texts and what a downloaded file is for (None in public)."""
    if not review.is_review:
        return None
    open_round = checked.ctx.config.open_round  # the round new comments are for, when the project names it
    return {"texts": dict(strings["comment_panel"]), "evaluation": checked.evaluation.code,
            "round": open_round or (review.round.id if review.round else None), "for": open_round,
            "language": lang}


def _review_assets(templates: Templates, review: ReviewInfo) -> dict[str, str]:
    """The comment panel's script and style: written into review builds only."""
    return {path: templates.read(name) for path, name in COMMENT_ASSETS.items()} if review.is_review else {}


def _draft_text(strings: Strings, review: ReviewInfo, lang: str, key: str, original: str) -> str:
    """The review edition's draft notice naming the round ("" in the public edition)."""
    if not review.is_review:
        return ""
    template: str = strings[f"{key}_no_round"] if not review.round else strings[key]
    if not review.round:
        return template
    return template.format(round=inline(localized(review.round.name, lang, original)))


def _print_texts(checked: Checked, strings: Strings, review: ReviewInfo, lang: str) -> dict[str, str]:
    """The page margins of every printed page and of the PDF: running header, draft mark, page label."""
    evaluation = checked.evaluation
    title = plain_text(localized(evaluation.title, lang, checked.ctx.original))
    return {"header": f"{evaluation.code} · {short_title(title)}",
            "mark": _draft_text(strings, review, lang, "draft_mark", checked.ctx.original),
            "page": strings["download_texts"]["page"], "of": strings["download_texts"]["of"]}


def build(project: Project, out: Path, strict: bool = False, extra_js: list[str] | None = None,
          downloads: bool = True, edition: str = "review", since: str | None = None,
          preview: bool = False, checked: Checked | None = None, inputs: Inputs | None = None) -> BuildResult:
    """check → render → MkDocs. Raises ContentError (nothing written) on content errors.

    `checked`: the result of `check(project, edition, strict)` when the caller has it already (the
    portal's artifacts export the same checked model): the content is then not read a second time.
    `inputs`: filled with what the build read, also when it fails (the live preview watches it).
    """
    prepared, skipped = prepare(project, strict, downloads, edition, since, preview, checked, inputs)
    with frozen_heap():  # the content and its graph live as long as the build: the collector skips them
        return _build(prepared, skipped, out, extra_js, preview)


def _build(prepared: Prepared, skipped: list[str], out: Path, extra_js: list[str] | None,
           preview: bool) -> BuildResult:
    project, checked, templates = prepared.project, prepared.checked, prepared.templates
    builds, render_time = prepared.render()
    # One staging folder per output folder, so builds into different folders never collide.
    work = project.work_dir / ("out-" + hashlib.sha1(str(out.resolve()).encode()).hexdigest()[:10])
    # one build at a time per output folder (and per staging work folder); the PDFs' browser, started
    # while MkDocs builds the site, closed whatever happens
    with output_lock(out), contextlib.ExitStack() as stack:
        printer: list[Printer] = []
        pages = _pdf_pages(builds, templates, checked) if "pdf" in checked.ctx.downloads else ""
        pages_seen = work / PDF_PAGES

        def start_printer() -> None:
            if not pages or _read(pages_seen) == pages and all(
                    pdf.is_file() for pdf in pdf_paths(checked.graph, out).values()):
                return  # the PDFs will be the previous site's (their fingerprints will tell): no browser yet
            executable = chromium_path(checked.ctx.chromium)
            if executable is not None:
                printer.append(stack.enter_context(Printer(executable, list(checked.ctx.languages))))
        result = build_site(builds, project.base_config, work, out, templates.theme_dir(), extra_js,
                            preview=preview, epoch=checked.ctx.source_epoch, search_script=prepared.search_script(),
                            config_hash=checked.inputs.mkdocs_hash, under_way=start_printer)
        try:
            if checked.ctx.downloads:  # a stage of its own: made from the built pages, before publishing
                start = time.perf_counter()
                result.downloads = write_downloads(checked.graph, templates, result.staging, previous=out,
                                                   printer=printer[0] if printer else None)
                result.timings["downloads"] = time.perf_counter() - start
            publish(result)
        except BaseException:
            discard(result)
            raise
        if pages:
            pages_seen.write_text(pages, encoding="utf-8")
    result.timings.update(checked.timings)
    result.timings["render"] = render_time
    result.problems = checked.report.warnings + checked.report.notes
    result.warnings = skipped + result.warnings
    return result


# In a build's work folder: the digest of the pages the output folder's PDFs were last made from.
PDF_PAGES = "pdf-pages"


def _pdf_pages(builds: list[LanguageBuild], templates: Templates, checked: Checked) -> str:
    """A digest of what the printed pages are built from: every language's pages and texts, the theme,
    the MkDocs configuration. Equal to the last build's, the PDFs will most likely be the previous
    site's, and their browser is not started during the site build; the PDFs' own fingerprints
    (`downloads/pdf.py`) still decide what is printed, so a wrong guess costs time, never a wrong PDF."""
    digest = hashlib.sha256(checked.inputs.mkdocs_hash.encode())
    for build in builds:
        digest.update(repr(build).encode())
    theme = templates.theme_dir()
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


@dataclass
class Prepared:
    """A build up to its pages: the checked content, the templates and the review edition's extras, from
    which the pages are rendered (all, or some first: the live preview shows the page in view first)."""
    project: Project
    checked: Checked
    templates: Templates
    review: ReviewInfo
    preview: bool = False

    def render(self, only: dict[str, list[str]] | None = None) -> tuple[list[LanguageBuild], float]:
        """Every language's build; with `only` ({language: [page paths]}), those languages with those pages."""
        builds, seconds = render(self.checked, self.templates, self.review, only)
        if self.preview:  # the preview is read on this machine: its links and its 404 page stay local
            for language_build in builds:
                language_build.site_url = ""
        return builds, seconds

    def paths(self, lang: str) -> list[str]:
        """Every page path of a language."""
        return page_paths(self.checked.graph, self.templates, lang, self.review)

    def search_script(self) -> str:
        return self.templates.read("search-fold.js.tmpl")

    @property
    def epoch(self) -> int:
        """The date stamped into the site (MkDocs' SOURCE_DATE_EPOCH)."""
        return self.checked.ctx.source_epoch


def prepare(project: Project, strict: bool = False, downloads: bool = True, edition: str = "review",
            since: str | None = None, preview: bool = False, checked: Checked | None = None,
            inputs: Inputs | None = None) -> tuple[Prepared, list[str]]:
    """The stages of `build` before the pages: check (raises ContentError), the downloads chosen, the
    templates, the review extras. Returns them and the warnings of a download skipped."""
    checked = checked or check(project, edition, strict, inputs)
    checked.report.raise_if_errors(strict=strict)
    skipped = _choose_downloads(checked, downloads, strict)
    templates = Templates(project.template_dirs, checked.ctx.config.vocabulary, inputs=checked.inputs)
    return Prepared(project, checked, templates, review_info(project, checked, since), preview), skipped


def preview_prepare(project: Project, inputs: Inputs) -> Prepared | None:
    """The live preview's build as `build(project.as_now(), downloads=False, preview=True)` starts it, its
    reads recorded in `inputs`; None when the content has an error (the full build reports it)."""
    try:
        prepared, _ = prepare(project.as_now(), downloads=False, preview=True, inputs=inputs)
        # What a build reads besides the pages' templates, so that `inputs` is a full build's.
        prepared.templates.theme_dir()
        prepared.search_script()
    except (ContentError, BuildError, FileNotFoundError, jinja2.TemplateError, yaml.YAMLError):
        return None
    return prepared


def update_preview(prepared: Prepared, languages: dict[str, PreviewLanguage], out: Path) -> SiteUpdate | None:
    """The live preview after an edit of the content, without a full build: every page rendered (its
    Markdown, milliseconds each) and compared with the last build's; only the pages whose Markdown changed
    go through MkDocs again, in place (site.update_site), then each language's search index and sitemap.
    None when something else changed (navigation, names, texts, the set of pages): a full build is needed."""
    builds, _ = prepared.render()
    with output_lock(out):
        return update_site(languages, builds, out, prepared.epoch)


def _choose_downloads(checked: Checked, wanted: bool, strict: bool) -> list[str]:
    """Decide, before any page is rendered, which downloads this build makes (pages link only to those).

    Without Chromium the PDF is skipped with a warning (an error with --strict): the site
    and the other downloads do not need it. Returns the warnings.
    """
    kinds: tuple[str, ...] = ("pdf", "data") if wanted else ()
    warnings: list[str] = []
    if "pdf" in kinds and chromium_path(checked.ctx.chromium) is None:
        if strict:
            raise BuildError(MISSING_CHROMIUM + " (--strict: a missing PDF is an error)")
        kinds, warnings = ("data",), [f"PDF skipped: {MISSING_CHROMIUM}"]
    checked.ctx = dataclasses.replace(checked.ctx, downloads=kinds)
    checked.graph.ctx = checked.ctx
    return warnings
