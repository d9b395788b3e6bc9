"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded: the set-up uses ``chromium`` from PATH and, when it is missing and
we run as root, installs Debian's package with apt. Otherwise the browser tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (building data) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _install_chromium() -> str | None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "chromium"],
        ):
            subprocess.run(command, check=True, capture_output=True, timeout=900, env=env)
    except (subprocess.SubprocessError, OSError):
        return None
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or _install_chromium()
    if not path:
        pytest.skip("no chromium on PATH, and it could not be installed with apt (needs root)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _open_page(browser, live_server, request: pytest.FixtureRequest, language: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _keep_screenshot(page, request: pytest.FixtureRequest) -> None:
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


@pytest.fixture
def page(browser, live_server, request: pytest.FixtureRequest) -> Iterator:
    """An Arabic page (the site's default language); a screenshot is kept when the test fails."""
    context, page = _open_page(browser, live_server, request, "ar")
    yield page
    _keep_screenshot(page, request)
    context.close()
