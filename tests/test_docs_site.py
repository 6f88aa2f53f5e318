"""The documentation site (docs/mkdocs.yml) builds with --strict, its reference pages are generated
from the code of this checkout, and no page loads anything from the network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "docs/mkdocs.yml",
                          "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stdout}\n{run.stderr}"
    return out


def test_every_page_of_the_nav_is_built(docs_site):
    for page in ("index.html", "guide/content/index.html", "guide/portal/index.html", "architecture/index.html",
                 "decisions/index.html", "benchmarks/index.html", "dependencies/index.html",
                 "reference/content/index.html", "reference/configuration/index.html",
                 "reference/command-line/index.html"):
        assert (docs_site / page).is_file(), page


def test_the_content_reference_is_generated_from_the_models(docs_site):
    from reportgen.content.schema import COLLECTIONS, Recommendation

    page = (docs_site / "reference/content/index.html").read_text(encoding="utf-8")
    for key in COLLECTIONS:
        assert f"<code>{key}</code>" in page, key
    for field in Recommendation.model_fields:
        assert f"<code>{field}</code>" in page, field
    assert "institution" in page  # recommendation.addressees links to institutions (graph.LINK_FIELDS)


def test_the_command_line_reference_is_argparse_help(docs_site):
    page = (docs_site / "reference/command-line/index.html").read_text(encoding="utf-8")
    for command in ("check", "build", "serve", "snapshot", "schema", "import", "export", "new",
                    "portal build", "translate export", "translate import", "translate status", "comments import",
                    "comments export"):
        assert f"reportgen {command}</code>" in page, command
    assert "--accept-fuzzy" in page and "--from-artifacts" in page and "--no-downloads" in page


def test_the_configuration_reference_lists_every_setting(docs_site):
    from reportgen.content.config import ProjectConfig

    page = (docs_site / "reference/configuration/index.html").read_text(encoding="utf-8")
    for field in ProjectConfig.model_fields:
        assert f"<code>{field}</code>" in page, field


def test_nothing_is_loaded_from_the_network(docs_site):
    offenders = []
    for path in docs_site.rglob("*"):
        if path.suffix == ".html" and EXTERNAL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(docs_site)))
        if path.suffix == ".css" and CSS_EXTERNAL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(docs_site)))
    assert offenders == []


def test_the_offline_check_would_see_a_web_font():
    assert EXTERNAL.search('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')
    assert CSS_EXTERNAL.search('@import url("//fonts.example/x.css");')
    assert not EXTERNAL.search('<script src="../assets/javascripts/bundle.js"></script>')


def test_a_page_beside_the_config_is_a_feature_note(tmp_path):
    """What the other features' pages (docs/*.md) get: built, in the nav, links out of the site made paths."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("site"))
    (tmp_path / "README.md").write_text("# readme\n", encoding="utf-8")
    (tmp_path / "docs" / "zz-example-feature.md").write_text(
        "# An example feature\n\nSee [the README](../README.md) and the [portal guide](guide/portal.md).\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "docs/mkdocs.yml",
                          "-d", str(tmp_path / "out")], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    page = (tmp_path / "out" / "zz-example-feature" / "index.html").read_text(encoding="utf-8")
    assert "the README (<code>README.md</code>)" in page
    assert 'href="../guide/portal/"' in page
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Feature notes" in home and "An example feature" in home


def test_the_readme_stays_short_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert "bash scripts/setup.sh && reportgen build" in readme
    assert "bash scripts/setup.sh && python3 -m pytest -q" in readme
