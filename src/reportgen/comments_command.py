"""`reportgen comments import | export`: a comment round from reviewers' files, and the comments matrix.

import: Word copies of the draft (.docx, margin comments and tracked changes) and filled-in
comments matrices (.xlsx, or a .docx matrix) → content/rounds/ROUND.yaml. Every file is read and
checked first; a problem in any of them is told with its file and comment or row, and then
nothing is written.
export: the round's comments as a matrix (.xlsx or .docx) for the evaluation team's responses.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .content.base import ID_PATTERN
from .errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Report

if TYPE_CHECKING:  # imported when a command runs
    from .i18n import Strings
    from .project import Checked, Project
    from .review.incoming import IncomingComment
    from .review.matrix import MatrixRead, MatrixTexts
    from .review.word import WordRead

WORD, MATRIX, SITE = ".docx", (".xlsx", ".docx"), ".json"


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser,
                  parser_class: type[argparse.ArgumentParser]) -> None:
    sub = parser.add_subparsers(dest="comments_command", metavar="{import,export}", required=True,
                                parser_class=parser_class)
    p = sub.add_parser("import", parents=[common], help="add the comments of reviewers' Word files and comments "
                       "matrices to a round (content/rounds/ROUND.yaml)")
    p.add_argument("round", metavar="ROUND", help="the round's ID (made, with --name and --date, when new)")
    p.add_argument("files", metavar="FILE", type=Path, nargs="+", help=".docx (a reviewer's copy of the draft, "
                   "or a comments matrix), .xlsx (a comments matrix) or .json (saved on the review site)")
    p.add_argument("--reviewer", metavar="ORG", help="the organisation that sent the files (default: each "
                   "comment's author)")
    p.add_argument("--name", help="a new round's name (default: from its ID)")
    p.add_argument("--date", help="a new round's date, e.g. 2024-12 (default: this month)")
    p.add_argument("--language", help="the language of responses read from a matrix (default: the original)")
    p = sub.add_parser("export", parents=[common], help="write a round's comments matrix for the team's responses")
    p.add_argument("round", metavar="ROUND")
    p.add_argument("-o", "--output", type=Path, required=True, help="matrix.xlsx or matrix.docx")
    p.add_argument("--language", help="the language of the responses shown (default: the original)")
    p.add_argument("--force", action="store_true", help="replace an existing file (it may hold responses)")


def run(project: Project, args: argparse.Namespace) -> int:
    return {"import": _import, "export": _export}[args.comments_command](project, args)


def _usage(message: str) -> int:
    print(f"reportgen comments: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _checked(project: Project) -> Checked:
    from .project import check

    checked = check(project)
    checked.report.raise_if_errors()  # comments are placed on the model: it must be whole
    return checked


def _language(args: argparse.Namespace, checked: Checked) -> str | None:
    languages = list(checked.ctx.languages)
    return args.language if args.language in languages else (languages[0] if not args.language else None)


def _matrix_catalogs(project: Project, checked: Checked) -> list[Strings]:
    """The comments matrix's words (interface texts `comments_matrix`) in every language there are texts for."""
    from .i18n import Catalogs

    catalogs = Catalogs(project.template_dirs, checked.ctx.config.vocabulary)
    return [catalogs.strings(lang)["comments_matrix"] for lang in catalogs.languages()]


def _matrix_texts(project: Project, checked: Checked, language: str) -> MatrixTexts:
    from .i18n import Catalogs
    from .review.matrix import MatrixTexts

    catalogs = Catalogs(project.template_dirs, checked.ctx.config.vocabulary)
    return MatrixTexts.from_catalog(catalogs.strings(language)["comments_matrix"])


def _import(project: Project, args: argparse.Namespace) -> int:
    from .review.matrix import MatrixFileError, header_names, is_matrix_docx, read_matrix
    from .review.merge import MergeError, plan
    from .review.word import WordFileError, read_word
    from .review.anchors import QuoteIndex, check_places
    from .review.browser import BrowserFileError, read_browser_comments

    if not re.fullmatch(ID_PATTERN.strip("^$"), args.round):
        return _usage(f"round {args.round!r}: an ID starts with a letter, then letters, digits, '.', '-' or '_'")
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        return _usage(f"file(s) not found: {', '.join(missing)}")
    wrong = [str(f) for f in args.files if f.suffix.lower() not in (WORD, *MATRIX, SITE)]
    if wrong:
        return _usage(f"{', '.join(wrong)}: give .docx (a Word copy of the draft, or a matrix), .xlsx (a matrix) "
                      "or .json (comments saved on the review site)")
    start = time.perf_counter()
    args.files = list({f.resolve(): f for f in args.files}.values())  # one file named twice is read once
    checked = _checked(project)
    language = _language(args, checked)
    if language is None:
        return _usage(f"--language {args.language}: not a language of the project "
                      f"({', '.join(checked.ctx.languages)})")
    report = Report()
    incoming, updates, new_responses = [], [], {}
    lines: list[tuple[Path, str, WordRead | MatrixRead | BrowserRead]] = []  # (file, kind, what its reader read)
    index = None
    for path in args.files:
        shown = str(path)
        try:
            if path.suffix.lower() == ".json":
                code = checked.content.evaluation.code if checked.content.evaluation else ""
                index = index or QuoteIndex(checked.graph)
                site = BrowserRead(check_places(read_browser_comments(path, code, args.round), checked.graph, index))
                if args.reviewer:
                    site.comments = [replace(c, organisation=args.reviewer) for c in site.comments]
                incoming += site.comments
                lines.append((path, "site", site))
            elif path.suffix.lower() == ".xlsx" or is_matrix_docx(path):
                matrix = read_matrix(path, checked.graph, args.round, language, args.reviewer,
                                     header_names(_matrix_catalogs(project, checked)))
                for problem in matrix.problems:
                    report.error(shown, None, (f"row {problem.row}: " if problem.row else "") + problem.message,
                                 problem.hint, code="review.matrix_row")
                incoming += matrix.comments
                updates += matrix.updates
                new_responses.update(matrix.new_responses)
                lines.append((path, "matrix", matrix))
            else:
                index = index or QuoteIndex(checked.graph)
                word = read_word(path, checked.graph, args.reviewer, index, args.round)
                word.comments = check_places(word.comments, checked.graph, index)
                incoming += word.comments
                lines.append((path, "word", word))
        except (WordFileError, MatrixFileError) as exc:
            report.error(shown, None, exc.message, exc.hint, code="review.comments_file")
        except BrowserFileError as exc:
            report.extend(exc.problems)
    names = Counter(p.name for p in args.files)  # two different files of one name: their comments would mix
    for name, count in names.items():
        if count > 1:
            report.error(name, None, f"{count} files have this name; comments are told apart by file name",
                         "rename one copy (e.g. draft-ILO.docx, draft-MIMP.docx) and import again",
                         code="review.duplicate_file_name")
    if report.errors:
        _print(report)
        print(f"reportgen comments import: {len(report.errors)} error(s); nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    try:
        merge = plan(checked.content, args.round, incoming, round_name=args.name, round_date=args.date,
                     language=language, updates=updates, new_responses=new_responses)
    except MergeError as exc:
        print(f"reportgen comments import: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    skipped = {id(c) for c in merge.duplicates}
    for path, kind, read in lines:
        _summary(path, kind, read, sum(id(c) in skipped for c in read.comments))
    merge.write()
    elapsed = time.perf_counter() - start
    added = merge.added
    where = ", ".join(str(p.relative_to(project.root)) if p.is_relative_to(project.root) else str(p)
                      for p in merge.texts) or "no file changed"
    ids = f" ({added[0]['id']}–{added[-1]['id']})" if len(added) > 1 else f" ({added[0]['id']})" if added else ""
    made = f"round {args.round} created; " if merge.round_created else ""
    answered = f", {merge.responses} response(s) written" if updates else ""
    print(f"reportgen comments import: {made}{len(added)} comment(s) added{ids}{answered}, "
          f"{len(merge.duplicates)} already there; {where} in {elapsed:.1f} s. Next: reportgen check --round "
          f"{args.round}")
    return EXIT_OK


@dataclass
class BrowserRead:
    comments: list[IncomingComment]


def _summary(path: Path, kind: str, read: WordRead | MatrixRead | BrowserRead, duplicates: int) -> None:
    comments = read.comments
    if kind == "matrix":
        from .review.matrix import MatrixRead

        assert isinstance(read, MatrixRead)  # what the matrix reader read
        print(f"{path}: {len(comments)} new comment(s), {len(read.updates)} response(s) read, "
              f"{duplicates} duplicate(s) skipped")
        return
    by = Counter(c.placed_by for c in comments)
    if kind == "site":
        unplaced = sum(1 for c in comments if c.target is None)
        print(f"{path}: {len(comments)} comment(s) from the review site: {len(comments) - unplaced} placed on "
              f"items, {unplaced} unplaced, {duplicates} duplicate(s) skipped")
        _unplaced(comments)
        return
    changes = sum(1 for c in comments if c.inserted or c.deleted)
    replies = sum(1 for c in comments if c.reply_to)
    print(f"{path}: {len(comments)} read ({len(comments) - changes} comment(s), {replies} of them replies; "
          f"{changes} tracked change(s)): {by['bookmark']} placed on items, {by['quote']} placed by quoted text, "
          f"{by[None]} unplaced, {duplicates} duplicate(s) skipped")
    _unplaced(comments)


def _unplaced(comments: list[IncomingComment]) -> None:
    for comment in comments:
        if comment.target is not None:
            continue
        quote = " ".join((comment.quote or comment.deleted or comment.inserted or "").split())
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        lost = f"; the file names {comment.missing_target}, which is not in the report" \
            if comment.missing_target else ""
        found = (f"; the words are in {', '.join(comment.candidates[:6])}"
                 f"{' …' if len(comment.candidates) > 6 else ''}: set 'target:' by hand") if comment.candidates \
            else "; set 'target:' by hand"
        print(f"  unplaced: {comment.location} «{quote}»{lost}{found}")


def _print(report: Report) -> None:
    for problem in report.problems:
        print(problem.format(), file=sys.stderr)


def _export(project: Project, args: argparse.Namespace) -> int:
    from .review.matrix import export_docx, export_xlsx, rows_of

    suffix = args.output.suffix.lower()
    if suffix not in MATRIX:
        return _usage(f"-o {args.output}: give a .xlsx or .docx file name")
    if not args.output.parent.is_dir():
        return _usage(f"-o {args.output}: folder {args.output.parent} does not exist (create it first)")
    if args.output.exists() and not args.force:
        return _usage(f"-o {args.output}: the file exists and may hold responses; choose another name, "
                      "or give --force to replace it")
    checked = _checked(project)
    if args.round not in {r.id for r in checked.content.rounds}:
        return _usage(f"no round {args.round!r} (rounds: {', '.join(r.id for r in checked.content.rounds) or 'none'})")
    language = _language(args, checked)
    if language is None:
        return _usage(f"--language {args.language}: not a language of the project "
                      f"({', '.join(checked.ctx.languages)})")
    notes: list[str] = []
    rows = rows_of(checked.graph, args.round, language, notes)
    evaluation = checked.content.evaluation
    meta = {"evaluation": evaluation.code if evaluation else "", "round": args.round, "language": language,
            "format": "reportgen comments matrix 1"}
    partial = args.output.with_name(f".{args.output.name}.partial{suffix}")
    try:
        (export_xlsx if suffix == ".xlsx" else export_docx)(rows, partial, meta,
                                                             _matrix_texts(project, checked, language))
        os.replace(partial, args.output)
    finally:
        partial.unlink(missing_ok=True)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"reportgen comments export: {len(rows)} comment(s) of round {args.round} written to {args.output}; "
          "fill in the response columns, then: reportgen comments import "
          f"{args.round} {args.output.name}")
    return EXIT_OK
