"""The import layers of pyproject.toml's [tool.importlinter] hold (docs: Architecture).

CI runs pytest only, so this test is what keeps an upward import out: it runs `lint-imports`
from the repository's root on the repository's own src/ and fails with its report.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())"]


def test_the_import_contracts_are_kept():
    pytest.importorskip("importlinter")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([*_lint_imports(), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, f"lint-imports failed:\n{run.stdout}\n{run.stderr}"
    assert "0 broken" in run.stdout, run.stdout


def test_every_module_of_reportgen_has_a_layer_or_a_place_beside():
    """A new top-level module or package must be placed, or the layers would not see it."""
    placed = set()
    for contract in _contracts():
        for layer in contract.get("layers", []):
            placed |= {name.strip() for name in layer.replace(":", "|").split("|")}
        placed |= {m.removeprefix("reportgen.") for m in contract.get("source_modules", [])}
    package = SRC / "reportgen"
    found = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    found |= {p.parent.name for p in package.glob("*/__init__.py")}
    assert found - placed == set(), "place these in [tool.importlinter] (pyproject.toml)"
    assert placed - found == set(), "these contracts name modules that no longer exist"
