"""Screenshots of built pages in headless Chromium, for looking at what was built.

    python scripts/screenshots.py SITE_DIR OUT_DIR PATH[#ANCHOR] ...

Each path is shot in both languages (PATH and en/PATH), scrolled to its anchor.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import serve_folder  # noqa: E402  (the tests' static server)

from playwright.sync_api import sync_playwright  # noqa: E402


def main(site: str, out: str, *paths: str) -> None:
    server = serve_folder(Path(site))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for path in paths:
            for prefix in ("", "en/"):
                page.goto(base + prefix + path)
                page.wait_for_load_state("networkidle")
                name = (prefix + path).replace("/", "_").replace("#", "-").strip("_") or "home"
                page.screenshot(path=f"{out}/{name}.png")
                print(f"{out}/{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
