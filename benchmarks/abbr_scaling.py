"""Python-Markdown's `abbr` against reportgen.markdown_abbr on one page of k paragraphs.

Every reportgen page carries the glossary's acronyms as `abbr` definitions, and the recommendations page
holds every recommendation: one parent of many blocks. The extension finds each block's place with
`list(parent).index(block)`, so its time grows with the square of the blocks; reportgen.markdown_abbr
passes the place down (same HTML: tests/unit/test_markdown_abbr.py).

    python benchmarks/abbr_scaling.py            # k = 2,000, 4,000, 8,000, 16,000
"""

from __future__ import annotations

import os
import sys
import time

import markdown

DEFINITIONS = "\n\n*[ILO]: International Labour Organization\n*[MoL]: Ministry of Labour\n"


def seconds(extension: str, blocks: int) -> float:
    text = "\n\n".join(f"Paragraph {n} of the ILO and the *MoL*." for n in range(blocks)) + DEFINITIONS
    md = markdown.Markdown(extensions=[extension])
    start = time.perf_counter()
    md.convert(text)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"{'blocks':>7} {'abbr s':>8} {'reportgen s':>12} {'abbr us/block':>14} {'reportgen us/block':>19} {'load':>5}")
    for blocks in sizes:
        stock, ours = seconds("abbr", blocks), seconds("reportgen.markdown_abbr", blocks)
        print(f"{blocks:>7,} {stock:>8.2f} {ours:>12.2f} {1e6 * stock / blocks:>14.0f} {1e6 * ours / blocks:>19.0f} "
              f"{os.getloadavg()[0]:>5.1f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 4000, 8000, 16000])
