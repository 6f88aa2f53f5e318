"""MkDocs hooks of the documentation site (docs/mkdocs.yml): what is generated at build time.

- The reference pages are written from the code of this checkout, so they cannot go stale:
  the content and configuration fields from the JSON Schemas that pydantic makes of the models
  (what `reportgen schema` writes for editors), with the links the graph checks, and the
  command line from its argparse parser.
- Every Markdown file beside this configuration (docs/*.md: a feature's own notes) is part of
  the site and listed under "Feature notes" in the navigation, without editing the nav. Links
  from such a page to a file of the repository that is not a documentation page (source code,
  the README) become that file's path in code: the site carries no link out of itself.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from mkdocs.structure.files import File

DOCS_ROOT = Path(__file__).resolve().parent
REPO = DOCS_ROOT.parent
# Document this checkout, whatever reportgen is installed.
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

GENERATED = {
    "reference/content.md": "content_reference",
    "reference/configuration.md": "configuration_reference",
    "reference/command-line.md": "command_line_reference",
}
FEATURE_NOTES = "Feature notes"
LANGUAGES = ["en", "fr"]  # the languages the reference's examples of a text use
ID_PATTERN = "^[A-Za-z][A-Za-z0-9._-]{0,63}$"
_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")


# --- MkDocs events ------------------------------------------------------------------------------

def on_config(config):
    notes = [{_title(path): path.name} for path in feature_notes()]
    if notes:
        config["nav"] = [*config["nav"], {FEATURE_NOTES: notes}]
    return config


def on_files(files, config):
    for path in feature_notes():
        files.append(File(path.name, str(DOCS_ROOT), config["site_dir"], config["use_directory_urls"]))
    for uri, maker in GENERATED.items():
        files.append(File.generated(config, uri, content=globals()[maker]()))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.abs_src_path is None or Path(page.file.abs_src_path).parent != DOCS_ROOT:
        return markdown  # a page of docs/pages/, or a generated one
    return _code_for_links_out(markdown, page.file.src_uri, files)


def feature_notes() -> list[Path]:
    return sorted(p for p in DOCS_ROOT.glob("*.md") if p.is_file())


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def _code_for_links_out(markdown: str, src_uri: str, files) -> str:
    def replace(match: re.Match) -> str:
        text, target = match.groups()
        path = target.split("#")[0]
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:", target) or path.startswith("/"):
            return match.group(0)
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if files.get_file_from_path(inside) is not None:
            return match.group(0)
        in_repo = posixpath.normpath(posixpath.join("docs", posixpath.dirname(src_uri), path))
        if in_repo.startswith("..") or not (REPO / in_repo).exists():
            return match.group(0)  # a broken link stays a link: the strict build reports it
        return f"{text} (`{in_repo}`)" if text.strip("`") != in_repo else f"`{in_repo}`"
    return _LINK.sub(replace, markdown)


# --- content and configuration fields, from the JSON Schemas ---------------------------------

def content_reference() -> str:
    from reportgen.content.jsonschema import content_schema
    from reportgen.content.schema import COLLECTIONS, SINGLETONS
    from reportgen.graph import LINK_FIELDS

    schema = content_schema(LANGUAGES)
    defs = schema["$defs"]
    kinds = {model.__name__: kind for model, kind in COLLECTIONS.values()}
    lines = ["# Content fields", "",
             "Generated when this site is built, from the JSON Schema that `reportgen schema` writes for "
             "editors (made by pydantic from the models in `src/reportgen/content/`) and from the links "
             "that `reportgen check` follows (`reportgen.graph.LINK_FIELDS`). The user guide's "
             "[content page](../guide/content.md) explains them with examples.", "",
             "Every file under `content/` is a mapping of these keys, each optional; a key may appear "
             "in one file only or be split over several.", "",
             "| key | holds |", "|---|---|"]
    for key, (model, _) in COLLECTIONS.items():
        lines.append(f"| `{key}` | a list of {_def_link(model.__name__)} |")
    for key, model in SINGLETONS.items():
        lines.append(f"| `{key}` | one {_def_link(model.__name__)} |")
    lines.append("")
    shown = [model.__name__ for model, _ in COLLECTIONS.values()] + [m.__name__ for m in SINGLETONS.values()]
    shown += sorted(name for name in defs if name not in shown and name != "Text")
    for name in shown:
        links = {field: targets for (kind, field), targets in LINK_FIELDS.items() if kind == kinds.get(name)}
        lines += _model_table(name, defs[name], links)
    lines += _text_section()
    return "\n".join(lines) + "\n"


def configuration_reference() -> str:
    from reportgen.content.jsonschema import config_schema

    schema = config_schema(LANGUAGES)
    defs = schema.get("$defs", {})
    lines = ["# Configuration fields (`reportgen.yml`)", "",
             "Generated when this site is built, from the JSON Schema of `reportgen.yml` "
             "(`reportgen.content.config.ProjectConfig`). The [configuration guide]"
             "(../guide/configuration.md) explains them with an example.", ""]
    lines += _model_table("ProjectConfig", schema, {}, heading="reportgen.yml")
    for name in sorted(defs):
        if name != "Text":
            lines += _model_table(name, defs[name], {})
    lines += _text_section()
    return "\n".join(lines) + "\n"


def _model_table(name: str, definition: dict, links: dict, heading: str | None = None) -> list[str]:
    lines = [f"## {heading or name} {{#{_anchor(name)}}}", ""]
    if definition.get("description"):
        lines += [" ".join(definition["description"].split()), ""]
    required = set(definition.get("required", []))
    lines += ["| field | type | required | default | links to |", "|---|---|---|---|---|"]
    for field, prop in definition.get("properties", {}).items():
        default = f"`{_json(prop['default'])}`" if "default" in prop and prop["default"] not in (None, [], {}) else ""
        target = ", ".join(f"{t}" for t in links.get(field, ()))
        lines.append(f"| `{field}` | {_type(prop)} | {'yes' if field in required else ''} | {default} | {target} |")
    return lines + [""]


def _text_section() -> list[str]:
    return ["## Text {#text}", "",
            "A text is a mapping from language code to Markdown, over the project's languages "
            "(`{en: \"…\", fr: \"…\"}`); the original language is required, another language may be "
            "missing (a warning) or `null` (knowingly untranslated).", ""]


def _type(prop: dict) -> str:
    if "$ref" in prop:
        return _def_link(prop["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"] if p.get("type") != "null")
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if isinstance(kind, list):
        return " or ".join(_type({**prop, "type": k}) for k in kind if k != "null")
    if kind == "array":
        bounds = [f"at least {prop['minItems']}" if prop.get("minItems") else "",
                  f"at most {prop['maxItems']}" if "maxItems" in prop else ""]
        extra = ", ".join(b for b in bounds if b)
        return f"list of {_type(prop.get('items', {}))}" + (f" ({extra})" if extra else "")
    if kind == "object":
        values = prop.get("additionalProperties") or next(iter(prop.get("patternProperties", {}).values()), None)
        return "mapping" + (f" to {_type(values)}" if isinstance(values, dict) and values else "")
    if kind == "string":
        pattern = prop.get("pattern", "")
        if pattern == ID_PATTERN:
            return "ID"
        if pattern == r"^\d{4}-\d{2}-\d{2}$":
            return 'date (`"YYYY-MM-DD"`)'
        if "maxLength" in prop:
            return f"string (at most {prop['maxLength']} characters)"
        return "string"
    return {"integer": "integer", "number": "number", "boolean": "`true` or `false`"}.get(kind, "any value")


def _def_link(name: str) -> str:
    return "[text](#text)" if name == "Text" else f"[{name}](#{_anchor(name)})"


def _anchor(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _json(value) -> str:
    import json
    return json.dumps(value, ensure_ascii=False)


# --- the command line, from its argparse parser ------------------------------------------------

def command_line_reference() -> str:
    import argparse

    from reportgen.cli import _parser

    lines = ["# Command line", "",
             "Generated when this site is built: the `--help` of every command, from the parser in "
             "`src/reportgen/cli.py`. The [command-line guide](../guide/command-line.md) says what each "
             "command is for.", ""]
    with _columns(100):
        parser = _parser()
        lines += _help_block("reportgen", parser)
        for name, sub in _subcommands(parser, argparse):
            lines += _help_block(f"reportgen {name}", sub)
            for inner_name, inner in _subcommands(sub, argparse):
                lines += _help_block(f"reportgen {name} {inner_name}", inner)
    return "\n".join(lines) + "\n"


def _subcommands(parser, argparse):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _help_block(title: str, parser) -> list[str]:
    return [f"## `{title}`", "", "```text", parser.format_help().rstrip(), "```", ""]


@contextmanager
def _columns(width: int):
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = before
