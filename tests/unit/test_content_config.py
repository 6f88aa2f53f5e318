"""reportgen.yml: languages, value sets, custom fields, located errors."""

from reportgen.content.config import ProjectConfig, load_config
from reportgen.errors import Report


def load(tmp_path, text):
    (tmp_path / "reportgen.yml").write_text(text, encoding="utf-8")
    report = Report()
    config, exists = load_config(tmp_path, report)
    return config, exists, [p.format() for p in report.problems]


def test_no_file_gives_defaults(tmp_path):
    report = Report()
    config, exists = load_config(tmp_path, report)
    assert (config, exists, report.problems) == (ProjectConfig(), False, [])
    assert config.value_sets.priority == ["high", "medium", "low"]


def test_languages_and_value_sets(tmp_path):
    config, _, problems = load(tmp_path, "languages: [fr, en]\nvalue_sets:\n  priority: [very_high, high, low]\n")
    assert problems == []
    assert config.languages == ["fr", "en"]
    assert config.value_sets.priority == ["very_high", "high", "low"]
    assert config.value_sets.timeframe == ["short", "medium", "long"]


def test_errors_name_the_line(tmp_path):
    _, _, problems = load(tmp_path, "languages: [en, English]\nprioriti: x\n")
    assert any(p.startswith("reportgen.yml:1") and "'English'" in p for p in problems), problems
    assert any(p.startswith("reportgen.yml:2") and "unknown key 'prioriti'" in p for p in problems), problems


def test_repeated_language_and_value(tmp_path):
    _, _, problems = load(tmp_path, "languages: [en, fr, en]\nvalue_sets:\n  priority: [high, high]\n")
    assert any("'en' is listed twice" in p for p in problems), problems
    assert any(p.startswith("reportgen.yml:3") and "repeats a value" in p for p in problems), problems


def test_custom_fields(tmp_path):
    config, _, problems = load(tmp_path, "languages: [en]\ncustom_fields:\n  recommendation:\n"
                                         "    - {id: topic, label: {en: Topic}, filter: true}\n")
    assert problems == []
    assert [f.id for f in config.custom_fields_of("recommendation")] == ["topic"]
    assert config.custom_fields_of("lesson") == []


def test_not_a_mapping(tmp_path):
    _, _, problems = load(tmp_path, "- en\n- fr\n")
    assert problems and "must be a mapping" in problems[0]
