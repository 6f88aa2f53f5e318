"""portal.yml: the portal's title, languages, edition and evaluation folders, checked with file:line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.loader import suggest
from ..content.yamlfile import YamlDocument, load_yaml
from ..edition import EDITIONS
from ..errors import ContentError, Report

CONFIG_NAME = "portal.yml"
KEYS = ("title", "languages", "edition", "evaluations", "downloads")
LANGUAGE_CODES_HINT = "two-letter language codes, e.g. [es, en]"


@dataclass(frozen=True)
class Entry:
    """One evaluation of the portal: its project folder, and where portal.yml names it."""

    path: Path
    line: int | None


@dataclass
class PortalConfig:
    root: Path
    file: str                          # portal.yml as shown in messages
    title: dict[str, str]              # per portal language
    languages: list[str]
    edition: str = "public"
    downloads: bool = True
    evaluations: list[Entry] = field(default_factory=list)


def load_config(portal_dir: Path, check_folders: bool = True) -> PortalConfig:
    """Read and check portal.yml; raises ContentError listing every problem.

    `check_folders=False` (assembling from artifacts): the evaluation folders need not exist here.
    """
    portal_dir = portal_dir.resolve()
    path = portal_dir / CONFIG_NAME
    display = str(Path(portal_dir.name) / CONFIG_NAME)
    if not path.is_file():
        raise ContentError.single(display, None, f"no {CONFIG_NAME} in {portal_dir}",
                                  f"create {CONFIG_NAME} with title, languages and evaluations (see README, Portal)",
                                  code="portal.config")
    doc = load_yaml(path, display)
    report = Report()
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        report.error(display, 1, f"{CONFIG_NAME} must be a mapping (title:, languages:, evaluations:)",
                     code="portal.config")
    for key in data:
        if key not in KEYS:
            report.error(display, doc.line_of((key,)), f"unknown key {key!r}",
                         suggest(str(key), KEYS) or f"allowed keys: {', '.join(KEYS)}", code="portal.config")
    languages = _languages(data, doc, display, report)
    config = PortalConfig(portal_dir, display, _title(data, doc, display, languages, report), languages)
    config.edition = _edition(data, doc, display, report)
    config.downloads = bool(data.get("downloads", True))
    config.evaluations = _entries(data, doc, display, portal_dir, report, check_folders)
    report.raise_if_errors()
    return config


def _languages(data: dict[str, object], doc: YamlDocument, display: str, report: Report) -> list[str]:
    if "languages" not in data:
        report.error(display, doc.line_of(()), "no 'languages' given",
                     "list the portal's languages, for example: languages: [en, fr, es]", code="portal.config")
        return ["en"]
    value = data["languages"]
    if not (isinstance(value, list) and value and all(isinstance(v, str) and len(v) == 2 and v.isalpha()
                                                      for v in value)):
        report.error(display, doc.line_of(("languages",)), f"languages: {value!r} is not a list of languages",
                     LANGUAGE_CODES_HINT, code="portal.config")
        return ["en"]
    if len(set(value)) != len(value):
        report.error(display, doc.line_of(("languages",)), "languages: a language is listed twice", "list each once",
                     code="portal.config")
    return [v.lower() for v in value]


def _title(data: dict[str, object], doc: YamlDocument, display: str, languages: list[str],
           report: Report) -> dict[str, str]:
    value = data.get("title")
    if isinstance(value, str) and value.strip():
        return {lang: value for lang in languages}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) and value:
        missing = [lang for lang in languages if not value.get(lang)]
        if missing:
            report.error(display, doc.line_of(("title",)), f"title: no text for {', '.join(missing)}",
                         "give the title in every portal language, or one plain string", code="portal.config")
        return {lang: value.get(lang) or next(iter(value.values())) for lang in languages}
    report.error(display, doc.line_of(("title",)) or 1, "missing or empty 'title'",
                 "add 'title: {es: …, en: …}' (or one plain string)", code="portal.config")
    return {lang: "" for lang in languages}


def _edition(data: dict[str, object], doc: YamlDocument, display: str, report: Report) -> str:
    value = data.get("edition", "public")
    if value not in EDITIONS:
        report.error(display, doc.line_of(("edition",)), f"edition: {value!r} is not an allowed value",
                     f"allowed values: {', '.join(EDITIONS)}", code="portal.config")
        return "public"
    return str(value)


def _entries(data: dict[str, object], doc: YamlDocument, display: str, portal_dir: Path, report: Report, check_folders: bool) -> list[Entry]:
    value = data.get("evaluations")
    if not isinstance(value, list) or not value:
        report.error(display, doc.line_of(("evaluations",)) or 1, "'evaluations' must be a non-empty list of "
                     "project folders", "list the evaluation folders, relative to this file", code="portal.config")
        return []
    entries: list[Entry] = []
    seen: dict[Path, int | None] = {}
    names: dict[str, int | None] = {}  # artifacts are named after the folder
    for index, raw in enumerate(value):
        line = doc.line_of(("evaluations", index))
        if not isinstance(raw, str) or not raw.strip():
            report.error(display, line, f"evaluations[{index}]: {raw!r} is not a folder path",
                         "write a path relative to portal.yml, e.g. evaluations/per-17-51", code="portal.config")
            continue
        try:
            folder = (portal_dir / raw).resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python < 3.13)
            report.error(display, line, f"evaluations[{index}]: {raw!r} is a symbolic-link loop",
                         "point the path (or the link) at the evaluation's project folder", code="portal.config")
            continue
        problem = project_problem(folder) if check_folders else None
        if problem:
            report.error(display, line, f"evaluations[{index}]: {raw!r} {problem[0]}", problem[1], code="portal.config")
        elif folder in seen:
            report.error(display, line, f"evaluations[{index}]: {raw!r} is listed twice (first on line "
                         f"{seen[folder]})", "list each evaluation once", code="portal.config")
        elif folder.name in names:
            report.error(display, line, f"evaluations[{index}]: another evaluation folder is also named "
                         f"{folder.name!r} (line {names[folder.name]})", "give each evaluation folder its own name "
                         "(the portal names each evaluation's artifact after its folder)", code="portal.config")
        else:
            seen[folder] = line
            names[folder.name] = line
            entries.append(Entry(folder, line))
    return entries


def project_problem(folder: Path) -> tuple[str, str] | None:
    """Why a folder is not a reportgen project, or None."""
    if not folder.exists():
        return "does not exist", "check the path (it is relative to portal.yml)"
    if not folder.is_dir():
        return "is a file, not a folder", "give the evaluation's project folder"
    if not (folder / "content").is_dir():
        return ("is not a reportgen project (no content/ folder)",
                "give a folder made by 'reportgen new' or holding content/ with the evaluation's YAML")
    return None
