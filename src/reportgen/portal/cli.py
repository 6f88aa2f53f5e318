"""`reportgen portal build`: the command-line side (messages and exit codes as for `reportgen build`)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable

from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, BuildError, ContentError


def cmd_portal(args: argparse.Namespace) -> int:
    from .build import build_portal

    if not args.portal_dir.is_dir():
        print(f"reportgen: error: portal folder {args.portal_dir} not found", file=sys.stderr)
        return EXIT_USAGE
    if args.portal_command in ("artifact", "list"):
        return _run(lambda: _artifact(args) if args.portal_command == "artifact" else _list(args))
    if args.from_artifacts is not None and not args.from_artifacts.is_dir():
        print(f"reportgen: error: artifacts folder {args.from_artifacts} not found", file=sys.stderr)
        return EXIT_USAGE
    start = time.perf_counter()
    try:
        result = build_portal(args.portal_dir, args.out, args.from_artifacts, build_date=getattr(args, 'date', None))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"reportgen: {len(exc.problems)} problem(s); the portal was not built (a previous one is left as "
              "it was)", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as exc:
        print(f"reportgen: error: {exc}; the portal was not built", file=sys.stderr)
        return EXIT_CONTENT
    for warning in result.warnings:
        print(f"reportgen: warning: {warning}", file=sys.stderr)
    print(f"reportgen portal build: {result.evaluations} evaluation(s) ({len(result.rebuilt)} built, "
          f"{len(result.reused)} unchanged) and {result.pages} portal pages ({result.reused_pages} unchanged, "
          f"search index {'unchanged' if result.index_reused else 'rebuilt'}) written to {result.out} "
          f"in {time.perf_counter() - start:.1f} s")
    return EXIT_OK


def _run(action: Callable[[], int]) -> int:
    try:
        return action()
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"reportgen: {len(exc.problems)} problem(s)", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as exc:
        print(f"reportgen: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT


def _artifact(args: argparse.Namespace) -> int:
    from .build import build_one_artifact

    start = time.perf_counter()
    folder = build_one_artifact(args.portal_dir, args.evaluation, args.out, args.date)
    print(f"reportgen portal artifact: {args.evaluation} written to {folder} in {time.perf_counter() - start:.1f} s")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    import json

    from .config import load_config

    names = [entry.path.name for entry in load_config(args.portal_dir, check_folders=False).evaluations]
    print(json.dumps(names) if args.format == "json" else "\n".join(names))
    return EXIT_OK
