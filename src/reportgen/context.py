"""The build context: what one run is about, decided once and passed down.

Languages (the report's original first), the edition, the date the build
speaks for and strictness. Every layer reads it; none writes it, and nothing
travels through environment variables: the few a caller may set are read once,
at the command line, into an `Environment`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
    # The browser that prints the PDFs, when the caller names one (REPORTGEN_CHROMIUM).
    chromium: str | None = None

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


@dataclass(frozen=True)
class Environment:
    """The environment variables a caller may set, read once where a run starts (the command line,
    a portal worker's entry point) and handed down; no stage reads os.environ itself."""

    # SOURCE_DATE_EPOCH (the reproducible-builds convention): the date stamped into the site.
    source_date_epoch: int | None = None
    # REPORTGEN_CHROMIUM: the Chromium to print PDFs with, instead of the one found on the PATH.
    chromium: str | None = None

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Environment:
        epoch = environ.get("SOURCE_DATE_EPOCH", "")
        return cls(source_date_epoch=int(epoch) if epoch.isdigit() else None,
                   chromium=environ.get("REPORTGEN_CHROMIUM") or None)


def language_label(code: str) -> str:
    """"English ('en')": a language as messages to authors name it (CLDR names, via Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(code.replace('-', '_')).get_display_name('en')} ('{code}')"
    except (ValueError, UnknownLocaleError):
        return f"'{code}'"
