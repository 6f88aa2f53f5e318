"""The project configuration, `reportgen.yml`: one file, validated like content.

It says what differs from one report to the next: the languages (the first
is the report's original language), the site's address, the interface words a
report uses ("Main findings" rather than "Key findings"), the value sets of the
recommendation fields, the project's own fields per item type and the notice
shown on translated pages. Without the file, the languages are those of the
evaluation's title, in the order written, and everything else is the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, create_model

from ..errors import ContentError, Report
from . import registry
from ..problem_codes import CODES, LEVELS
from .schema import ID_PATTERN, LanguageCode, Model, Text
from .validation import suggest, validate_model
from .yamlfile import YamlDocument, load_yaml

CONFIG_FILE = "reportgen.yml"

# The item types a project may add fields to, as written under `custom_fields:`.
CUSTOMIZABLE = registry.kinds(customizable=True)

ValueId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _value_sets_model() -> type[Model]:
    """One list per value set the content models use (`ValueSet` roles), defaulting to the model's set."""
    fields: dict[str, Any] = {name: (list[ValueId], Field(default_factory=lambda d=role.default: list(d), min_length=1))
              for name, role in registry.value_sets().items()}
    return create_model("ValueSets", __base__=Model, __module__=__name__, **fields)


if TYPE_CHECKING:
    class ValueSets(Model):
        """One list of values per value set: its fields are made from the registry when imported."""
else:
    ValueSets = _value_sets_model()
ValueSets.__doc__ = """The values a field with a value set may take (recommendation levels, ratings), in
display order (highest first).

Labels come from the interface texts (`priorities`, `resource_levels`, `timeframes`, …),
which a project extends under `vocabulary:` for new values.
"""

class CustomField(Model):
    """A field of the project's own, e.g. the "related design topics" of a recommendation."""

    id: ValueId
    label: Text
    filter: bool = False     # a facet of the recommendation explorer (recommendations only)
    export: bool = True      # a column of the data downloads


class ProjectConfig(Model):
    languages: list[LanguageCode] = Field(default_factory=list)
    title: Text | None = None
    site_url: str | None = None
    vocabulary: dict[LanguageCode, dict[str, Any]] = Field(default_factory=dict)
    value_sets: ValueSets = Field(default_factory=ValueSets)
    custom_fields: dict[Literal[CUSTOMIZABLE], list[CustomField]] = Field(default_factory=dict)  # type: ignore[valid-type]
    translation_notice: Text | None = None
    # Every page's footer and the recommended citation. Unset, they come from the evaluation's cover:
    # the publisher is its administrative office, the date its completion date, and the citation
    # "Evaluators. Title (code). Publisher, date." (with the site's address when site_url is set).
    publisher: Text | None = None
    publication_date: Text | None = None
    citation: Text | None = None
    # Paragraphs that start with "85." are numbered paragraphs (as in many ILO reports), not lists.
    numbered_paragraphs: bool = False
    # Images from other sites are refused unless the project allows them (the site must work offline).
    allow_remote_images: bool = False
    # The comment round the review edition's draft is out for: its Word draft and its comment panel's
    # files carry it, and `reportgen comments import` files their comments into no other round.
    open_round: ValueId | None = None
    # The level of each problem code this project wants otherwise (docs/problems.md): error|warning|note|ignore.
    validation: dict[str, Literal[LEVELS]] = Field(default_factory=dict)  # type: ignore[valid-type]

    def custom_fields_of(self, kind: str) -> list[CustomField]:
        return list(self.custom_fields.get(kind, []))


def load_config(project_root: Path, report: Report) -> tuple[ProjectConfig, bool]:
    """(configuration, whether the file exists). Problems go to `report` with file and line."""
    path = project_root / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig(), False
    try:
        doc = load_yaml(path, CONFIG_FILE)
    except ContentError as exc:
        report.extend(exc.problems)
        return ProjectConfig(), True
    report.extend(doc.problems)
    if doc.data is None:
        return ProjectConfig(), True
    if not isinstance(doc.data, dict):
        report.error(CONFIG_FILE, 1, "reportgen.yml must be a mapping of settings (e.g. 'languages: [en, fr]')",
                     code="config.invalid")
        return ProjectConfig(), True
    config = validate_model(doc, (), doc.data, ProjectConfig, report)
    if config is None:
        return ProjectConfig(), True
    _check_config(config, doc, report)
    return config, True


def _check_config(config: ProjectConfig, doc: YamlDocument, report: Report) -> None:
    if not config.languages:
        report.error(CONFIG_FILE, doc.line_of(("languages",)), "no languages given",
                     "list them, the report's original language first: languages: [en, fr]", code="config.invalid")
    seen: set[str] = set()
    for index, lang in enumerate(config.languages):
        if lang in seen:
            report.error(CONFIG_FILE, doc.line_of(("languages", index)), f"language {lang!r} is listed twice",
                         "list each language once", code="config.invalid")
        seen.add(lang)
    for kind, fields in config.custom_fields.items():
        ids = [f.id for f in fields]
        for index, name in enumerate(ids):
            if ids.index(name) != index:
                report.error(CONFIG_FILE, doc.line_of(("custom_fields", kind, index)),
                             f"custom field {name!r} of {kind} is declared twice", "keep one", code="config.invalid")
    _check_validation(config, doc, report)
    _check_site_url(config, doc, report)
    for name, values in config.value_sets.model_dump().items():
        if len(set(values)) != len(values):
            report.error(CONFIG_FILE, doc.line_of(("value_sets", name)), f"value_sets.{name} repeats a value",
                         "list each value once", code="config.invalid")


def _check_site_url(config: ProjectConfig, doc: YamlDocument, report: Report) -> None:
    """The address pages name as theirs (canonical links, hreflang alternates, the sitemap)."""
    from urllib.parse import urlsplit

    url = config.site_url
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(
            ch.isspace() or ch in '<>"\'`' or not ch.isprintable() for ch in url):
        report.error(CONFIG_FILE, doc.line_of(("site_url",)), f"site_url {url!r} is not a web address",
                     "write the address the site is published at, e.g. https://example.org/evaluations/x/",
                     code="config.site_url")


def _check_validation(config: ProjectConfig, doc: YamlDocument, report: Report) -> None:
    """`validation:` names known codes, and lowers none that must stay an error."""
    for code, level in config.validation.items():
        line = doc.line_of(("validation", code))
        known = CODES.get(code)
        if known is None:
            report.error(CONFIG_FILE, line, f"validation: unknown problem code {code!r}",
                         suggest(code, CODES) or "the codes are listed in docs/problems.md (and in "
                         "'reportgen check --format json' output)", code="config.validation")
        elif known.refusal(level):
            report.error(CONFIG_FILE, line, f"validation: {known.refusal(level)}; it cannot be set to {level}",
                         "fix the problem itself; docs/problems.md says which codes can be lowered",
                         code="config.validation")
