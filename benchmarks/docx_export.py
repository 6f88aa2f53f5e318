"""Time `reportgen export docx`: the bundled evaluation in each language and edition, and a new project.

Runs the real CLI (so loading and checking the content are counted), the median of N runs each,
and optionally LibreOffice's conversion to PDF (pages of the document as a reader sees them).

    python benchmarks/docx_export.py [--runs 3] [--pdf] [--out benchmarks/results/docx-export-latest.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = (("bundled es review", ["--project", str(ROOT)]),
         ("bundled en review", ["--project", str(ROOT), "--language", "en"]),
         ("bundled es public", ["--project", str(ROOT), "--edition", "public"]))


def run(args, cwd) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def pdf_pages(docx: Path, folder: Path) -> int | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=600)
    info = subprocess.run(["pdfinfo", str(folder / (docx.stem + ".pdf"))], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also convert with LibreOffice and count the pages")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        starter = folder / "starter"
        subprocess.run([sys.executable, "-m", "reportgen", "new", str(starter), "--languages", "en,fr"], check=True,
                       capture_output=True)
        for name, extra in CASES + (("reportgen new (en)", []),):
            target = folder / (name.replace(" ", "-").replace("(", "").replace(")", "") + ".docx")
            cwd = starter if name.startswith("reportgen new") else ROOT
            times = [run(["export", "docx", "-o", str(target), *extra], cwd) for _ in range(args.runs)]
            row = {"case": name, "median_s": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times],
                   "kb": target.stat().st_size // 1024}
            if args.pdf:
                row["pdf_pages"] = pdf_pages(target, folder)
            results.append(row)
            print(f"{name:22} {row['median_s']:6.2f} s  {row['kb']:5d} KB"
                  + (f"  {row['pdf_pages']} pages" if args.pdf else ""))
    if args.out:
        args.out.write_text(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                                        "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
