"""How long `reportgen import` takes on a whole report, from each reader: the bundled evaluation (a
180-page report) as its Word export, that export printed to PDF by LibreOffice, the PDF's text
(`pdftotext -layout`), and the original seed text.

    python3 benchmarks/import_bench.py [--runs N]

Each import runs N times in its own process (as the CLI does: pandoc and the PDF reader run in
their bounded child process); the script prints min / median / max seconds and the items found.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_92119af4854b17a7.txt"


def sources(folder: Path) -> dict[str, Path]:
    docx = folder / "report.docx"
    subprocess.run([sys.executable, "-m", "reportgen", "export", "docx", "--project", str(ROOT), "-o", str(docx)],
                   check=True, capture_output=True)
    found = {"docx (Word export)": docx}
    if shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=600)
        found["pdf (LibreOffice)"] = folder / "report.pdf"
        if shutil.which("pdftotext"):
            subprocess.run(["pdftotext", "-layout", str(folder / "report.pdf"), str(folder / "report.txt")], check=True)
            found["text (pdftotext -layout)"] = folder / "report.txt"
    if SEED.exists():
        found["seed text (Markdown)"] = SEED
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="import-bench-") as name:
        folder = Path(name)
        for label, source in sources(folder).items():
            times, summary = [], ""
            for run in range(runs):
                out = folder / f"out-{run}-{source.stem}"
                started = time.perf_counter()
                result = subprocess.run([sys.executable, "-m", "reportgen", "import", str(source), "--out", str(out)],
                                        capture_output=True, text=True)
                times.append(time.perf_counter() - started)
                summary = (result.stdout or result.stderr).strip().splitlines()[-1] if result.returncode == 0 else \
                    f"failed: {result.stderr.strip()[-200:]}"
                shutil.rmtree(out, ignore_errors=True)
            print(f"{label:28} min {min(times):6.2f} s  median {statistics.median(times):6.2f} s  max {max(times):6.2f} s"
                  f"  ({source.stat().st_size / 1e6:.1f} MB)\n    {summary[:220]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
