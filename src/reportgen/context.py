"""The build context: what one run is about, decided once and passed down.

Languages (the report's original first), the edition, the date the build
speaks for and strictness. Every layer reads it; none writes it, and nothing
travels through environment variables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .content.config import ProjectConfig

EDITIONS = ("review", "public")


@dataclass(frozen=True)
class BuildContext:
    config: ProjectConfig = field(default_factory=ProjectConfig)
    languages: tuple[str, ...] = ("en",)
    edition: str = "review"
    build_date: dt.date = field(default_factory=dt.date.today)
    strict: bool = False
    # Seconds since 1970 stamped into archives and the sitemap: the content's date, not the clock's.
    source_epoch: int = 0
    # The downloads this build makes ("pdf", "data"): pages link only to files that exist.
    downloads: tuple[str, ...] = ("pdf", "data")

    @property
    def original(self) -> str:
        """The language the report was written in: required everywhere, the fallback of the others."""
        return self.languages[0]

    @property
    def translations(self) -> tuple[str, ...]:
        return self.languages[1:]

    @property
    def is_review(self) -> bool:
        return self.edition == "review"

    def prefix(self, lang: str) -> str:
        """Where a language's pages live: the original at the root, the others under `xx/`."""
        return "" if lang == self.original else f"{lang}/"


def language_label(code: str) -> str:
    """"English ('en')": a language as messages to authors name it (CLDR names, via Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(code.replace('-', '_')).get_display_name('en')} ('{code}')"
    except (ValueError, UnknownLocaleError):
        return f"'{code}'"
