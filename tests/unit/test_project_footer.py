"""project.py: every page's footer, the publisher, the publication date and the recommended citation."""

from __future__ import annotations

from helpers import checked

from reportgen.i18n import Catalogs
from reportgen.project import _footer

COVER = {"evaluation.yaml": """\
    evaluation:
      title: {en: A title, fr: Un titre}
      code: T/1
      completion_date: {en: "2024-12-06", fr: "2024-12-06"}
      administrative_office: {en: ILO Office for the Andean Countries, fr: Bureau de l’OIT pour les pays andins}
      evaluators: [{name: Ana Pérez}, {name: Bo Li}]
"""}


def test_the_defaults_come_from_the_cover_in_each_language(tmp_path):
    result = checked(tmp_path, COVER, "languages: [en, fr]\nsite_url: https://example.org/ev/\n")
    en = _footer(result, Catalogs().strings("en"), "en")
    assert en["published"] == "Published by ILO Office for the Andean Countries, December 6, 2024"
    assert en["citation"] == ("Ana Pérez, Bo Li. A title (T/1). ILO Office for the Andean Countries, December 6, 2024. "
                              "https://example.org/ev/")
    fr = _footer(result, Catalogs().strings("fr"), "fr")
    assert fr["published"] == "Publié par Bureau de l’OIT pour les pays andins, 6 décembre 2024"
    assert fr["citation_label"] == "Citation recommandée\u00a0:" and fr["citation"].endswith("https://example.org/ev/fr/")


def test_reportgen_yml_says_otherwise(tmp_path):
    config = ("languages: [en, fr]\npublisher: {en: ILO Evaluation Office, fr: Bureau de l’évaluation}\n"
              "publication_date: {en: March 2025, fr: mars 2025}\ncitation: {en: ILO (2025). A title., fr: OIT (2025).}\n")
    result = checked(tmp_path, COVER, config)
    en = _footer(result, Catalogs().strings("en"), "en")
    assert (en["published"], en["citation"]) == ("Published by ILO Evaluation Office, March 2025", "ILO (2025). A title.")
