"""Browser fixtures: Debian's Chromium driven by Playwright, against Django's live server.

Playwright's sync API runs an event loop in the test thread, which makes Django refuse
database calls there; the live server's own thread is unaffected, so allowing them in
the test thread is safe.

Every page a test opens is closed, and the live server's requests drained, before the
database is flushed: the Wagtail editor keeps pinging its editing session, and a ping
still running while PostgreSQL truncates the tables can deadlock the flush.
"""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import restore_wagtail_root
from masthead.demo.services import load_demo_site

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: `make test` installs it with apt-get.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_for_live_server_requests(timeout: float = 10.0) -> None:
    """Join the live server's request threads (socketserver names them after their target)."""
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout)


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo site behind a live server."""
    restore_wagtail_root()
    load_demo_site()
    yield live_server
    wait_for_live_server_requests()


@pytest.fixture
def open_page(browser, demo_site):
    """Open a page in a new browser context (its options as keywords), closed after the test."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page(reduced_motion="reduce", viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(open_page):
    return open_page(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
