"""A cheap check of a translation file's language: its most common short words.

The word lists are the importer's (reportgen.importer.language: Spanish, English and French words
the other two seldom use). A file whose translations clearly look like another language than the
one it declares (an English file relabelled `fr`) gets a warning, not a refusal: short files and
texts full of names cannot be told apart.
"""

from __future__ import annotations

import re
from collections import Counter

from ..importer.language import DECISIVE_SHARE, MIN_HITS, STOPWORDS

LANGS_KNOWN = frozenset(STOPWORDS)
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(texts: list[str]) -> str | None:
    """The language the texts are clearly written in (es, en or fr), or None when it is not clear."""
    words = Counter(w for text in texts for w in _WORD.findall(text.lower()))
    hits = {lang: sum(words[w] for w in stop) for lang, stop in STOPWORDS.items()}
    total = sum(hits.values())
    if total < MIN_HITS:
        return None
    best = max(hits, key=lambda lang: hits[lang])
    return best if hits[best] / total >= DECISIVE_SHARE else None
