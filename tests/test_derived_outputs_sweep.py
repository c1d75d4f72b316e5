"""Restricted data never leaks through anything derived from it: a restricted Kyrgyz layer changes levels,
evidence, exposure, the matrix, search and PDFs only for readers of every layer — swept for every kind of user,
by session and by token, on every passport, matrix, search and PDF URL."""

import io
import json

import pypdf
import pytest

from hazards.analysis.service import analysis_recompute
from hazards.models import AreaLevel, Audience, Country, HazardType, Layer
from ingest.pipeline import ingest_file
from tests.tokens import token_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SLUG = "secret-kgz-mudflows"
LABEL = "SECRET-TAILINGS-XYZ"
# Near Mailuu-Suu (Jalal-Abad region), a few kilometres from the Uzbek border: the points reach Uzbekistan.
POINTS = [(72.45, 41.27), (72.47, 41.25), (72.43, 41.29)]
URLS = ["/api/v1/passports/", "/api/v1/coverage/", "/api/v1/passports/KGZ/", "/api/v1/passports/KGZ/KG-J/",
        "/api/v1/passports/UZB/",
        "/passport/", "/passport/KGZ/", "/passport/KGZ/KG-J/", "/passport/UZB/", "/passport/matrix/KGZ/UZB/",
        "/passport/matrix/KGZ/KAZ/", f"/api/v1/search/?q={LABEL[:10]}", "/passport/KGZ/pdf/",
        "/passport/KGZ/KG-J/pdf/"]


def _text(response) -> str:
    if response["Content-Type"] == "application/pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode()


def _mudflow_level(audience: str):
    return AreaLevel.objects.get(country__iso3="KGZ", area=None, hazard_type__code=HazardType.MUDFLOW,
                                 audience=audience).level


@pytest.fixture
def secret_layer(tmp_path):
    path = tmp_path / "secret.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
         "properties": {"name": LABEL, "year": 2001}} for x, y in POINTS]}))
    layer = Layer.objects.create(
        slug=SLUG, title_ru="Секретный слой", title_en="Secret layer", label_field="name", time_field="year",
        hazard_type=HazardType.objects.get(code=HazardType.MUDFLOW), owner=Country.objects.get(iso3="KGZ"),
        access=Layer.Access.RESTRICTED, classification={"level": "high"}, river_hazard=True,
        official=True)
    ingest_file(layer=layer, path=path, publish=True)
    analysis_recompute()
    return layer


def _headers(client, user, how):
    if user is None:
        return {}
    if how == "session":
        client.force_login(user)
        return {}
    return {"HTTP_AUTHORIZATION": f"Token {token_for(user)}"}


def test_derived_outputs_are_computed_for_the_readers_audience(request, client, secret_layer):
    assert _mudflow_level(Audience.FULL) == 4  # the restricted points make Kyrgyzstan's mudflow level high …
    assert _mudflow_level(Audience.PUBLIC) != 4  # … for readers of every layer only
    public_level = client.get("/api/v1/passports/KGZ/").json()["levels"]
    assert next(x for x in public_level if x["hazard"] == "mudflow")["level"] != "high"
    for who, sees in [("anonymous", False), ("kgz_editor", False), ("kaz_editor", False), ("analyst", True),
                      ("regional_admin", True)]:
        user = None if who == "anonymous" else request.getfixturevalue(who)
        for how in ("session", "token"):
            client.logout()
            headers = _headers(client, user, how)
            seen = []
            for url in URLS:
                response = client.get(url, **headers)
                assert response.status_code == 200, (who, how, url, response.status_code)
                text = _text(response)
                if LABEL in text or SLUG in text:
                    seen.append(url)
            assert ({"/api/v1/passports/KGZ/", "/passport/matrix/KGZ/UZB/"} <= set(seen)) is sees, (who, how, seen)
            assert bool(seen) is sees, (who, how, seen)
