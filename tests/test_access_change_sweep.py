"""A change of access takes effect at once: a public Kyrgyz layer made restricted (in the admin, through the API)
vanishes from every public output — its own endpoints, passports and their PDFs, the matrix, coverage, search,
alert reach, levels and exposure — before the change returns, and shows again when made public. The URL lists are
the two sweeps' (tests/test_derived_outputs_sweep.py, tests/test_access_sweep.py)."""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client

from alerts.reach import reach_compute
from hazards.analysis.service import analysis_recompute
from hazards.models import AreaLevel, Audience, Country, Exposure, HazardType, Layer, LayerEvent
from ingest.pipeline import ingest_file
from tests.admin_forms import admin_change_form
from tests.conftest import queued_analyses
from tests.test_access_sweep import ENDPOINTS, LISTS
from tests.test_access_sweep import SLUG as SWEPT_SLUG
from tests.test_derived_outputs_sweep import POINTS as SWEPT_POINTS
from tests.test_derived_outputs_sweep import URLS as DERIVED_URLS
from tests.test_derived_outputs_sweep import _text
from web.cache import cache_key_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SLUG = "openleak-kgz-mudflows"
MARK = "OPENLEAK"
LABEL = "OPENLEAK-TAILINGS-QZX"
DERIVED = [url.replace("SECRET-TAI", LABEL[:10]) for url in DERIVED_URLS]
OWN = [url.replace(SWEPT_SLUG, SLUG) for url in ENDPOINTS]
TILE = f"/tiles/{SLUG}/5/22/11.pbf"
POINTS = [*SWEPT_POINTS, (72.49, 41.04)]  # the sweep's points near Mailuu-Suu, and one 1 km from Kochkor-Ata (people)


@pytest.fixture
def open_layer(tmp_path, no_queued_analysis):
    """A public Kyrgyz mudflow layer near Mailuu-Suu, analysed: it makes Kyrgyzstan's mudflow level high for all."""
    path = tmp_path / "open.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
         "properties": {"name": LABEL, "year": 2001}} for x, y in POINTS]}))
    layer = Layer.objects.create(
        slug=SLUG, title_ru=f"Слой {MARK}", title_en=f"{MARK} layer", title_kk=f"{MARK} қабаты", label_field="name",
        time_field="year", hazard_type=HazardType.objects.get(code=HazardType.MUDFLOW),
        owner=Country.objects.get(iso3="KGZ"), access=Layer.Access.PUBLIC, classification={"level": "high"},
        river_hazard=True, official=True)
    ingest_file(layer=layer, path=path, publish=True)
    analysis_recompute()
    return layer


def _public_mudflow_level() -> int | None:
    return AreaLevel.objects.get(country__iso3="KGZ", area=None, hazard_type__code=HazardType.MUDFLOW,
                                 audience=Audience.PUBLIC).level


def _reach_text() -> str:
    x, y = POINTS[0]
    area = MultiPolygon(Polygon.from_bbox((x - 0.1, y - 0.1, x + 0.1, y + 0.1)), srid=4326)
    return json.dumps(reach_compute(area, 30), ensure_ascii=False)


def _derived_naming_it(anonymous: Client) -> list[str]:
    """The public derived URLs whose decoded text names the layer or its features."""
    seen = []
    for url in DERIVED:
        response = anonymous.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = _text(response)
        if MARK in text or SLUG in text:
            seen.append(url)
    return seen


def _own_statuses(anonymous: Client) -> dict[str, int]:
    return {url: anonymous.get(url).status_code for url in OWN}


def _listed(anonymous: Client) -> list[str]:
    return [url for url, slugs in LISTS if SLUG in slugs(anonymous.get(url).json())]


def _restrict_in_admin(admin_client, layer):
    url = f"/admin/hazards/layer/{layer.pk}/change/"
    response = admin_client.post(url, admin_change_form(admin_client, url, access="restricted"))
    assert response.status_code == 302, response.content[:2000]


def _set_by_api(admin_client, access):
    response = admin_client.post(f"/api/v1/layers/{SLUG}/access/", {"access": access}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"layer": SLUG, "access": access}


def _assert_hidden(anonymous):
    assert _derived_naming_it(anonymous) == []
    assert set(_own_statuses(anonymous).values()) == {404}
    assert _listed(anonymous) == []
    assert MARK not in _reach_text()
    assert _public_mudflow_level() != 4
    assert not Exposure.objects.filter(layer__slug=SLUG, audience=Audience.PUBLIC).exists()
    assert cache_key_for(TILE) == ""


def _assert_shown(anonymous):
    seen = _derived_naming_it(anonymous)
    assert "/api/v1/passports/KGZ/" in seen
    assert "/passport/KGZ/" in seen
    assert "/passport/matrix/KGZ/UZB/" in seen
    assert f"/api/v1/search/?q={LABEL[:10]}" in seen
    assert "/passport/KGZ/pdf/" in seen
    assert set(_own_statuses(anonymous).values()) <= {200, 204}
    assert len(_listed(anonymous)) == 2
    assert LABEL in _reach_text()
    assert _public_mudflow_level() == 4
    assert cache_key_for(TILE) != ""


def test_a_layer_made_restricted_leaves_every_public_output_at_once_and_returns_when_made_public(
        open_layer, admin_client, django_capture_on_commit_callbacks):
    anonymous = Client()
    _assert_shown(anonymous)
    assert Exposure.objects.filter(layer=open_layer, audience=Audience.PUBLIC).exists()
    etag = anonymous.get(f"/api/v1/layers/{SLUG}/")["ETag"]

    _restrict_in_admin(admin_client, open_layer)
    _assert_hidden(anonymous)
    _set_by_api(admin_client, "public")
    _assert_shown(anonymous)
    assert anonymous.get(f"/api/v1/layers/{SLUG}/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the change commits
        _set_by_api(admin_client, "restricted")
    _assert_hidden(anonymous)
    assert Exposure.objects.filter(layer=open_layer, audience=Audience.FULL).exists()

    events = list(open_layer.events.filter(action=LayerEvent.Action.ACCESS_CHANGED).order_by("pk")
                  .values_list("detail", "user__username"))
    assert events == [("public → restricted", "admin"), ("restricted → public", "admin"),
                      ("public → restricted", "admin")]
    assert queued_analyses() == 1
    _set_by_api(admin_client, "public")
    analysis_recompute()  # what the queued job runs: the public exposure comes back
    assert Exposure.objects.filter(layer=open_layer, audience=Audience.PUBLIC).exists()
