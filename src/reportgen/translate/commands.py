"""`reportgen translate export | import | status`: arguments and the three commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, ContentError, Problem
from .languages import normalize_language, project_languages

if TYPE_CHECKING:
    from .catalog import OutEntry
    from .units import Unit

FORMATS = ("po", "xliff", "xliff2", "tmx", "tbx", "csv")
MAX_NOTES = 20


class ProjectDirs(Protocol):
    """What the commands use of project.Project (translate sits beside the build: it does not import it)."""

    root: Path
    content_dir: Path


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser,
                  parser_class: type[argparse.ArgumentParser]) -> None:
    sub = parser.add_subparsers(dest="translate_command", metavar="{export,import,status}", required=True,
                                parser_class=parser_class)
    p = sub.add_parser("export", parents=[common], help="write every text with its translation to a PO or "
                       "XLIFF (1.2 or 2.0) file for translators")
    p.add_argument("--language", help="the translation's language (default: the only one besides the original)")
    p.add_argument("--out", type=Path, required=True, help="FILE.po or FILE.xlf")
    p.add_argument("--format", choices=FORMATS, help="the file's format (default: from its name: .po, .xlf "
                   "(XLIFF 1.2), .tmx, .tbx, .csv); xliff2 writes XLIFF 2.0")
    p = sub.add_parser("import", parents=[common], help="write a translated PO or XLIFF file back into the "
                       "YAML and Markdown files (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--language", help="the translation's language (default: from the file)")
    p.add_argument("--accept-fuzzy", action="store_true", help="also import entries marked fuzzy and "
                   "translations of originals changed since the export (they stay marked fuzzy)")
    p.add_argument("--force", action="store_true", help="import even where the content's translation changed "
                   "after this file was exported (the file's translation replaces the newer one)")
    sub.add_parser("status", parents=[common], help="translated, fuzzy and missing texts per language and type")


def run(project: ProjectDirs, args: argparse.Namespace) -> int:
    languages = project_languages(project.root, project.content_dir)
    return {"export": _export, "import": _import, "status": _status}[args.translate_command](
        project, args, languages)


def _usage(message: str) -> int:
    print(f"reportgen translate: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _target_language(args: argparse.Namespace, languages: tuple[str, ...]) -> str | None:
    if args.language:
        return normalize_language(args.language, languages[1:])
    return languages[1] if len(languages) == 2 else None


def _export(project: ProjectDirs, args: argparse.Namespace, languages: tuple[str, ...]) -> int:
    from .catalog import catalog_format, po_bytes, tmx_bytes, xliff2_bytes, xliff_bytes
    from .sidecar import read_sidecar
    from .status import count_states
    from .status import totals as status_totals
    from .units import evaluation_code

    suffix = args.out.suffix.lower()
    kind = args.format or catalog_format(args.out) or (suffix[1:] if suffix in (".tmx", ".tbx", ".csv") else None)
    if kind in ("tbx", "csv"):
        return _export_terms(project, args, languages, "." + kind)
    if kind is None:
        return _usage(f"{args.out}: give a .po or .xlf file name (XLIFF 1.2; --format xliff2 for XLIFF 2.0), "
                      ".tmx for the translation memory, .tbx or .csv for the term base")
    lang = _target_language(args, languages)
    if lang is None:
        return _usage(f"give --language, one of: {', '.join(languages[1:])} (the original is {languages[0]})")
    units, entries = export_entries(project.content_dir, languages, lang)
    fingerprints = read_sidecar(project.content_dir, lang)
    write = {"po": po_bytes, "xliff": xliff_bytes, "xliff2": xliff2_bytes, "tmx": tmx_bytes}[kind]
    code = evaluation_code(project.content_dir, project.root.name)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(args.out, write(entries, languages[0], lang, code))
    except OSError as exc:
        print(f"{args.out}: error: cannot write the file: {exc.strerror} [catalog.write_failed]", file=sys.stderr)
        return EXIT_CONTENT
    totals = status_totals(count_states(units, fingerprints))
    print(f"reportgen translate export: {len(entries)} texts ({languages[0]} → {lang}: "
          f"{totals['translated']} translated, {totals['fuzzy']} fuzzy, {totals['missing']} missing) "
          f"written to {args.out}")
    return EXIT_OK


def _export_terms(project: ProjectDirs, args: argparse.Namespace, languages: tuple[str, ...], suffix: str) -> int:
    from .terms import csv_bytes, load_terms, tbx_bytes

    try:
        terms = load_terms(project.content_dir, languages)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_CONTENT
    if not terms:
        return _usage(f"no term base: write {project.content_dir.name}/terms.yaml first (see docs/translation.md)")
    data = (tbx_bytes if suffix == ".tbx" else csv_bytes)(terms, languages)
    try:
        _write_atomically(args.out, data)
    except OSError as exc:
        print(f"{args.out}: error: cannot write the file: {exc.strerror} [catalog.write_failed]", file=sys.stderr)
        return EXIT_CONTENT
    print(f"reportgen translate export: the term base, {len(terms)} terms ({', '.join(languages)}), written to "
          f"{args.out}")
    return EXIT_OK


def export_entries(content_dir: Path, languages: tuple[str, ...], lang: str) -> tuple[list[Unit], list[OutEntry]]:
    """The units of the content and the entries an export writes for them (shared with the tests)."""
    from .catalog import OutEntry
    from .sidecar import NO_TARGET_FP, UNTRANSLATED, fingerprint, read_sidecar, read_sources
    from .status import previous_source, unit_state
    from .terms import load_terms, unit_note
    from .units import MarkdownBlock, collect_units

    units = collect_units(content_dir, languages, lang)
    terms = load_terms(content_dir, languages)
    fingerprints = read_sidecar(content_dir, lang)
    sources = read_sources(content_dir)
    entries = []
    for u in units:
        fuzzy = unit_state(u, fingerprints) == "fuzzy"
        # a paragraph of a new file that still holds the original's text goes out empty
        translation = "" if fingerprints.get(u.context) == UNTRANSLATED else (u.translation or "")
        whole_file = isinstance(u.target, MarkdownBlock) and u.target.index is None
        note = "\n".join(x for x in (u.note, unit_note(terms, u.source, lang)) if x)
        entries.append(OutEntry(u.context, u.source, translation, note, u.reference, fuzzy,
                                previous_source(u, fingerprints, sources) if fuzzy else "",
                                fingerprint(translation) if translation.strip() else NO_TARGET_FP,
                                tags=not whole_file))
    return units, entries


def _import(project: ProjectDirs, args: argparse.Namespace, languages: tuple[str, ...]) -> int:
    from .units import evaluation_code
    from .writeback import import_catalog

    if not args.file.is_file():
        return _usage(f"{args.file}: file not found")
    lang = normalize_language(args.language, languages[1:]) if args.language else None
    if args.language and lang is None:
        return _usage(f"--language must be one of: {', '.join(languages[1:])}")
    try:
        result = import_catalog(project.content_dir, languages, args.file, str(args.file), lang,
                                args.accept_fuzzy, force=args.force,
                                project_code=evaluation_code(project.content_dir, project.root.name))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"reportgen translate import: {len(exc.problems)} problem(s); nothing was written",
              file=sys.stderr)
        return EXIT_CONTENT
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    for context, line in result.skipped_fuzzy[:MAX_NOTES]:
        print(Problem(str(args.file), line, item=context, message=f"{context} is marked fuzzy or needs review in "
                      "the file: not imported", hint="clear the mark once reviewed, or import with --accept-fuzzy",
                      severity="note", code="catalog.fuzzy_skipped").format(), file=sys.stderr)
    if len(result.skipped_fuzzy) > MAX_NOTES:
        print(f"note: … and {len(result.skipped_fuzzy) - MAX_NOTES} more entries marked fuzzy", file=sys.stderr)
    files = ", ".join(result.files) if result.files else "no file changed"
    kept = f", {result.kept_fuzzy} kept fuzzy" if result.kept_fuzzy else ""
    print(f"reportgen translate import: {result.lang}: {len(result.changed)} translation(s) changed, "
          f"{result.unchanged} unchanged, {result.empty} empty, {len(result.skipped_fuzzy)} fuzzy skipped{kept}; "
          f"written: {files}")
    return EXIT_OK


def _write_atomically(path: Path, data: bytes) -> None:
    from .writeback import write_all

    path.parent.mkdir(parents=True, exist_ok=True)
    write_all({path: data})


def _status(project: ProjectDirs, args: argparse.Namespace, languages: tuple[str, ...]) -> int:
    from .status import language_counts, status_table

    tables = [status_table(lang, languages[0], counts)
              for lang, counts in language_counts(project.content_dir, languages).items()]
    print("\n\n".join(tables) if tables else f"only one language ({languages[0]}): nothing to translate")
    return EXIT_OK
