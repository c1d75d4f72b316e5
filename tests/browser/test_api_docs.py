"""In Chromium: Swagger UI (/api/docs/) and ReDoc (/api/redoc/) open under the atlas's Content-Security-Policy — no
inline script, no console error, no CSP violation, nothing fetched from outside — and list the REST, passport and
alert operations; the page around them speaks the request's language."""

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # django_db: the session sets up the test database

# Recorded in the page before any of its scripts runs (Playwright's init scripts are not subject to the CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""
OPERATIONS = {"passport": "/api/v1/passports/{iso3}/", "layer_features": "/api/v1/layers/{slug}/features/",
              "alert_detail": "/api/v1/alerts/{id}/", "search": "/api/v1/search/"}
TITLES = {"ru": "API атласа", "en": "API of the atlas", "kk": "Атластың API-і"}


def _open(page, path, lang):
    page.page.add_init_script(RECORD_VIOLATIONS)
    page.open(path, locale_header=lang)
    return page


def _violations(page):
    return page.page.evaluate("() => window.__cspViolations")


@pytest.mark.parametrize("lang", ["ru", "en", "kk"])
def test_swagger_ui_lists_the_operations_under_the_csp_in_the_page_language(page, lang):
    _open(page, "/api/docs/", lang)
    paths = page.page.locator(".opblock-summary-path").evaluate_all("(nodes) => nodes.map((n) => n.dataset.path)")
    page.shot(f"api-docs-swagger-{lang}")
    for path in OPERATIONS.values():
        assert path in paths
    assert page.page.locator("html").get_attribute("lang") == lang
    assert page.page.title().startswith(TITLES[lang])
    assert _violations(page) == []
    assert page.errors == []
    assert page.external == []


@pytest.mark.parametrize("lang", ["ru", "en", "kk"])
def test_redoc_lists_the_operations_under_the_csp_in_the_page_language(page, lang):
    _open(page, "/api/redoc/", lang)
    text = page.page.locator("#redoc-container").inner_text()
    page.shot(f"api-docs-redoc-{lang}")
    for operation, path in OPERATIONS.items():
        assert page.page.locator(f'[data-section-id="operation/{operation}"]').count() == 1
        assert path in text
    assert page.page.locator("html").get_attribute("lang") == lang
    assert page.page.title().startswith(TITLES[lang])
    assert _violations(page) == []
    assert page.errors == []
    assert page.external == []
