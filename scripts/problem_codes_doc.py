"""Write docs/problems.md from the table of problem codes (src/reportgen/problem_codes.py).

    python3 scripts/problem_codes_doc.py          # rewrite the page
    python3 scripts/problem_codes_doc.py --check  # exit 1 if the committed page is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reportgen.problem_codes import DOC_PATH, reference_markdown  # noqa: E402


def main(argv: list[str]) -> int:
    target = ROOT / DOC_PATH
    text = reference_markdown()
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{DOC_PATH} is out of date: run python3 scripts/problem_codes_doc.py", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
