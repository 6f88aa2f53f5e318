"""mypy, as configured in pyproject.toml's [tool.mypy] (`strict = true`, with the few per-module
relaxations it lists), finds no error in src/reportgen, but in the modules listed here.

NOT_YET is empty since the view models of issue 21 replaced PageContext's three mixins. Every module,
and every new one, must type-check. A module listed here must have errors: the test says so when it
is clean.
"""

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_YET: set[str] = set()
_ERROR = re.compile(r"^(src/[^:]+\.py):\d+: error: ", re.MULTILINE)


@pytest.fixture(scope="module")
def mypy_output() -> str:
    pytest.importorskip("mypy")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    # mypy's incremental cache (.mypy_cache/, ignored by git) makes the second run a few seconds.
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), f"mypy did not run:\n{run.stdout}\n{run.stderr}"
    return run.stdout


def test_every_module_but_the_mixins_type_checks(mypy_output):
    found = Counter(_ERROR.findall(mypy_output))
    unexpected = "\n".join(line for line in mypy_output.splitlines()
                           if _ERROR.match(line) and _ERROR.match(line).group(1) not in NOT_YET)
    assert set(found) <= NOT_YET, f"mypy errors:\n{unexpected}"


def test_the_modules_not_yet_clean_are_still_listed_for_a_reason(mypy_output):
    found = set(_ERROR.findall(mypy_output))
    assert NOT_YET <= found, f"clean now, remove from NOT_YET: {sorted(NOT_YET - found)}"
    assert all((ROOT / path).is_file() for path in NOT_YET)


def test_mypy_checks_the_whole_package():
    """The configuration names src/reportgen, so `mypy` from the root checks what this test means."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src/reportgen"]


def _mypy_config() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


STRICT_FLAGS = ("disallow_untyped_defs", "disallow_incomplete_defs", "disallow_untyped_calls", "disallow_any_generics",
                "disallow_subclassing_any", "warn_return_any", "no_implicit_reexport", "check_untyped_defs",
                "strict_equality", "warn_unused_ignores", "extra_checks")


def _relaxed() -> dict[str, list[str]]:
    """{reportgen module pattern: the --strict flags an override turns off for it}."""
    found: dict[str, list[str]] = {}
    for override in _mypy_config().get("overrides", []):
        off = [flag for flag in STRICT_FLAGS if override.get(flag) is False]
        names = override["module"] if isinstance(override["module"], list) else [override["module"]]
        for name in names:
            if name.split(".")[0] == "reportgen" and off:
                found.setdefault(name, []).extend(off)
    return found


def test_strict_is_the_package_wide_setting():
    """--strict for every module, new ones included; a module may only be relaxed by an override."""
    config = _mypy_config()
    assert config.get("strict") is True
    assert not [flag for flag in STRICT_FLAGS if config.get(flag) is False], "a --strict flag turned off globally"


def test_the_relaxations_name_real_modules():
    """A module renamed or moved would leave a relaxation that no longer relaxes anything (or a wildcard
    that silently covers a new module): every name an override relaxes must exist."""
    for name in _relaxed():
        path = ROOT / "src" / Path(*name.removesuffix(".*").split("."))
        assert path.is_dir() or path.with_suffix(".py").is_file(), f"{name} in a mypy override: no such module"


def test_the_lower_layers_are_not_relaxed():
    relaxed = set(_relaxed())
    for layer in ("reportgen.content", "reportgen.errors", "reportgen.graph", "reportgen.render", "reportgen.site",
                  "reportgen.downloads", "reportgen.portal", "reportgen.translate", "reportgen.review"):
        assert not {name for name in relaxed if name == layer or name.startswith(layer + ".")}, \
            f"{layer} is relaxed from --strict"


def test_only_subclasses_of_untyped_classes_are_relaxed():
    """Every module is --strict: an override may only let a class extend an untyped library's class
    (PyYAML's SafeDumper, Python-Markdown's abbr processors), nothing else of --strict."""
    relaxed = {name: sorted(set(flags) - {"disallow_subclassing_any"}) for name, flags in _relaxed().items()}
    assert not {name: flags for name, flags in relaxed.items() if flags}, "a module relaxed beyond subclassing"
