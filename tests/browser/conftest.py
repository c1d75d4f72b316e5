"""A real browser: Playwright driving Debian's Chromium against gunicorn serving the test database."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/lib/chromium/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API keeps an event loop in this thread; Django's ORM calls in these tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the set-up installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


class Page:
    """A page plus what it logged and which requests left 127.0.0.1."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.errors, self.external = [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                else self.external.append(r.url))

    def open(self, path="/", locale_header="ru"):
        self.page.set_extra_http_headers({"Accept-Language": locale_header})
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return self

    def drawn(self, slug):
        return self.page.evaluate("(slug) => window.atlas.drawn(slug)", slug)

    def wait_drawn(self, slug, predicate, timeout=20_000):
        self.page.wait_for_function(f"() => {{ const n = window.atlas.drawn({slug!r}); return {predicate}; }}",
                                    timeout=timeout)
        return self.drawn(slug)

    def shot(self, name, full_page=False):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def page(browser, atlas_server):
    context = browser.new_context(viewport={"width": 1300, "height": 820})
    yield Page(context.new_page(), atlas_server)
    context.close()
