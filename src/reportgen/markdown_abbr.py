"""Python-Markdown's `abbr` extension, linear in a page's length.

reportgen gives every page the acronyms of the glossary as `abbr` definitions (render.pages). The
extension's tree processor finds each element's place among its siblings with `list(parent).index(el)`,
once for every element with text after it: quadratic in the number of siblings. A page of 2,000
recommendations is one parent of some 20,000 blocks. Here the place is passed down instead; everything
else is the extension's own (definitions, the glossary option, the `<abbr>` elements it makes).

site.mkdocs_config names this module in place of `abbr` (with the same options).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString


class LinearAbbrTreeprocessor(AbbrTreeprocessor):
    def iter_element(self, el: etree.Element, parent: etree.Element | None = None, at: int = 0) -> None:
        """AbbrTreeprocessor.iter_element with `at`, the place of `el` in `parent`. The children are visited
        last to first, as there: an <abbr> put after a child moves none of the children before it."""
        for index in range(len(el) - 1, -1, -1):
            self.iter_element(el[index], el, index)
        if el.text and not isinstance(el.text, AtomicString):
            el.text = self._wrap(el, 0, el.text)
        if parent is not None and el.tail and not isinstance(el.tail, AtomicString):
            el.tail = self._wrap(parent, at + 1, el.tail)

    def _wrap(self, parent: etree.Element, index: int, text: str) -> str:
        """Each abbreviation in `text` (an element's text or tail) as an <abbr> at `index` of `parent`;
        what is left of `text` before the first."""
        assert self.RE is not None
        for match in reversed(list(self.RE.finditer(text))):
            if self.abbrs[match.group(0)]:
                parent.insert(index, self.create_element(self.abbrs[match.group(0)], match.group(0),
                                                         text[match.end():]))
                text = text[:match.start()]
        return text


class LinearAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        if self.config["glossary"][0]:
            self.load_glossary(self.config["glossary"][0])
        self.abbrs.update(self.glossary)
        md.registerExtension(self)
        md.treeprocessors.register(LinearAbbrTreeprocessor(md, self.abbrs), "abbr", 7)
        md.parser.blockprocessors.register(AbbrBlockprocessor(md.parser, self.abbrs), "abbr", 16)


def makeExtension(**kwargs: object) -> LinearAbbrExtension:  # noqa: N802 (Python-Markdown's name)
    return LinearAbbrExtension(**kwargs)
