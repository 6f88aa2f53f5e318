"""render/text.py: dates in the page's locale, CSS strings, short titles."""

from reportgen.render.text import css_string, local_date, short_title


def test_dates_are_written_in_the_page_language():
    assert local_date("06 December 2024", "es") == "6 de diciembre de 2024"
    assert local_date("06 December 2024", "en") == "December 6, 2024"
    assert local_date("2024-11-02", "es") == "2 de noviembre de 2024"
    assert local_date("December 2024", "es") == "diciembre 2024"
    assert local_date("2024-12", "en") == "December 2024"


def test_free_text_is_not_a_date():
    for text in ("Diciembre 2024", "PER/17/51/USA", "", "12 apples 2024"):
        assert local_date(text, "es") == text


def test_css_string_cannot_leave_its_quotes_or_the_style_element():
    quoted = css_string('a "b" \\ </style><script>\n')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner and "\n" not in inner
    assert "\\22 " in inner and "\\3c " in inner and "\\5c " in inner
    assert css_string("Niñas · BORRADOR — ronda") == '"Niñas · BORRADOR — ronda"'


def test_short_title_cuts_at_a_word():
    title = "Alianzas en Acción para Terminar con la Trata de Niñas, Niños y Adolescentes en el Perú"
    short = short_title(title, 60)
    assert short.endswith(" …") and len(short) <= 62 and title.startswith(short[:-2])
    assert short_title("Short title") == "Short title"
