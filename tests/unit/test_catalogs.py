"""Every shipped interface catalog has the keys, list lengths and placeholders of the English one."""

import re
from pathlib import Path

import pytest
import yaml

I18N = Path(__file__).resolve().parents[2] / "templates" / "i18n"


def flat(data, prefix=""):
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


REFERENCE = flat(yaml.safe_load((I18N / "en.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(p for p in I18N.glob("*.yaml") if p.stem != "en"), ids=lambda p: p.stem)
def test_catalog_matches_english(path):
    catalog = flat(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert sorted(set(REFERENCE) - set(catalog)) == [], "keys missing"
    assert sorted(set(catalog) - set(REFERENCE)) == [], "keys English does not have"
    for key, value in REFERENCE.items():
        if isinstance(value, list):
            assert len(catalog[key]) == len(value), key
        if isinstance(value, str):
            assert set(re.findall(r"\{\w+\}", catalog[key])) == set(re.findall(r"\{\w+\}", value)), key
