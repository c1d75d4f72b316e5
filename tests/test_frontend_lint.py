"""The front end passes ESLint (eslint.config.js): ES modules, no undeclared globals, no unused code."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"


def test_the_javascript_passes_eslint():
    if not ESLINT.exists():
        pytest.fail(f"{ESLINT} is missing: the set-up installs it from package.json (npm install)")
    result = subprocess.run([str(ESLINT), "static/atlas/js"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, f"ESLint found problems in static/atlas/js:\n{result.stdout}{result.stderr}"


JS = ROOT / "static" / "atlas" / "js"
FOLDERS = {"map", "upload", "alerts", "passport", "apidocs", "shared"}


def test_every_module_lives_in_its_page_folder_or_in_shared():
    misplaced = [str(path.relative_to(JS)) for path in JS.rglob("*.js") if path.relative_to(JS).parts[0] not in FOLDERS]
    assert misplaced == []


def test_only_the_api_client_calls_fetch():
    calling = sorted(str(path.relative_to(JS)) for path in JS.rglob("*.js") if "fetch(" in path.read_text())
    assert calling == ["shared/api.js"]


def test_every_page_reads_its_config_through_the_config_reader():
    parsing = sorted(str(path.relative_to(JS)) for path in JS.rglob("*.js")
                     if "JSON.parse(document" in path.read_text())
    assert parsing == []


def test_no_page_loads_leaflet_vectorgrid():
    files = [*(ROOT / "templates").rglob("*.html"), ROOT / "package.json", ROOT / "atlas" / "settings.py"]
    loading = sorted(str(path.relative_to(ROOT)) for path in files if "vectorgrid" in path.read_text().lower())
    assert loading == []


def test_every_full_page_template_extends_the_base_template():
    # The one page frame is atlas/base.html; e-mails are not pages.
    framed_alone = sorted(str(path.relative_to(ROOT / "templates")) for path in (ROOT / "templates").rglob("*.html")
                          if "<html" in path.read_text() and path.name != "notification_email.html")
    assert framed_alone == ["atlas/base.html"]
