"""Every page speaks its own language, also in the theme's words (Material's and reportgen's).

Scans the built bundled site: the theme's texts outside the article (header, navigation,
footer, search, the 404 page), the heading links' titles and Material's translations in
the page configuration must not hold the other language's wording.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
import yaml

from conftest import ROOT

LANGS = ("es", "en")
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
CHROME_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def material_texts(lang: str) -> dict[str, str]:
    source = (MATERIAL_LANGUAGES / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([\w.]+)": "([^"]*)"', source, re.MULTILINE))


def theme_texts(lang: str) -> dict[str, str]:
    texts = yaml.safe_load((ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))["theme"]
    return {f"reportgen.{key}": value for key, value in texts.items()}


def foreign_words(lang: str, other: str) -> set[str]:
    """The other language's theme texts that differ from this language's (and are not names)."""
    mine = material_texts(lang) | theme_texts(lang)
    theirs = material_texts(other) | theme_texts(other)
    own_values = set(mine.values())
    words = {value for key, value in theirs.items()
             if key != "language" and "{" not in value and "#" not in value and "\\" not in value
             and "Filter" not in value and len(value) > 3
             and value != mine.get(key) and value not in own_values}
    return words | {"404 - Not found"} if lang != "en" else words


class ChromeText(HTMLParser):
    """Text and labels of the theme: outside <article>, plus heading links inside it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool, bool]] = []   # (tag, in article, in other language)
        self.texts: list[str] = []
        self.config = ""
        self._script = False

    def _state(self):
        return self.stack[-1][1:] if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        in_article, foreign = self._state()
        in_article = in_article or tag == "article"
        foreign = foreign or bool(attrs.get("lang") and attrs["lang"] != self.lang)
        if not foreign and (not in_article or "headerlink" in (attrs.get("class") or "")):
            self.texts += [attrs[a] for a in CHROME_ATTRIBUTES if attrs.get(a)]
        self._script = tag == "script" and attrs.get("id") == "__config"
        if tag not in self.VOID:
            self.stack.append((tag, in_article, foreign))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_article, foreign = self._state()
        if self._script:
            self.config += data
        elif not in_article and not foreign and self.stack and self.stack[-1][0] not in ("script", "style"):
            self.texts.append(data)


def pages_of(site: Path, lang: str) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    return [p for p in pages if (p.relative_to(site).parts[0] == "en") == (lang == "en")]


@pytest.mark.parametrize("lang", LANGS)
def test_no_theme_text_in_the_other_language(built_site, lang):
    other = next(x for x in LANGS if x != lang)
    words = foreign_words(lang, other)
    assert {"Permanent link", "Made with"} & words if lang == "es" else {"Enlace permanente"} & words
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)")
    pages = pages_of(built_site, lang)
    assert len(pages) > 50
    found = {}
    for page in pages:
        parser = ChromeText(lang)
        parser.feed(page.read_text(encoding="utf-8"))
        texts = parser.texts + (list(json.loads(parser.config)["translations"].values()) if parser.config else [])
        hits = sorted({m.group(1) for text in texts for m in pattern.finditer(" ".join(text.split()))})
        if hits:
            found[str(page.relative_to(built_site))] = hits
    assert not found, f"{len(found)} {lang} pages show theme words of another language: {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_helps_and_its_language_switch_stays_in_the_site(built_site, lang):
    page = (built_site / ("" if lang == "es" else "en/") / "404.html").read_text(encoding="utf-8")
    texts = theme_texts(lang)
    for key in ("reportgen.not_found_title", "reportgen.not_found_text", "reportgen.not_found_home",
                "reportgen.not_found_search"):
        assert texts[key] in page
    home = "./" if lang == "es" else "en/"  # relative to the site's root, the page's <base> (site.relative_404)
    assert re.search(rf'<a class="md-button md-button--primary" href="{home}">', page)
    assert 'data-rg-open-search' in page  # a button that opens the search (reportgen.js)
    switch = dict((lang_, href) for href, lang_ in re.findall(r'href="([^"]*)" hreflang="(\w+)" lang=', page))
    assert switch == {"es": "./", "en": "en/"}, switch
