"""Build step: copy the defaults (top-level templates/ and mkdocs.yml) into the package.

`templates/` and `mkdocs.yml` stay at the top level, where they are edited; wheels and
sdist-built wheels carry a copy in `reportgen/_defaults/`, which `reportgen.resources`
finds with importlib.resources. Editable installs need no copy (see resources.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DEFAULTS = ("templates", "mkdocs.yml")


class BuildWithDefaults(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own files
        target = Path(self.build_lib) / "reportgen" / "_defaults"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in DEFAULTS:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithDefaults})
