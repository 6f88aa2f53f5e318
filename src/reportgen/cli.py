"""Command line: reportgen check | build | serve | export json.

Exit codes: 0 clean, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .errors import ContentError

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

    p = sub.add_parser("build", parents=[common], help="validate, render and build the site")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/site)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("serve", parents=[common], help="live preview: rebuild and reload on every edit")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--out", type=Path, default=None, help="preview folder (default: PROJECT/.reportgen/preview)")

    p = sub.add_parser("export", parents=[common], help="export the validated model")
    p.add_argument("format", choices=["json"])
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
    except ContentError as exc:
        _print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s); nothing was built "
              "(a previous site is left as it was)" if args.command in ("build", "serve") else
              f"reportgen: {errors} error(s), {len(exc.problems) - errors} warning(s)", file=sys.stderr)
        return EXIT_CONTENT


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


PLURALS = {"criterion": "criteria", "question": "questions", "section": "sections", "finding": "findings",
           "conclusion": "conclusions", "recommendation": "recommendations", "lesson": "lessons",
           "good_practice": "good practices"}


def cmd_check(project, args) -> int:
    from .project import check

    checked = check(project)
    report = checked.report
    _print_problems(sorted(report.problems, key=lambda p: (p.file, p.line or 0)))
    counts = {kind: len(checked.graph.of_kind(kind)) for kind in
              ("criterion", "question", "section", "finding", "conclusion", "recommendation", "lesson",
               "good_practice")}
    summary = ", ".join(f"{n} {PLURALS[kind] if n != 1 else kind.replace('_', ' ')}" for kind, n in counts.items())
    failing = report.problems if args.strict else report.errors
    status = "FAILED" if failing else "ok"
    print(f"reportgen check: {status}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
          f"{' (--strict: warnings count as errors)' if args.strict and report.warnings else ''}; {summary}",
          file=sys.stderr if failing else sys.stdout)
    return EXIT_CONTENT if failing else EXIT_OK


def cmd_build(project, args) -> int:
    from .project import build

    out = args.out or project.root / "site"
    start = time.perf_counter()
    result = build(project, out, strict=args.strict)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    pages = ", ".join(f"{lang}: {n} pages" for lang, n in result.pages.items())
    print(f"reportgen build: site written to {result.out} ({pages}) in {time.perf_counter() - start:.1f} s")
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


COMMANDS = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "export": cmd_export}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
