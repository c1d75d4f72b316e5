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
