"""render/charts.py: numbers in the page's locale."""

from reportgen.render.charts import percent


def test_percent_follows_the_locale():
    assert percent(54.83, "es") == "54,83\u00a0%"
    assert percent(54.83, "en") == "54.83%"
    assert percent(100, "es") == "100\u00a0%"
    assert percent(1234.5, "en") == "1,234.5%"
    assert percent(None, "es") == "—"
