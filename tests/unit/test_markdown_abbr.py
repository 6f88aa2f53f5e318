"""markdown_abbr: Python-Markdown's abbr extension made linear gives the extension's very HTML."""

import random

import markdown

from reportgen.site import _linear_abbr

PIECES = [
    "The ILO and the OIT met.", "*ILO* work, **MoL** and `ILO` in code.", "- ILO one\n- two MoL\n    - nested ILO",
    "| A | ILO |\n|---|---|\n| MoL | x ILO y |", "> ILO quoted\n> MoL", "Text [ILO link](http://x) after ILO.",
    '<div markdown="1">ILO in html MoL</div>', "# ILO heading", "1. ILO\n2. MoL ILO MoL", "ILO[^1] note\n\n[^1]: MoL",
    "Word ILOs and xILO and ILO.", "    code ILO block", "Line ILO  \nbreak MoL",
]
DEFINITIONS = "\n\n*[ILO]: International Labour Organization\n*[MoL]: Ministry of Labour\n*[OIT]: ''\n"
EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "tables", "admonition", "toc"]


def _both(text: str, **glossary) -> tuple[str, str]:
    configs = {"abbr": glossary} if glossary else {}
    stock = markdown.markdown(text, extensions=["abbr", *EXTENSIONS], extension_configs=configs)
    ours = markdown.markdown(text, extensions=["reportgen.markdown_abbr", *EXTENSIONS],
                             extension_configs={"reportgen.markdown_abbr": glossary} if glossary else {})
    return stock, ours


def test_the_html_is_the_extensions_for_generated_pages():
    rng = random.Random(26)
    with_abbr = 0
    for _ in range(150):
        text = "\n\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) + DEFINITIONS
        stock, ours = _both(text)
        assert ours == stock, text
        with_abbr += "<abbr" in stock
    assert with_abbr > 120


def test_the_glossary_option_and_a_long_page():
    stock, ours = _both("MoL and ILO.\n\nILO again.", glossary={"ILO": "From the glossary"})
    assert ours == stock and 'title="From the glossary"' in ours
    page = "\n\n".join(f"Paragraph {n}: the ILO and the MoL, ILO." for n in range(500)) + DEFINITIONS
    stock, ours = _both(page)
    assert ours == stock and ours.count("<abbr") == 1500


def test_the_site_configuration_names_it_in_place_of_abbr():
    config = {"markdown_extensions": ["toc", "abbr", {"markdown.extensions.abbr": {"glossary": {"A": "B"}}}]}
    _linear_abbr(config)
    assert config["markdown_extensions"] == ["toc", "reportgen.markdown_abbr",
                                             {"reportgen.markdown_abbr": {"glossary": {"A": "B"}}}]
