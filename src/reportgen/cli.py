"""Command line: reportgen check | build | serve | export json.

Exit codes: 0 clean, 1 content errors (or a build step that failed, e.g. no Chromium for the PDF),
2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .changes import BaselineError
from .edition import EDITIONS
from .errors import BuildError, ContentError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits with 2 on usage errors: keep that, say how to get help
        self.print_usage(sys.stderr)
        print(f"reportgen: error: {message} (see 'reportgen --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reportgen", description="Publish an evaluation report as a bilingual static site.")
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
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

    p = sub.add_parser("portal", help="an evaluation office's portal of many evaluations (see README, Portal)")
    portal = p.add_subparsers(dest="portal_command", required=True, parser_class=_Parser)
    p = portal.add_parser("build", help="build every evaluation (cached) and the portal on top")
    p.add_argument("portal_dir", type=Path, metavar="PORTAL_DIR", help="the folder holding portal.yml")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PORTAL_DIR/site)")
    p.add_argument("--from-artifacts", type=Path, default=None, metavar="DIR",
                   help="assemble from evaluation artifacts built elsewhere (DIR/<evaluation folder name>)")

    p = sub.add_parser("export", parents=[common], help="export the validated model")
    p.add_argument("format", choices=["json"])
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "portal":
        from .portal.cli import cmd_portal
        return cmd_portal(args)
    from .project import Project

    project = Project(args.project, args.content, args.templates)
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
        _print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s); nothing was built "
              "(a previous site is left as it was)" if args.command in ("build", "serve") else
              f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s)", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as exc:
        print(f"reportgen: error: {exc}" + ("; nothing was built (a previous site is left as it was)"
                                             if args.command in ("build", "serve") else ""), file=sys.stderr)
        return EXIT_CONTENT


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


PLURALS = {"criterion": "criteria", "question": "questions", "section": "sections", "finding": "findings",
           "conclusion": "conclusions", "recommendation": "recommendations", "lesson": "lessons",
           "good_practice": "good practices"}


def cmd_check(project, args) -> int:
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
                             "add 'response:' with status and text before the round is closed", item=comment.id)
    _print_problems(sorted(report.problems, key=lambda p: (p.file, p.line or 0)))
    counts = {kind: len(checked.graph.of_kind(kind)) for kind in
              ("criterion", "question", "section", "finding", "conclusion", "recommendation", "lesson",
               "good_practice")}
    summary = ", ".join(f"{n} {PLURALS[kind] if n != 1 else kind.replace('_', ' ')}" for kind, n in counts.items())
    failing = report.errors + report.warnings if args.strict else report.errors
    status = "FAILED" if failing else "ok"
    notes = f", {len(report.notes)} note(s)" if report.notes else ""
    print(f"reportgen check: {status}: {len(report.errors)} error(s), {len(report.warnings)} warning(s){notes}"
          f"{' (--strict: warnings count as errors)' if args.strict and report.warnings else ''}; {summary}",
          file=sys.stderr if failing else sys.stdout)
    return EXIT_CONTENT if failing else EXIT_OK


def cmd_build(project, args) -> int:
    from .project import build

    out = args.out or project.root / "site"
    start = time.perf_counter()
    result = build(project, out, strict=args.strict, edition=args.edition, since=args.since,
                   downloads=not args.no_downloads)
    untranslated = [w for w in result.warnings if "untranslated:" in w]
    for warning in result.warnings:
        if warning not in untranslated:
            print(f"warning: {warning}", file=sys.stderr)
    if untranslated or result.notes:
        print(f"note: {len(untranslated) + len(result.notes)} text(s) not translated yet (the English site "
              "shows the Spanish with a notice); 'reportgen check' lists them", file=sys.stderr)
    pages = ", ".join(f"{lang}: {n} pages" for lang, n in result.pages.items())
    print(f"reportgen build: {args.edition} edition written to {result.out} ({pages}) "
          f"in {time.perf_counter() - start:.1f} s")
    return EXIT_OK


def cmd_snapshot(project, args) -> int:
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


def cmd_serve(project, args) -> int:
    from .serve import serve

    out = args.out or project.work_dir / "preview"
    return serve(project, out, args.host, args.port)


def cmd_export(project, args) -> int:
    from .export import dumps
    from .project import check

    checked = check(project)
    checked.report.raise_if_errors()
    text = dumps(checked.graph)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


COMMANDS = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "export": cmd_export,
            "snapshot": cmd_snapshot}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
