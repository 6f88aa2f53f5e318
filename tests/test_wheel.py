"""The installable tool: a wheel in a fresh virtual environment builds the bundled evaluation.

End-to-end, as a new user would: the repository's files are copied (what git tracks, so
nothing built in the checkout leaks in), a wheel and an sdist are built from the copy,
the wheel is installed into a plain virtual environment (no system site-packages: the
dependencies come from the package registry, pinned by constraints.txt), and
`reportgen build` runs in an empty folder that holds only a copy of `content/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

TIMEOUT = 900  # installing the dependencies from the registry takes a while


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    # PYTHONPATH (set to run a checkout's code) would shadow the installed wheel: leave it out.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                            env=env)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def tracked_copy(target: Path) -> Path:
    """The repository as git tracks it (the working tree's versions of the tracked files)."""
    listing = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, listing.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(root / "src")
    out = root / "dist"
    # PyPA build makes the sdist, then the wheel from the sdist: both routes must carry the defaults.
    run(sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", out, source)
    return {"wheel": next(out.glob("reportgen-*.whl")), "sdist": next(out.glob("reportgen-*.tar.gz"))}


def test_wheel_carries_the_defaults(dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    for required in ("reportgen/_defaults/mkdocs.yml", "reportgen/_defaults/templates/i18n/es.yaml",
                     "reportgen/_defaults/templates/i18n/en.yaml", "reportgen/_defaults/templates/pages/home.md.j2",
                     "reportgen/_defaults/templates/theme/main.html"):
        assert required in names, f"{required} missing from the wheel"
    expected = {f"reportgen/_defaults/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "templates").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert expected <= names, sorted(expected - names)[:5]


def test_sdist_carries_the_defaults(dists):
    with tarfile.open(dists["sdist"]) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert {"mkdocs.yml", "templates/i18n/es.yaml", "setup.py", "constraints.txt"} <= names


def test_wheel_in_a_fresh_venv_builds_the_bundled_evaluation(dists, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)  # a plain venv: nothing from this machine's site-packages
    python = venv / "bin" / "python"
    outside = run(python, "-c", "import sys; print([p for p in sys.path if 'site-packages' in p])").stdout
    assert str(venv) in outside and sys.prefix not in outside.replace(str(venv), ""), outside
    run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", ROOT / "constraints.txt",
        dists["wheel"])
    work = tmp_path / "report"
    shutil.copytree(ROOT / "content", work / "content")
    result = run(venv / "bin" / "reportgen", "build", cwd=work)
    assert "Traceback" not in result.stderr
    site = work / "site"
    for page in ("index.html", "en/index.html", "recommendations/index.html", "search/search_index.json",
                 "downloads/evaluation.json", ".reportgen-site"):
        assert (site / page).is_file(), f"{page} missing from the site built by the installed wheel"
    origin = run(python, "-c", "import reportgen.resources as r; print(r.defaults_dir())").stdout.strip()
    assert origin.startswith(str(venv)), f"the installed reportgen read its defaults from {origin}"
    # Nothing but the site, its lock file and reportgen's work folder appears beside the content.
    assert {p.name for p in work.iterdir()} <= {"content", "site", ".site.lock", ".reportgen"}
    # A team that never cloned this repository starts its own evaluation in an empty folder.
    empty = tmp_path / "empty"
    empty.mkdir()
    run(venv / "bin" / "reportgen", "new", "my-evaluation", "--languages", "en,fr", cwd=empty)
    project = empty / "my-evaluation"
    checked = run(venv / "bin" / "reportgen", "check", "--strict", cwd=project)
    assert "0 error(s), 0 warning(s)" in checked.stdout, checked.stdout + checked.stderr
    run(venv / "bin" / "reportgen", "build", "--no-downloads", cwd=project)
    assert '<html lang="fr"' in (project / "site" / "fr" / "index.html").read_text(encoding="utf-8")
