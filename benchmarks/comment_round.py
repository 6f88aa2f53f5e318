"""A comment round's import, timed: 300 comments from 12 reviewers' Word files.

The bundled evaluation is copied to a temporary folder; 12 Word copies of its draft are made
(python-docx, as tests/unit/review_docs.py makes them), each with 25 comments and tracked changes
on real paragraphs of the report: 8 keep reportgen's bookmarks, 4 lost them (placed by their quoted
words, looked up in every text of the report in both languages). Then the real CLI imports all 12
in one command, and again (everything already there), and the times are printed and written to
benchmarks/results/comment-round-latest.json.

    python benchmarks/comment_round.py [--files 12] [--per-file 25]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from review_docs import Block, Note, make_draft  # noqa: E402

from reportgen.content.markdown import plain_text  # noqa: E402
from reportgen.project import Project, check  # noqa: E402
from reportgen.review.anchors import _texts, paragraphs  # noqa: E402

ORGANISATIONS = ["OIT Lima", "MIMP", "MTPE", "Ministerio Público", "Poder Judicial", "USDOL", "CGTP", "CONFIEP",
                 "Defensoría", "UNICEF", "OIM", "CHS Alternativo"]


def candidate_paragraphs(project_root: Path) -> list[tuple[str, int, str]]:
    """(item, paragraph, words) of the report's paragraphs long enough to quote from (original language)."""
    graph = check(Project(project_root)).graph
    found, seen = [], set()
    for target, text in _texts(graph):
        for number, block in paragraphs(text):
            words = " ".join(plain_text(block).split())
            if len(words.split()) >= 12 and (target, number) not in seen and not words.startswith("|"):
                seen.add((target, number))
                found.append((target, number, words))
    return found


def make_files(folder: Path, places, files: int, per_file: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for index in range(files):
        blocks = []
        for position in range(per_file):
            item, number, words = rng.choice(places)
            tokens = words.split()
            start = rng.randrange(0, len(tokens) - 6)
            quote = " ".join(tokens[start:start + rng.randint(4, 6)])
            block = Block(words, item=item, paragraph=number)
            if position % 5 == 4:  # a tracked change: one word replaced
                block.replace = (tokens[start + 2], tokens[start + 2].upper())
                if words.count(block.replace[0]) != 1:  # the word must say where it is
                    block.replace = None
                    block.notes.append(Note(quote, f"Comentario {position} de {ORGANISATIONS[index]}."))
            else:
                replies = [("Equipo evaluador", "Gracias, lo revisamos.")] if position % 7 == 0 else []
                block.notes.append(Note(quote, f"Comentario {position} de {ORGANISATIONS[index]}.",
                                        author=f"Revisor {index}", replies=replies))
            blocks.append(block)
        path = folder / f"draft-{index:02d}.docx"
        make_draft(path, blocks, identifier="PER/17/51/USA review es", bookmarks=index % 3 != 2)
        paths.append(path)
    return paths


def run(args, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=600)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--per-file", type=int, default=25)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "project"
        project.mkdir()
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "reportgen.yml", project / "reportgen.yml")
        inbox = project / "inbox"
        inbox.mkdir()
        start = time.perf_counter()
        files = make_files(inbox, candidate_paragraphs(project), options.files, options.per_file)
        made = time.perf_counter() - start
        names = [str(p.relative_to(project)) for p in files]
        first, result = run(["comments", "import", "bench-round", *names], project)
        if result.returncode != 0:
            print(result.stdout, result.stderr, sep="\n")
            return 1
        second, again = run(["comments", "import", "bench-round", *names], project)
        check_time, checked = run(["check", "--round", "bench-round"], project)
        lines = result.stdout.splitlines()
        read = sum(int(line.split(": ", 1)[1].split(" read", 1)[0]) for line in lines if " read (" in line)
        quote = sum(int(line.split(" placed by quoted text")[0].rsplit(" ", 1)[1]) for line in lines
                    if "placed by quoted text" in line)
        unplaced = sum(int(line.split(" unplaced")[0].rsplit(" ", 1)[1]) for line in lines if " unplaced," in line)
        changes = sum(int(line.split(" tracked change")[0].rsplit(" ", 1)[1]) for line in lines
                      if " read (" in line)
        summary = {"files": options.files, "comments_and_changes_read": read, "tracked_changes": changes,
                   "placed_by_quote": quote,
                   "unplaced": unplaced, "import_seconds": round(first, 2), "reimport_seconds": round(second, 2),
                   "check_seconds": round(check_time, 2), "files_made_seconds": round(made, 2),
                   "last_line": lines[-1], "reimport_line": again.stdout.splitlines()[-1],
                   "check_line": (checked.stdout or checked.stderr).strip().splitlines()[-1]}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    out = ROOT / "benchmarks" / "results" / "comment-round-latest.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if first < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
