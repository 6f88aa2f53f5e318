"""Where reportgen's own defaults are: page templates, interface texts, theme overrides, mkdocs.yml.

An installed reportgen (wheel or sdist) carries them inside the package, in
`reportgen/_defaults/` (copied there at build time by setup.py from the top-level
`templates/` and `mkdocs.yml`, which stay where they are edited). A source checkout
(an editable install, or `PYTHONPATH=src`) has no copy: the defaults are then the
checkout's own top-level files, found by walking up to the folder whose
pyproject.toml names this project.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

PACKAGED = "_defaults"
TEMPLATES = "templates"
MKDOCS_CONFIG = "mkdocs.yml"


@functools.lru_cache(maxsize=1)
def defaults_dir() -> Path:
    """The folder holding `templates/` and `mkdocs.yml`."""
    package = resources.files("reportgen")
    packaged = package / PACKAGED
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _source_checkout(Path(str(package)))
    if checkout is None:
        raise RuntimeError("reportgen's templates are missing from this installation "
                           "(reinstall it: pip install --force-reinstall reportgen)")
    return checkout


def _source_checkout(package: Path) -> Path | None:
    for folder in package.resolve().parents:
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "reportgen"' in pyproject.read_text(encoding="utf-8") \
                and (folder / TEMPLATES).is_dir():
            return folder
    return None


def builtin_templates() -> Path:
    return defaults_dir() / TEMPLATES


def default_mkdocs_config() -> Path:
    return defaults_dir() / MKDOCS_CONFIG
