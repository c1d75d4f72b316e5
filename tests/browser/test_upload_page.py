"""The editor's upload page in Chromium: file, metadata, transfer and processing progress, preview, publish."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.committed import in_own_connection
from tests.ingest.uploads.conftest import CORPUS

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_an_editor_uploads_previews_and_publishes_a_cp1251_shapefile(page, media_root):
    from django.contrib.auth import get_user_model

    from hazards.models import Layer
    from hazards.services.users import user_set_role

    in_own_connection(lambda: user_set_role(username="browser_editor", role="editor", country="KAZ",
                                             password="atlas-browser-1"))
    try:
        p = page.page
        p.goto(f"{page.base}/upload/")  # asks to sign in first
        p.fill("#id_username", "browser_editor")
        p.fill("#id_password", "atlas-browser-1")
        p.click("button[type=submit]")
        p.wait_for_url("**/upload/")
        p.set_input_files("#file", str(CORPUS / "good" / "towns_cp1251_pulkovo_nocpg.zip"))
        p.fill("#title_ru", "Города Казахстана (проверка браузером)")
        p.fill("#title_en", "Browser check towns")
        p.click("button[type=submit]")
        p.wait_for_selector("#progress:not([hidden])")
        p.wait_for_function("() => document.getElementById('transfer').value === 100")
        env = {**os.environ, "ATLAS_DB_NAME": connection.settings_dict["NAME"], "ATLAS_MEDIA_ROOT": str(media_root)}
        worker = subprocess.run([sys.executable, "manage.py", "procrastinate", "worker", "--one-shot",
                                 "--queues", "uploads"], env=env,
                                capture_output=True, text=True, timeout=300)
        assert worker.returncode == 0, worker.stderr
        p.wait_for_selector("#preview:not([hidden])", timeout=20_000)
        summary = p.inner_text("#summary")
        assert "CP1251" in summary
        assert "5" in summary
        assert "Алматы" in p.inner_text("#rows")
        drawn = p.evaluate("() => document.querySelectorAll('#preview-map .leaflet-overlay-pane path').length")
        assert drawn == 6  # the five towns over the base map, and the extent's box
        page.shot("upload-preview", full_page=True)
        p.click("#publish")
        p.wait_for_selector("#published:not([hidden])")
        link = p.get_attribute("#layer-link", "href")  # the map opens on the new layer's extent (south-east KAZ)
        query = dict(part.split("=") for part in link.split("?")[1].split("&"))
        assert query["layers"].startswith("browser-check-towns")
        assert 5 <= int(query["z"]) <= 8
        assert 42 < float(query["lat"]) < 48
        assert 74 < float(query["lon"]) < 84
        assert page.errors == []
        assert page.external == []
        page.shot("upload-published", full_page=True)
    finally:
        def cleanup():
            Layer.objects.filter(slug__startswith="browser-check-towns").delete()
            get_user_model().objects.filter(username="browser_editor").delete()

        in_own_connection(cleanup)
