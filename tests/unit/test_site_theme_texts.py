"""site.py: what the theme prints raw (site name, navigation, banner, language names, theme words) is escaped once."""

from reportgen.site import LanguageBuild, mkdocs_config

SCRIPT = "<img src=x onerror=alert(1)>"


def test_every_text_handed_to_the_theme_is_escaped(tmp_path):
    base = tmp_path / "base.yml"
    base.write_text("site_name: x\n", encoding="utf-8")
    build = LanguageBuild("en", {}, [{SCRIPT: "index.md"}, {SCRIPT: [{SCRIPT: "a.md"}]}], SCRIPT, banner=SCRIPT,
                          languages=[("en", SCRIPT, ""), ("fr", "Français", "fr/")],
                          theme_texts={"made_with": SCRIPT})
    config = mkdocs_config(base, build, tmp_path / "docs", tmp_path / "site", tmp_path / "theme", [])
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert config["site_name"] == escaped
    assert config["nav"] == [{escaped: "index.md"}, {escaped: [{escaped: "a.md"}]}]
    assert config["extra"]["reportgen_banner"] == escaped
    assert config["extra"]["reportgen_theme"] == {"made_with": escaped}
    assert [a["name"] for a in config["extra"]["alternate"]] == [escaped, "Français"]


def test_the_projects_site_url_gives_each_language_its_address_and_absolute_alternates(tmp_path):
    base = tmp_path / "base.yml"
    base.write_text("site_name: x\n", encoding="utf-8")
    languages = [("es", "Español", ""), ("en", "English", "en/")]
    build = LanguageBuild("en", {}, [], "R", prefix="en/", languages=languages, site_url="https://example.org/r")
    config = mkdocs_config(base, build, tmp_path / "docs", tmp_path / "site", tmp_path / "theme", [])
    assert config["site_url"] == "https://example.org/r/en/"
    assert [a["absolute"] for a in config["extra"]["alternate"]] == ["https://example.org/r/", "https://example.org/r/en/"]
