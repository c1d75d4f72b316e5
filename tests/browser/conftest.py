"""A real browser: Playwright driving Debian's Chromium against gunicorn serving the test database."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/lib/chromium/chromium"
# WebGL (the map is drawn by MapLibre GL) through SwiftShader, Chromium's CPU renderer: no GPU needed.
CHROMIUM_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API keeps an event loop in this thread; Django's ORM calls in these tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the set-up installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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

    def wait_idle(self, timeout=30_000):
        """Until MapLibre has loaded and drawn every tile of the view."""
        self.page.wait_for_function("() => window.atlas.glMap.loaded() && window.atlas.glMap.areTilesLoaded()",
                                    timeout=timeout)
        self.page.evaluate("() => new Promise((resolve) => window.atlas.glMap.once('idle', resolve)"
                           " && window.atlas.glMap.triggerRepaint())")

    def click_at(self, lat, lon):
        """A click on the map at (lat, lon)."""
        x, y = self.page.evaluate("([lat, lon]) => { const p = window.atlas.map.project([lon, lat]);"
                                  " const r = document.getElementById('map').getBoundingClientRect();"
                                  " return [p.x + r.left, p.y + r.top]; }", [lat, lon])
        self.page.mouse.click(x, y)

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


@pytest.fixture
def phone(browser, atlas_server):
    """A phone: 390 × 844 CSS pixels, touch, a pixel ratio of 3."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True)
    yield Page(context.new_page(), atlas_server)
    context.close()


@pytest.fixture
def desktop(browser, atlas_server):
    """A desktop: 1440 × 900 CSS pixels."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield Page(context.new_page(), atlas_server)
    context.close()
