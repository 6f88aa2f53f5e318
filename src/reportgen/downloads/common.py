"""What every download writer shares: where a language's files go, item URLs, texts."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Coroutine

from .reproducible import fixed_zip

from ..content.markdown import plain_text
from ..content.registry import ItemType
from ..graph import Graph
from ..urls import Linker, directory_url
from ..i18n import Catalogs, Texts as LanguageTexts

DOWNLOADS_DIR = "downloads"


def downloads_dir(graph: Graph, lang: str) -> str:
    """The folder of a language's downloads, relative to the site: "downloads/", "en/downloads/"."""
    return f"{graph.ctx.prefix(lang)}{DOWNLOADS_DIR}/"


def print_page(graph: Graph, lang: str) -> str:
    """The one-page edition of a language, relative to the site."""
    return f"{graph.ctx.prefix(lang)}print/index.html"


def item_url(graph: Graph, item_id: str) -> str:
    """An item's URL relative to the downloads folder: "../recommendations/#R4"."""
    page, anchor = Linker(graph).target(item_id)
    return "../" + directory_url(page) + (f"#{anchor}" if anchor else "")


class Texts:
    """An item's texts in one language, as plain text (the original when a translation is missing)."""

    def __init__(self, graph: Graph, catalogs: Catalogs, lang: str):
        self.language = LanguageTexts.of(catalogs, lang, graph.ctx.original)
        self.lang = lang
        self.s = self.language.s
        self.d = self.s["download_texts"]

    def tr(self, text: object) -> str:
        return self.language.tr(text)

    def plain(self, text: object) -> str:
        return plain_text(self.language.tr(text))

    def level_label(self, field_name: str, value: str | None) -> str:
        return self.language.level_label(field_name, value)


@dataclass(frozen=True)
class TemplateWords:
    """The words of one item type's ILO template in one language (catalog keys `PREFIX_fields`,
    `PREFIX_template_title`, … where PREFIX is the type's `ilo_template`)."""

    kind: str
    name: str                # "Lesson learned"
    fields: dict[str, str]   # template field -> its label, in the template's order
    title: str               # the template's title ("ILO Lesson Learned Template")
    intro: str
    heading: str             # the header of the element column

    @classmethod
    def of(cls, texts: Texts, item_type: ItemType) -> TemplateWords:
        prefix, s = item_type.ilo_template, texts.s
        return cls(item_type.kind, s[item_type.label_key], dict(s[f"{prefix}_fields"]),
                   texts.d[f"{prefix}_template_title"], s[f"{prefix}_template_intro"],
                   s[f"{prefix}_template_heading"])


class Output:
    """Writes files under the built site and remembers {relative path: size}."""

    def __init__(self, site: Path, epoch: int = 0):
        self.site = Path(site)
        self.epoch = epoch  # the content's date, stamped into Office files
        self.written: dict[str, int] = {}

    def path(self, rel: str) -> Path:
        target = self.site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, rel: str, data: bytes) -> None:
        if rel.endswith((".xlsx", ".docx")):  # Office files carry the time they were made
            data = fixed_zip(data, self.epoch)
        self.path(rel).write_bytes(data)
        self.record(rel)

    def record(self, rel: str) -> None:
        self.written[rel] = (self.site / rel).stat().st_size


def run_coroutine(coroutine: Coroutine[Any, Any, object]) -> None:
    """asyncio.run, in a thread of its own when the caller already runs an event loop (a notebook, a
    test session driving a browser): Chromium printing and Pagefind indexing are coroutines."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
