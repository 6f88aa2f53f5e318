"""`python -m reportgen` and the `reportgen` command. The commands' modules take a moment to load: Ctrl-C
meanwhile is an interruption like any other (exit 130, one line), never a traceback."""

import sys

from .errors import EXIT_INTERRUPTED


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("reportgen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return main()


if __name__ == "__main__":
    sys.exit(run())
