"""resources.py (where the built-in templates are, in a checkout and in a package) and render/order.py
(findings sections in the report's natural order)."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportgen

from reportgen.render.order import number_key
from reportgen.resources import _source_checkout, builtin_templates, default_mkdocs_config, defaults_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_defaults_are_the_packaged_copy_or_the_checkouts_own():
    package = Path(reportgen.__file__).resolve().parent
    # An installed wheel carries a copy (scripts/ci-newest.sh); a checkout (editable, PYTHONPATH=src) has none.
    expected = package / "_defaults" if (package / "_defaults").is_dir() else ROOT
    assert defaults_dir() == expected
    assert builtin_templates() == expected / "templates" and (builtin_templates() / "i18n" / "en.yaml").is_file()
    assert default_mkdocs_config() == expected / "mkdocs.yml" and default_mkdocs_config().is_file()


def test_the_checkout_is_the_folder_whose_pyproject_names_reportgen(tmp_path):
    package = tmp_path / "repo" / "src" / "reportgen"
    package.mkdir(parents=True)
    (tmp_path / "repo" / "templates").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert _source_checkout(package) is None  # no pyproject naming reportgen above it yet
    (tmp_path / "repo" / "pyproject.toml").write_text('[project]\nname = "reportgen"\n', encoding="utf-8")
    assert _source_checkout(package) == (tmp_path / "repo").resolve()
    (tmp_path / "repo" / "templates").rmdir()
    assert _source_checkout(package) is None  # a pyproject without the templates beside it is not one


@pytest.mark.parametrize("labels,expected", [
    (["9.10", "9.2", "9.1.1", "10"], ["9.1.1", "9.2", "9.10", "10"]),
    (["A.2", "9.10", "A.10", "B.1"], ["9.10", "A.2", "A.10", "B.1"]),
    (["3", "1", "2"], ["1", "2", "3"]),
])
def test_sections_in_natural_order(labels, expected):
    assert sorted(labels, key=number_key) == expected
