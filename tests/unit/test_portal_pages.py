"""portal/pages.py: a list's cards rendered once and put on the list and each facet page at its own
depth (PortalPages.card) are the cards the macro renders for that page."""

from __future__ import annotations

from datetime import date

import jinja2

from reportgen.i18n import Catalogs
from reportgen.portal.artifacts import Artifact
from reportgen.portal.config import PortalConfig
from reportgen.portal.pages import ROOT_MARK, FollowUps, PortalPages
from reportgen.portal.records import RECOMMENDATION_FACETS, make_library


def _pages(tmp_path) -> PortalPages:
    export = {"languages": ["es", "en"], "items": [
        {"id": "R1", "type": "recommendation", "title": {"es": "Reforzar", "en": "Strengthen"},
         "text": {"es": "Reforzar la red", "en": "Strengthen the network"}, "priority": "high"},
        {"id": "R2", "type": "recommendation", "title": {"es": "Medir", "en": "Measure"},
         "text": {"es": "Medir <b>más</b>", "en": "Measure more"}, "priority": "low",
         "follows_up": {"evaluation": "EV-1", "recommendation": "R1"}}],
        "evaluation": {"code": "EV-1", "title": {"es": "Alianzas", "en": "Alliances"},
                       "country": {"es": "Perú", "en": "Peru"}, "completion_date": {"es": "2019"}}}
    library = make_library([Artifact(tmp_path / "a", {}, export)], ["en", "es"], date(2025, 1, 1))
    templates = Catalogs()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in templates.dirs]), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    config = PortalConfig(root=tmp_path, file="portal.yml", title={"en": "P", "es": "P"}, languages=["en", "es"])
    return PortalPages(library, config, templates, tmp_path, "en", env, FollowUps(library))


def test_a_cached_card_is_the_card_the_macro_renders_at_each_depth(tmp_path):
    pages = _pages(tmp_path)
    macros = pages.env.get_template("portal/_macros.html.j2").module
    facets = {facet: [] for facet in RECOMMENDATION_FACETS}
    for item in pages.library.of_kind("recommendation"):
        for root in ("../../", "../../../../", "../../"):  # the list, a facet page, the list again (cached)
            fresh = str(macros.item_card(pages, item, root, "en", facets, level=2))
            assert str(pages.card(item, root, facets, level=2)) == fresh
            assert f'href="{root}en/' in fresh and ROOT_MARK not in fresh
    assert len(pages._cards) == 2  # one rendering per card, whatever the depths
