"""The JSON Schemas are made from the models: the bundled content validates against them."""

from pathlib import Path

import jsonschema
import pytest
import yaml

from reportgen.content.jsonschema import config_schema, content_schema

ROOT = Path(__file__).resolve().parents[2]


def test_text_offers_the_project_languages():
    text = content_schema(["fr", "en"])["$defs"]["Text"]
    assert list(text["properties"]) == ["fr", "en"] and text["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.yaml")), ids=lambda p: p.name)
def test_bundled_content_is_valid(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), content_schema(["es", "en"]))


def test_schema_flags_unknown_keys_and_languages():
    schema = content_schema(["en"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"recommendations": [{"id": "R1", "text": {"en": "x"}, "priorty": "high"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"recommendations": [{"id": "R1", "text": {"de": "x"}}]}, schema)


def test_config_schema_accepts_the_bundled_configuration():
    jsonschema.validate(yaml.safe_load((ROOT / "reportgen.yml").read_text()), config_schema(["es", "en"]))


def test_committed_schemas_are_what_the_models_give(tmp_path):
    """schemas/ (named by the bundled reportgen.yml) cannot drift: regenerate with `reportgen schema`."""
    from reportgen.content.jsonschema import write_schemas

    for path in write_schemas(tmp_path, ["es", "en"]):
        assert path.read_text(encoding="utf-8") == (ROOT / "schemas" / path.name).read_text(encoding="utf-8"), \
            f"schemas/{path.name} is out of date: run reportgen schema"
