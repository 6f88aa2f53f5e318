"""Command line: reportgen check | build | serve | export json|docx.

Exit codes: 0 clean, 1 content errors (or a build step that failed, e.g. no Chromium for the PDF),
2 usage errors.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Iterable, NoReturn

from . import __version__
from .changes import BaselineError
from .content.base import ID_PATTERN
from .edition import EDITIONS
from .errors import EXIT_CONTENT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, BuildError, ContentError
from .output import OutputRefused, check_output, new_folder_refusal
from .problem_codes import UNTRANSLATED

if TYPE_CHECKING:  # the commands import the pipeline when they run (a fast --help)
    import datetime

    from .errors import Problem
    from .graph import Graph
    from .project import Checked, Project
    from .site import BuildResult



class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits with 2 on usage errors: keep that, say how to get help
        self.print_usage(sys.stderr)
        print(f"reportgen: error: {message} (see 'reportgen --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reportgen", description="Publish an evaluation report as a multilingual, searchable static site.")
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    common = _Parser(add_help=False)  # only its arguments are used, by the subcommands
    common.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    common.add_argument("--content", type=Path, help="content folder (default: PROJECT/content)")
    common.add_argument("--templates", type=Path, action="append", default=[],
                        help="folder searched for templates before the built-in ones (repeatable)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", parents=[common], help="validate the content and report every problem")
    p.add_argument("--strict", action="store_true", help="treat warnings (missing translations) as errors")
    p.add_argument("--edition", choices=EDITIONS, default="review",
                   help="check the content as the given edition sees it (public: internal items left out)")
    p.add_argument("--round", help="with --final: the comment round to check")
    p.add_argument("--final", action="store_true", help="fail while a comment of --round has no response")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: the problems as a JSON array on standard output (file, line, column, item, code, "
                   "level, message, hint), for tools and editors; the exit code is the same")

    p = sub.add_parser("build", parents=[common], help="validate, render and build the site")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/site)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--edition", choices=EDITIONS, default="review",
                   help="review (default: draft banner, comments, what changed) or public")
    p.add_argument("--since", help="what-changed baseline: a snapshot name (snapshots/NAME.json) or a git "
                   "revision (default: the last snapshot, if any)")
    p.add_argument("--no-downloads", action="store_true", help="skip the PDF and data downloads (faster)")

    p = sub.add_parser("snapshot", parents=[common], help="save the validated model as the state sent out "
                       "for a comment round (snapshots/NAME.json)")
    p.add_argument("name")

    p = sub.add_parser("serve", parents=[common], help="live preview: rebuild and reload on every edit")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--out", type=Path, default=None, help="preview folder (default: PROJECT/.reportgen/preview)")

    p = sub.add_parser("new", help="start a new evaluation project: a small example in your languages")
    p.add_argument("folder", type=Path, help="the project folder to create (new, or empty)")
    p.add_argument("--languages", default="en",
                   help="comma-separated language codes, the report's original language first (default: en; "
                        "shipped: en, fr, es)")

    p = sub.add_parser("schema", parents=[common], help="write the JSON Schemas of the content files and of "
                       "reportgen.yml (for editor completion), and of the JSON export")
    p.add_argument("--out", type=Path, help="folder to write them to (default: PROJECT/schemas)")

    p = sub.add_parser("import", help="turn a report (.md/.txt, .docx, .pdf or .html) into a project to review")
    p.add_argument("source", type=Path, help="the report: .md, .txt, .docx, .pdf or .html (a saved web page)")
    p.add_argument("--out", type=Path, required=True, help="new folder for the project (must not exist or be empty)")
    p.add_argument("--language", choices=("es", "en", "fr"), help="the report's language (default: detected)")

    p = sub.add_parser("portal", help="an evaluation office's portal of many evaluations (see README, Portal)")
    portal = p.add_subparsers(dest="portal_command", required=True, parser_class=_Parser)
    p = portal.add_parser("build", help="build every evaluation (cached) and the portal on top")
    p.add_argument("portal_dir", type=Path, metavar="PORTAL_DIR", help="the folder holding portal.yml")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PORTAL_DIR/site)")
    p.add_argument("--from-artifacts", type=Path, default=None, metavar="DIR",
                   help="assemble from evaluation artifacts built elsewhere (DIR/<evaluation folder name>)")
    p.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the follow-up speaks for ('as of', overdue actions) in every evaluation's pages "
                   "and the portal's (default: today; with --from-artifacts, the artifacts' own date)")

    p = portal.add_parser("artifact", help="build one evaluation's artifact (one CI job per evaluation; then "
                          "'portal build --from-artifacts' assembles them)")
    p.add_argument("portal_dir", type=Path, metavar="PORTAL_DIR", help="the folder holding portal.yml")
    p.add_argument("evaluation", metavar="EVALUATION", help="the evaluation's folder name, as portal.yml lists it")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="the artifacts folder: the artifact is written to DIR/EVALUATION")
    p.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the follow-up speaks for (give every job of a pipeline the same date)")
    p = portal.add_parser("list", help="the evaluations of portal.yml, one folder name a line (a CI matrix)")
    p.add_argument("portal_dir", type=Path, metavar="PORTAL_DIR", help="the folder holding portal.yml")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("export", parents=[common], help="export the validated model (json) or the whole "
                       "report as a Word document (docx)")
    p.add_argument("format", choices=["json", "docx"])
    p.add_argument("-o", "--output", type=Path, help="file to write (default for json: standard output; "
                   "required for docx)")
    p.add_argument("--edition", choices=EDITIONS, default="review",
                   help="review (default: everything; docx: the draft for comments) or public (no internal "
                   "item, no comment: the public site's downloads)")
    p.add_argument("--language", help="docx: the report's language (default: the original language)")
    p.add_argument("--round", help="docx: the comment round the draft is sent out for (recorded in the file: "
                   "its comments are then imported into that round only)")

    from .comments_command import add_arguments as add_comments_arguments
    p = sub.add_parser("comments", help="comment rounds: import reviewers' Word files and comments matrices, "
                       "export the matrix")
    add_comments_arguments(p, common, _Parser)

    from .translate.commands import add_arguments as add_translate_arguments
    p = sub.add_parser("translate", help="translators' round trip: PO/XLIFF export, import, status")
    add_translate_arguments(p, common, _Parser)
    return parser


def _iso_date(text: str) -> datetime.date:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that staging folders are cleaned up on the way out."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(args)
    except (KeyboardInterrupt, Terminated):
        print("reportgen: interrupted; the previous site is untouched" if args.command in ("build", "serve")
              else "reportgen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(args: argparse.Namespace) -> int:
    if args.command == "portal":
        from .portal.cli import cmd_portal
        return cmd_portal(args)
    if args.command in ("new", "import"):  # they make a project: there is none to load yet
        try:
            return cmd_new(args) if args.command == "new" else cmd_import(args)
        except OSError as exc:
            print(f"reportgen {args.command}: error: {os_problem(exc)}", file=sys.stderr)
            return EXIT_CONTENT
    from .context import Environment
    from .project import Project

    # The only place the build reads environment variables (context.Environment).
    project = Project(args.project, args.content, args.templates, environment=Environment.read(os.environ))
    if not project.content_dir.is_dir():
        print(f"reportgen: error: content folder {project.content_dir} not found "
              "(run from the project folder or give --project / --content)", file=sys.stderr)
        return EXIT_USAGE
    for folder in args.templates:
        if not folder.is_dir():
            print(f"reportgen: error: templates folder {folder} not found", file=sys.stderr)
            return EXIT_USAGE
    try:
        return COMMANDS[args.command](project, args)
    except BaselineError as exc:
        print(f"reportgen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        if getattr(args, "format", "text") == "json":  # check --format json
            _print_json(exc.problems)
        else:
            _print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s); nothing was built "
              "(a previous site is left as it was)" if args.command in ("build", "serve") else
              f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s)", file=sys.stderr)
        return EXIT_CONTENT
    except OutputRefused as exc:
        print(f"reportgen: error: {exc}; nothing was touched", file=sys.stderr)
        return EXIT_USAGE
    except BuildError as exc:
        print(f"reportgen: error: {exc}" + ("; nothing was built (a previous site is left as it was)"
                                             if args.command in ("build", "serve") else ""), file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # a full disk, a file-size limit, a read-only folder, ...
        print(f"reportgen: error: {os_problem(exc)}" + ("; nothing was built (the previous site is untouched)"
                                                         if args.command in ("build", "serve") else ""),
              file=sys.stderr)
        return EXIT_CONTENT


def os_problem(exc: OSError) -> str:
    """An operating-system error in plain words, with what to do."""
    target = getattr(exc, "filename2", None) or exc.filename  # a copy names its source first
    what = f"cannot write {target}" if target else "a file operation failed"
    advice = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some disk space (quota)",
              errno.EFBIG: "raise the file-size limit (ulimit -f) or free space",
              errno.EROFS: "choose a writable output folder with --out",
              errno.EACCES: "check the folder's permissions or choose another one with --out",
              errno.EPERM: "check the folder's permissions or choose another one with --out"}
    hint = advice.get(exc.errno or 0, "check the path and try again")
    return f"{what}: {exc.strerror or exc} ({hint})"


def _print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def _count_summary(graph: Graph) -> str:
    """"3 criteria, 1 question, …": the item types the registry counts (`counted`), in its order."""
    from .content.registry import item_types
    parts = []
    for t in item_types():
        n = len(graph.of_kind(t.kind))
        if t.counted == "always" or (t.counted == "present" and n):
            parts.append(f"{n} {t.plural_words if n != 1 else t.kind.replace('_', ' ')}")
    return ", ".join(parts)


def _print_json(problems: Iterable[Problem]) -> None:
    json.dump([p.as_json() for p in problems], sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    from .graph import unanswered_comments
    from .project import check

    if args.final and not args.round:
        print("reportgen: error: --final needs --round NAME", file=sys.stderr)
        return EXIT_USAGE
    checked = check(project, args.edition)
    report = checked.report
    if args.round:
        if args.round not in {r.id for r in checked.content.rounds}:
            print(f"reportgen: error: no round {args.round!r} (rounds: "
                  f"{', '.join(r.id for r in checked.content.rounds) or 'none'})", file=sys.stderr)
            return EXIT_USAGE
        if args.final:
            for comment in unanswered_comments(checked.graph, args.round):
                origin = checked.content.origin(comment)
                report.error(origin.file, origin.line, f"comment of round {args.round} has no response",
                             "add 'response:' with status and text before the round is closed", item=comment.id,
                             code="round.unanswered")
    problems = sorted(report.problems, key=lambda p: (p.file, p.line or 0))
    if args.format == "json":  # the array alone on standard output; the summary line goes to standard error
        _print_json(problems)
    else:
        _print_problems(problems)
    summary = _count_summary(checked.graph)
    failing = report.errors + report.warnings if args.strict else report.errors
    out = sys.stderr if failing or args.format == "json" else sys.stdout
    if not report.errors:
        for line in _translation_lines(project, checked.ctx.languages):
            print(f"reportgen check: {line}", file=out)
    status = "FAILED" if failing else "ok"
    notes = f", {len(report.notes)} note(s)" if report.notes else ""
    ignored = f", {len(report.ignored)} ignored (validation: in reportgen.yml)" if report.ignored else ""
    print(f"reportgen check: {status}: {len(report.errors)} error(s), {len(report.warnings)} warning(s){notes}"
          f"{ignored}{' (--strict: warnings count as errors)' if args.strict and report.warnings else ''}; "
          f"{summary}", file=out)
    return EXIT_CONTENT if failing else EXIT_OK


def _translation_lines(project: Project, languages: tuple[str, ...]) -> list[str]:
    """Each translation's units by state, counted as `reportgen translate status` counts them (one
    function for both: a sentence of a narrative is a unit, as a title is)."""
    from .errors import ContentError
    from .translate.status import language_counts, summary_line

    try:
        counts = language_counts(project.content_dir.resolve(), languages, validated=True)
    except ContentError:   # (a broken sidecar: 'translate status' says where)
        return []
    return [summary_line(lang, c) + " ('reportgen translate status' lists them by type)"
            for lang, c in counts.items()]


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .project import build

    out = check_output(args.out or project.root / "site", project)
    if args.since is not None and args.since.startswith("-"):
        print(f"reportgen: error: --since {args.since!r}: a snapshot name or git revision cannot start with '-'",
              file=sys.stderr)
        return EXIT_USAGE
    start = time.perf_counter()
    result = build(project, out, strict=args.strict, edition=args.edition, since=args.since,
                   downloads=not args.no_downloads)
    _print_build_problems(result)
    pages = ", ".join(f"{lang}: {n} pages" for lang, n in result.pages.items())
    print(f"reportgen build: {args.edition} edition written to {result.out} ({pages}) "
          f"in {time.perf_counter() - start:.1f} s")
    return EXIT_OK




def _print_build_problems(result: BuildResult) -> None:
    """The content's warnings in full, except the untranslated texts (counted); notes counted per code."""
    for problem in result.problems:
        if problem.severity == "warning" and problem.code not in UNTRANSLATED:
            print(f"warning: {problem.format()}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    untranslated = [p for p in result.problems if p.code in UNTRANSLATED]
    if untranslated:
        print(f"note: {len(untranslated)} text(s) not translated yet (translated pages show the original "
              "with a notice); 'reportgen check' lists them", file=sys.stderr)
    notes = Counter(p.code for p in result.problems if p.severity == "note" and p.code not in UNTRANSLATED)
    if notes:
        counts = ", ".join(f"{n} {code}" for code, n in sorted(notes.items()))
        print(f"note: 'reportgen check' has notes on the content ({counts})", file=sys.stderr)


def cmd_snapshot(project: Project, args: argparse.Namespace) -> int:
    from .changes import snapshot_path
    from .export import dumps
    from .project import check

    path = snapshot_path(project.root, args.name)
    checked = check(project)
    checked.report.raise_if_errors()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(checked.graph), encoding="utf-8")
    print(f"reportgen snapshot: saved {path} ({len(checked.graph.nodes)} items)")
    return EXIT_OK


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import PortInUse, serve

    out = check_output(args.out or project.work_dir / "preview", project)
    try:
        return serve(project, out, args.host, args.port)
    except PortInUse as exc:
        print(f"reportgen serve: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def cmd_export(project: Project, args: argparse.Namespace) -> int:
    import json

    from .project import check, export_json

    if args.format == "docx" and not args.output:
        print("reportgen: error: export docx needs -o FILE.docx (a Word document is not written to the "
              "terminal)", file=sys.stderr)
        return EXIT_USAGE
    if args.round and (args.format != "docx" or not re.fullmatch(ID_PATTERN, args.round)):
        print("reportgen: error: --round is for export docx, and names a round ID (letters, digits, '.', '-', '_')",
              file=sys.stderr)
        return EXIT_USAGE
    if args.language and args.format != "docx":
        print("reportgen: error: --language is for export docx (the JSON holds every language)", file=sys.stderr)
        return EXIT_USAGE
    if args.output and not args.output.parent.is_dir():
        print(f"reportgen: error: -o {args.output}: folder {args.output.parent} does not exist "
              "(create it first)", file=sys.stderr)
        return EXIT_USAGE
    start = time.perf_counter()
    checked = check(project, args.edition)
    checked.report.raise_if_errors()
    if args.format == "docx":
        return _export_docx(project, checked, args, start)
    text = json.dumps(export_json(project, checked), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _export_docx(project: Project, checked: Checked, args: argparse.Namespace, start: float) -> int:
    from .downloads.common import Texts
    from .downloads.docx_report import report_docx
    from .i18n import Catalogs

    languages = checked.ctx.languages
    lang = args.language or checked.ctx.original
    if lang not in languages:
        print(f"reportgen: error: --language {lang}: the report's languages are {', '.join(languages)}",
              file=sys.stderr)
        return EXIT_USAGE
    catalogs = Catalogs(project.template_dirs, checked.ctx.config.vocabulary)
    written = report_docx(checked.graph, Texts(checked.graph, catalogs, lang), args.round)
    args.output.write_bytes(written.data)
    counts = ", ".join(f"{n} {kind}" for kind, n in written.bookmarks.items())
    kind = "draft for comments" if args.edition == "review" else "report"
    print(f"reportgen export docx: {kind} ({lang}, {args.edition} edition) written to {args.output}: "
          f"{len(written.data) // 1024} KB, {written.footnotes} footnotes, bookmarks: {counts} "
          f"in {time.perf_counter() - start:.1f} s")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .i18n import Catalogs
    from .resources import builtin_templates
    from .starter import StarterError, create_project

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    refusal = new_folder_refusal(args.folder)
    if refusal:
        print(f"reportgen new: error: {refusal} (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = create_project(args.folder, languages, builtin_templates() / "starter", Catalogs().languages())
    except StarterError as exc:
        print(f"reportgen new: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"reportgen new: wrote {len(written)} files into {args.folder} ({', '.join(languages)}; "
          f"original language: {languages[0]}). Next:\n"
          f"  cd {args.folder}\n  reportgen serve        # live preview at http://127.0.0.1:8000\n"
          f"  reportgen check --strict\n  reportgen build        # the site, in site/")
    return EXIT_OK


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .content.config import load_config
    from .content.jsonschema import write_schemas
    from .errors import Report
    from .project import check

    report = Report()
    config, _ = load_config(project.root, report)
    languages = config.languages or list(check(project).ctx.languages)
    from .export import write_export_schema

    folder = args.out or project.root / "schemas"
    refusal = new_folder_refusal(folder, own_project=project.root, content_dir=project.content_dir)
    if refusal:
        print(f"reportgen schema: error: {refusal} (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    written = write_schemas(folder, languages) + [write_export_schema(folder)]
    print(f"reportgen schema: wrote {', '.join(str(p) for p in written)} (languages: {', '.join(languages)})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import SourceError, import_report

    refusal = new_folder_refusal(args.out)
    if refusal:
        print(f"reportgen import: error: --out {refusal} (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = import_report(args.source, args.out, args.language)
    except SourceError as exc:
        print(f"reportgen import: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    found = ", ".join(f"{n} {kind}" for kind, n in result.record.found.items() if n)
    print(f"reportgen import: {result.out} ({result.language}): {found}; {len(result.record.guesses)} guess(es) "
          f"to confirm, {len(result.record.missing)} field(s) not in the source: see {result.out / 'IMPORT.md'}")
    return EXIT_OK


def cmd_comments(project: Project, args: argparse.Namespace) -> int:
    from .comments_command import run

    return run(project, args)


def cmd_translate(project: Project, args: argparse.Namespace) -> int:
    from .translate.commands import run

    return run(project, args)


COMMANDS = {"schema": cmd_schema, "check": cmd_check, "build": cmd_build, "serve": cmd_serve, "export": cmd_export,
            "snapshot": cmd_snapshot, "translate": cmd_translate, "comments": cmd_comments}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
