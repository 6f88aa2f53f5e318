"""Writes the imported project: reportgen.yml, content/ (YAML + Markdown) and IMPORT.md."""

from __future__ import annotations

from pathlib import Path

import yaml

from .record import ImportRecord


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)


def clean_item(item):
    """Drop the importer's private keys (`_line`, …) before writing."""
    if isinstance(item, dict):
        return {k: clean_item(v) for k, v in item.items() if not k.startswith("_")}
    if isinstance(item, list):
        return [clean_item(v) for v in item]
    return item


def write_project(out: Path, files: dict[str, str]) -> list[Path]:
    """Write every file; `out` must not hold anything yet (nothing of the user's is overwritten)."""
    written = []
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def import_report_markdown(source_name: str, shown_as: str, lang: str, record: ImportRecord) -> str:
    lines = [f"# Import report: {source_name}", "",
             f"Imported by `reportgen import` from {shown_as}; language `{lang}`. Line numbers below are lines "
             "of that text. Every guess is also written as `import_note:` on its item, so that "
             "`reportgen check` lists it until a person confirms it and deletes the note.", "",
             "## Found", "", "| item type | count |", "|---|---|"]
    lines += [f"| {kind} | {count} |" for kind, count in record.found.items()]
    lines += ["", "## Conversion debris repaired", ""]
    lines += [f"- {kind}: {count}" for kind, count in record.repaired.items()] or ["- none"]
    lines += _entries("Guesses to confirm", record.guesses)
    lines += _entries("Fields the source does not give (left empty or absent)", record.missing)
    lines += _entries("Left out", record.left_out)
    lines += ["", "## Next steps", "",
              "1. `reportgen check` in this folder: it lists every `import_note` and every problem.",
              "2. Confirm each guess against the source, correct it if needed, and delete its `import_note`.",
              "3. Fill in, from the source, the fields listed above as not given (never from memory).",
              "4. Add the other languages' texts, then `reportgen build`."]
    return "\n".join(lines) + "\n"


def _entries(title, entries) -> list[str]:
    out = ["", f"## {title} ({len(entries)})", ""]
    if not entries:
        return out + ["None."]
    for entry in entries:
        where = f"line {entry.line}" if entry.line else "—"
        item = f" **{entry.item}**" if entry.item else ""
        out.append(f"- {where}:{item} {entry.text}")
    return out
