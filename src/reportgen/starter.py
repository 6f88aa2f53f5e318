"""`reportgen new`: a small, complete example project in the languages a team works in.

The starter ships with reportgen (templates/starter/) with every text in each
language that has interface texts. A new project keeps the languages asked
for, in the order asked for (the first is the report's original language),
and drops the others, line by line, so that the files stay as readable as
they were written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2

from .content.config import CONFIG_FILE
from .content.jsonschema import write_schemas

SCHEMAS_DIR = "schemas"
# A language line of a localized text, as the starter writes them: `  en: "…"`.
_LANGUAGE_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<lang>[a-z]{2,3}): ")
_MARKDOWN_LANGUAGE = re.compile(r"\.(?P<lang>[a-z]{2,3})\.md$")

CONFIG_TEXT = """\
# yaml-language-server: $schema={schemas}/config.schema.json
# The project configuration (see the reportgen README, "Project configuration").
languages: [{languages}]   # the report's original language first
# site_url: https://example.org/evaluations/my-evaluation/
# numbered_paragraphs: true       # paragraphs written "85. …" keep their number
# vocabulary:                     # the interface words this report uses, per language
#   en: {{key_findings: Main findings}}
# value_sets:                     # the values of the recommendation fields
#   priority: [very_high, high, medium, low]
"""


class StarterError(Exception):
    """The project cannot be created (exists, unknown language): a message for the user."""


def starter_languages(starter: Path) -> list[str]:
    return sorted({m.group("lang") for p in starter.rglob("*.md") if (m := _MARKDOWN_LANGUAGE.search(p.name))})


def create_project(target: Path, languages: list[str], starter: Path, interface_languages: list[str]) -> list[Path]:
    """Write the starter into `target` (new or empty); return the files written."""
    _check_request(target, languages, starter, interface_languages)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(starter.rglob("*")):
        relative = source.relative_to(starter)
        if source.is_dir() or not _wanted(relative, languages):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".yaml", ".yml"):
            text = keep_languages(source.read_text(encoding="utf-8"), languages, starter_languages(starter))
            destination.write_text(text, encoding="utf-8")
        elif relative.as_posix() == "README.md":
            template = jinja2.Template(source.read_text(encoding="utf-8"), keep_trailing_newline=True)
            destination.write_text(template.render(languages=", ".join(languages)), encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    config = target / CONFIG_FILE
    config.write_text(CONFIG_TEXT.format(schemas=SCHEMAS_DIR, languages=", ".join(languages)), encoding="utf-8")
    written.append(config)
    written += write_schemas(target / SCHEMAS_DIR, languages)
    return written


def _check_request(target: Path, languages: list[str], starter: Path, interface_languages: list[str]) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StarterError(f"{target} already exists and is not an empty folder; "
                           "give a new folder name (nothing was written)")
    if not languages:
        raise StarterError("no language given; for example --languages en,fr (the original language first)")
    if len(set(languages)) != len(languages):
        raise StarterError(f"a language is listed twice in {','.join(languages)}")
    examples = starter_languages(starter)
    for lang in languages:
        if lang not in interface_languages:
            raise StarterError(f"no interface texts for {lang!r}; reportgen ships {', '.join(interface_languages)} "
                               f"(add templates/i18n/{lang}.yaml to a project to use another)")
        if lang not in examples:
            raise StarterError(f"the example project is written in {', '.join(examples)}, not {lang!r}; start "
                               f"with one of those and add {lang!r} to reportgen.yml afterwards")


def _wanted(relative: Path, languages: list[str]) -> bool:
    match = _MARKDOWN_LANGUAGE.search(relative.name)
    return match is None or match.group("lang") in languages


def keep_languages(text: str, languages: list[str], known: list[str]) -> str:
    """Keep only `languages` in every run of language lines (keys in `known`), in the order given."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = _LANGUAGE_LINE.match(lines[index])
        if not match or match.group("lang") not in known:
            out.append(lines[index])
            index += 1
            continue
        run: dict[str, str] = {}
        indent = match.group("indent")
        while (index < len(lines) and (m := _LANGUAGE_LINE.match(lines[index]))
               and m.group("indent") == indent and m.group("lang") in known):
            run[m.group("lang")] = lines[index]
            index += 1
        out += [run[lang] for lang in languages if lang in run]
    return "".join(out)
