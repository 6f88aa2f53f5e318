"""Writes the imported project: reportgen.yml, content/ (YAML + Markdown) and IMPORT.md."""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .errors import SourceError
from .record import GUESSED, READ, Entry, ImportRecord, Source


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: object) -> str:
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)
    return text


def clean_item(item: object) -> object:
    """Drop the importer's private keys (`_line`, …) before writing."""
    if isinstance(item, dict):
        return {k: clean_item(v) for k, v in item.items() if not k.startswith("_")}
    if isinstance(item, list):
        return [clean_item(v) for v in item]
    return item


def write_project(out: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write every file, all or nothing: into a folder beside `out`, renamed to `out` at the end (a
    rename replaces an empty folder and fails on a full one). An error, a full disk or Ctrl-C on the
    way removes the half-written folder; `out` is never left half-written, nothing lands outside it."""
    staging = out.parent / f".{out.name}.importing-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as exc:
        raise SourceError(_unwritable(out, exc)) from None
    try:
        root = staging.resolve()
        for relative, text in files.items():
            path = staging / relative
            if not path.resolve().is_relative_to(root):  # a name made from the source's words: confined
                raise SourceError(f"{out}: the import made the file name {relative!r}, outside the project; "
                                  "nothing was written (report this as a bug of reportgen import)")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):  # a figure's picture
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        try:
            os.rename(staging, out)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
                raise SourceError(f"{out}: the output folder was filled (or made a file) by another program while "
                                  "the report was read; nothing was written: give a new folder") from None
            raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SourceError(_unwritable(out, exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / relative for relative in files]


_ADVICE = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some disk space (quota)",
           errno.EROFS: "choose a writable folder with --out", errno.EACCES: "choose a writable folder with --out",
           errno.EPERM: "choose a writable folder with --out"}


def _unwritable(out: Path, exc: OSError) -> str:
    return (f"{out}: the project cannot be written there ({exc.strerror or exc}); "
            f"{_ADVICE.get(exc.errno or 0, 'check the path and try again')}; nothing was written")


def import_report_markdown(source_name: str, shown_as: str, lang: str, record: ImportRecord) -> str:
    lines = [f"# Import report: {source_name}", "",
             f"Imported by `reportgen import` from {shown_as}; language `{lang}`. Line numbers below are lines "
             "of that text. Every guess is also written as `import_note:` on its item, so that "
             "`reportgen check` lists it until a person confirms it and deletes the note. The same record, "
             f"machine-readable, is `{RECORD_FILE}`.", ""]
    if record.verdict:
        lines += [f"**{record.verdict}**", ""]
    lines += ["## Found", "", "| item type | count |", "|---|---|"]
    lines += [f"| {kind} | {count} |" for kind, count in record.found.items()]
    lines += _chapters(record)
    lines += ["", "## Conversion debris repaired", ""]
    lines += [f"- {kind}: {count}" for kind, count in record.repaired.items()] or ["- none"]
    lines += _entries("Guesses to confirm", record.guesses)
    lines += _entries("Links read from the report's own references", record.links)
    lines += _entries("Fields the source does not give (left empty or absent)", record.missing)
    lines += _entries("Left out", record.left_out)
    lines += _unplaced(record)
    lines += _items(record)
    lines += ["", "## Next steps", "",
              "1. `reportgen check` in this folder: it lists every `import_note` and every problem.",
              "2. Confirm each guess against the source, correct it if needed, and delete its `import_note`.",
              "3. Fill in, from the source, the fields listed above as not given (never from memory).",
              "4. Add the other languages' texts, then `reportgen build`."]
    return "\n".join(lines) + "\n"


def _entries(title: str, entries: list[Entry]) -> list[str]:
    out = ["", f"## {title} ({len(entries)})", ""]
    if not entries:
        return out + ["None."]
    for entry in entries:
        where = f"line {entry.line}" if entry.line else "—"
        item = f" **{entry.item}**" if entry.item else ""
        out.append(f"- {where}:{item} {entry.text}")
    return out


RECORD_FILE = "import-record.json"


def _lines(source: Source) -> str:
    if not source.first:
        return "—"
    return f"{source.first}" if source.last in (None, source.first) else f"{source.first}–{source.last}"


def _chapters(record: ImportRecord) -> list[str]:
    out = ["", "## Chapters recognised", "", "| lines | heading | what the import did |", "|---|---|---|"]
    out += [f"| {_lines(c)} | {c.ident.replace('|', '/')} | {c.how} |" for c in record.chapters]
    return out if record.chapters else out[:3] + ["None."]


def _unplaced(record: ImportRecord) -> list[str]:
    out = ["", f"## Source text that went nowhere ({len(record.unplaced)})", "",
           "Spans outside the cover fields, the title and every chapter above: nothing of them is in the project."]
    out += [""] + [f"- lines {_lines(u)}: {u.how}" for u in record.unplaced] if record.unplaced else ["", "None."]
    return out


def _items(record: ImportRecord) -> list[str]:
    out = ["", f"## Items and their source lines ({len(record.items)})", "",
           f"Confidence: {READ} read from the report's own label or heading; {GUESSED} a guess (see its import note).",
           "", "| item | type | lines | confidence |", "|---|---|---|---|"]
    return out + [f"| {i.ident} | {i.kind} | {_lines(i)} | {i.confidence} |" for i in record.items]


def record_json(source_name: str, lang: str, record: ImportRecord) -> str:
    """IMPORT.md's facts for programs: items with lines and confidence, chapters, unplaced spans."""
    def entries(values: Iterable[Entry]) -> list[dict[str, object]]:
        return [{"line": e.line, "item": e.item, "text": e.text} for e in values]

    def sources(values: Iterable[Source]) -> list[dict[str, object]]:
        return [{"kind": s.kind, "id": s.ident, "lines": [s.first, s.last], "confidence": s.confidence,
                 "how": s.how} for s in values]
    data = {"source": source_name, "language": lang, "verdict": record.verdict, "found": dict(record.found),
            "items": sources(record.items), "chapters": sources(record.chapters), "unplaced": sources(record.unplaced),
            "guesses": entries(record.guesses), "links": entries(record.links), "missing": entries(record.missing), "left_out": entries(record.left_out)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
