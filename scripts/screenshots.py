"""Screenshots of built pages in headless Chromium, for looking at what was built.

    python scripts/screenshots.py SITE_DIR OUT_DIR PATH[#ANCHOR] ...

Each path is shot in every language of the site (the root and each `xx/` folder holding
an index.html) at 1280 px (desktop) and 390 px (a phone), scrolled to its anchor.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import serve_folder  # noqa: E402  (the tests' static server)

from playwright.sync_api import sync_playwright  # noqa: E402

WIDTHS = (1280, 390)


def language_prefixes(site: Path) -> list[str]:
    return [""] + sorted(f"{p.name}/" for p in site.iterdir()
                         if p.is_dir() and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", p.name)
                         and (p / "index.html").is_file())


def main(site: str, out: str, *paths: str) -> None:
    server = serve_folder(Path(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 1000 if width > 800 else 844})
            for path in paths:
                for prefix in language_prefixes(Path(site)):
                    page.goto(base + prefix + path)
                    page.wait_for_load_state("networkidle")
                    name = (prefix + path).replace("/", "_").replace("#", "-").strip("_") or "home"
                    page.screenshot(path=f"{out}/{name}-{width}.png")
                    print(f"{out}/{name}-{width}.png")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
