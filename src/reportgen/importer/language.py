"""The language of a report, from its most common words, and `--language` checked against it.

Each language has a list of frequent short words that the other two seldom use (Spanish "el",
"los", "del"; English "the", "of", "and"; French "le", "les", "des"): words shared by two of
them ("la", "de", "en", "que") are left out. The language whose words make at least
DECISIVE_SHARE of all the hits, over at least MIN_HITS hits, is the report's language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .blocks import Block
from .errors import SourceError

LANGUAGES = ("es", "en", "fr")
NAMES = {"es": "Spanish", "en": "English", "fr": "French"}
STOPWORDS = {
    "es": {"el", "los", "las", "del", "y", "por", "para", "una", "con", "su", "sus", "al", "como", "más", "se",
           "lo", "entre", "fue", "han", "sobre"},
    "en": {"the", "of", "and", "to", "in", "is", "that", "for", "was", "with", "by", "are", "this", "be", "on",
           "from", "which", "were", "have", "it"},
    "fr": {"le", "les", "des", "et", "du", "est", "une", "dans", "pour", "par", "au", "aux", "qui", "sur", "ce",
           "pas", "été", "ont", "leur", "ces"},
}
DECISIVE_SHARE = 0.5
MIN_HITS = 20
# Their common words are a fifth of any text in these languages (a tenth or more in a report full of tables):
# a text of at least FOREIGN_MIN_WORDS words where they are fewer than FOREIGN_SHARE is another language.
FOREIGN_MIN_WORDS = 60
FOREIGN_SHARE = 0.08
_WORD = re.compile(r"[a-zà-ÿœæ]+")
_ANY_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Detection:
    language: str | None             # None when no language is clearly ahead
    shares: dict[str, float]         # share of the stopword hits, per language
    hits: int
    words: int = 0                   # words of any script in the text

    def describe(self) -> str:
        ranked = sorted(self.shares.items(), key=lambda item: -item[1])
        return ", ".join(f"{NAMES[lang]} {share:.0%}" for lang, share in ranked)


def detect(blocks: list[Block]) -> Detection:
    words = Counter(w for b in blocks if b.kind in ("para", "heading") for w in _WORD.findall(b.text.lower()))
    hits = {lang: sum(words[w] for w in stop) for lang, stop in STOPWORDS.items()}
    total = sum(hits.values())
    shares = {lang: (n / total if total else 0.0) for lang, n in hits.items()}
    best = max(shares, key=lambda lang: shares[lang])
    decided = total >= MIN_HITS and shares[best] >= DECISIVE_SHARE
    every = sum(len(_ANY_WORD.findall(b.text)) for b in blocks if b.kind == "para")
    return Detection(best if decided else None, shares, total, every)


def report_language(blocks: list[Block], given: str | None, source: Path) -> str:
    """The language to import in: `given` when the text does not contradict it, else the detected one.

    A `--language` the text contradicts is an error naming what was detected. A text too short or
    too mixed to tell is imported in `given`, or else in the language with most common words
    (Spanish, then English, then French on a tie: the order of LANGUAGES)."""
    if given is not None and given not in LANGUAGES:
        raise SourceError(f"--language {given}: the import knows the wording of {', '.join(LANGUAGES)} only")
    found = detect(blocks)
    if found.words >= FOREIGN_MIN_WORDS and found.hits < FOREIGN_SHARE * found.words:
        raise SourceError(f"{source}: the report is not written in English, French or Spanish (of its {found.words} "
                          f"words, {found.hits} are common words of these languages); reportgen import reads "
                          "reports in these three languages only: import a translation into one of them")
    if given is None:
        return found.language or max(LANGUAGES, key=lambda lang: (found.shares[lang], -LANGUAGES.index(lang)))
    if found.language is not None and found.language != given:
        raise SourceError(f"{source}: --language {given}, but the report is written in {NAMES[found.language]} "
                          f"({found.language}; common words: {found.describe()}); import it with "
                          f"--language {found.language}, or without --language")
    return given
