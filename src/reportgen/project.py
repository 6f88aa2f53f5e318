"""The pipeline, stage by stage: load → graph → render → MkDocs.

Each stage is a plain function over the previous stage's result, so the CLI,
the live preview, the tests and the benchmark all run the same code.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .content.loader import ContentSet, load_content
from .content.schema import LANGUAGES
from .errors import Report
from .graph import Graph, build_graph
from .downloads import write_downloads
from .render.pages import Templates, nav, render_pages
from .site import BuildResult, LanguageBuild, build_site


@dataclass
class Project:
    """Where things are. Defaults follow the layout of the repository."""

    root: Path
    content_dir: Path | None = None
    template_dirs: list[Path] = field(default_factory=list)
    work_dir: Path | None = None

    def __post_init__(self):
        self.root = self.root.resolve()
        self.content_dir = (self.content_dir or self.root / "content").resolve()
        self.work_dir = (self.work_dir or self.root / ".reportgen").resolve()

    @property
    def base_config(self) -> Path:
        own = self.root / "mkdocs.yml"
        return own if own.is_file() else Path(__file__).resolve().parents[2] / "mkdocs.yml"


@dataclass
class Checked:
    content: ContentSet
    graph: Graph
    report: Report
    timings: dict[str, float]


def check(project: Project) -> Checked:
    """Load and validate the content; build the graph. Problems are in `report`."""
    report = Report()
    timings = {}
    start = time.perf_counter()
    content = load_content(project.content_dir, report)
    timings["load"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = build_graph(content, report)
    timings["graph"] = time.perf_counter() - start
    return Checked(content, graph, report, timings)


def render(checked: Checked, templates: Templates) -> tuple[list[LanguageBuild], float]:
    start = time.perf_counter()
    builds = []
    for lang in LANGUAGES:
        ctx_title = checked.content.evaluation.title
        site_name = (ctx_title.get(lang) or ctx_title.es or "Evaluation").strip()
        builds.append(LanguageBuild(lang, render_pages(checked.graph, templates, lang),
                                    nav(checked.graph, templates, lang), site_name))
    return builds, time.perf_counter() - start


def build(project: Project, out: Path, strict: bool = False, extra_js: list[str] | None = None,
          downloads: bool = True) -> BuildResult:
    """check → render → MkDocs. Raises ContentError (nothing written) on content errors."""
    checked = check(project)
    checked.report.raise_if_errors(strict=strict)
    templates = Templates(project.template_dirs)
    builds, render_time = render(checked, templates)
    # One staging folder per output folder, so builds into different folders never collide.
    work = project.work_dir / ("out-" + hashlib.sha1(str(out.resolve()).encode()).hexdigest()[:10])
    result = build_site(builds, project.base_config, work, out, templates.theme_dir(), extra_js,
                        after_build=(lambda site: write_downloads(checked.graph, templates, site))
                        if downloads else None)
    result.timings.update(checked.timings)
    result.timings["render"] = render_time
    result.warnings = [p.format() for p in checked.report.warnings] + result.warnings
    return result
