"""Screenshots of running pages in Debian's headless Chromium, to look at them as a user would.

.venv/bin/python scripts/screenshot.py http://127.0.0.1:8000/ out.png [--width 1280] [--lang en]
"""

import argparse
import shutil

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--lang", default="ar")
    parser.add_argument("--full", action="store_true", help="the whole page, not the viewport")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        context = browser.new_context(
            viewport={"width": args.width, "height": args.height},
            extra_http_headers={"Accept-Language": args.lang},
        )
        page = context.new_page()
        page.goto(args.url, wait_until="networkidle")
        page.wait_for_timeout(500)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
