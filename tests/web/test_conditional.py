"""Every endpoint that sends an ETag answers conditional GETs as RFC 9110 says (§13.1, §13.2.2), for a client that
asks for gzip as browsers, GDAL, QGIS and feed readers do: If-None-Match compared weakly (the client holds the W/"…"
the compression made), If-Modified-Since against Last-Modified when no If-None-Match is sent (a malformed date
ignored), the 304 carrying the 200's ETag, Last-Modified, Cache-Control and Vary and no body, and a change (a new
published version, a new alert) answered in full. The table is complete: every GET route whose answer carries an
ETag is in it."""

import gzip
import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date
from PIL import Image

from alerts.models import Alert
from hazards.models import Layer
from hazards.services.layers import layer_access_set, layer_classify, layer_publish
from tests.alerts.factories import committed_alert, send
from tests.committed import in_own_connection

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
VECTOR, RASTER, SMALL = "seismic-earthquakes-emca", "seismic-event-density-emca", "context-places-natural-earth"


@dataclass(frozen=True)
class Endpoint:
    url: str  # {identifier}: the CAP identifier of the alert sent for the test
    changes_with: str  # the layer whose publication changes it, "alerts" for the feeds, "" when it never changes

    @property
    def about_alerts(self) -> bool:
        return self.changes_with == "alerts" or "{identifier}" in self.url


ENDPOINTS = {
    "the features of a layer": Endpoint(f"/api/v1/layers/{VECTOR}/features/?limit=50", VECTOR),
    "one feature of a layer": Endpoint(f"/api/v1/layers/{VECTOR}/features/1/", VECTOR),
    "the description of a layer": Endpoint(f"/api/v1/layers/{VECTOR}/", VECTOR),
    "the value of a raster cell": Endpoint(f"/api/v1/layers/{RASTER}/value/?lon=76.88&lat=42.88", RASTER),
    "the COG of a raster layer": Endpoint(f"/api/v1/layers/{RASTER}/download/?format=tif", RASTER),
    "a GeoPackage download": Endpoint(f"/api/v1/layers/{SMALL}/download/?format=gpkg", SMALL),
    "a GeoJSON download": Endpoint(f"/api/v1/layers/{SMALL}/download/?format=geojson", SMALL),
    "the items of an OGC collection": Endpoint(f"/ogc/collections/{VECTOR}/items?limit=20", VECTOR),
    "one item of an OGC collection": Endpoint(f"/ogc/collections/{VECTOR}/items/1", VECTOR),
    "a vector tile": Endpoint("/tiles/context-rivers/5/22/11.pbf", "context-rivers"),
    "a raster tile": Endpoint(f"/tiles/{RASTER}/5/22/11.png", RASTER),
    "a base map tile": Endpoint("/tiles/basemap/5/22/11.pbf", ""),  # changes only with load_region
    "the TileJSON of a layer": Endpoint(f"/tiles/{VECTOR}.json", VECTOR),
    "the tile root of a layer": Endpoint(f"/tiles/{VECTOR}/", VECTOR),
    "the regional CAP feed": Endpoint("/cap/feed.atom", "alerts"),
    "a member's CAP feed": Endpoint("/cap/KGZ/feed.atom", "alerts"),
    "a CAP message": Endpoint("/cap/alerts/{identifier}.xml", ""),
    "the public test feed": Endpoint("/cap/test/feed.atom", ""),   # Test status only: no alert here changes it
    "the ReDoc bundle of the API docs": Endpoint("/api/redoc/redoc.standalone.js", ""),
    "a country passport": Endpoint("/api/v1/passports/KGZ/", VECTOR),
    "a country passport, with a new alert": Endpoint("/api/v1/passports/KGZ/", "alerts"),
    "an area passport": Endpoint("/api/v1/passports/KGZ/KG-C/", VECTOR),
    "the regional matrix": Endpoint("/api/v1/passports/", VECTOR),
    "coverage": Endpoint("/api/v1/coverage/", VECTOR),
    "the page of a country passport": Endpoint("/passport/KGZ/", VECTOR),
    "the page of a country passport, with a new alert": Endpoint("/passport/KGZ/", "alerts"),
    "the page of an area passport": Endpoint("/passport/KGZ/KG-C/", VECTOR),
    "the PDF of a country passport": Endpoint("/passport/KGZ/pdf/", VECTOR),
    "the PDF of an area passport": Endpoint("/passport/KGZ/KG-C/pdf/", VECTOR),
    "the page of the regional matrix": Endpoint("/passport/", VECTOR),
    "the page of a matrix cell": Endpoint("/passport/matrix/KGZ/KAZ/", VECTOR),
}
TABLE = [pytest.param(endpoint, id=name) for name, endpoint in ENDPOINTS.items()]
CHANGING = [pytest.param(endpoint, id=name) for name, endpoint in ENDPOINTS.items() if endpoint.changes_with]


@pytest.fixture(scope="module")
def sent(django_db_blocker):
    """A public alert of KGZ and its duty officer, committed once for the module (sending takes seconds). The alert
    is dated a minute back: HTTP dates count whole seconds, and a message sent in the same second as a test's
    next one would share its Last-Modified."""
    with committed_alert(django_db_blocker, "cond") as (national, _regional, _points, issuer):
        with django_db_blocker.unblock():
            in_own_connection(lambda: Alert.objects.filter(pk=national.pk).update(
                sent=national.sent - timedelta(minutes=1)))
        yield national.pk, issuer


@pytest.fixture
def alert(db, sent) -> Alert:
    return Alert.objects.get(pk=sent[0])


@pytest.fixture
def issuer(db, sent):
    return sent[1]


@pytest.fixture
def url(request, endpoint) -> str:
    """The endpoint's URL; for the CAP surfaces, after an alert was sent (a feed without one has no date)."""
    if endpoint.about_alerts:
        return endpoint.url.format(identifier=request.getfixturevalue("alert").identifier)
    return endpoint.url


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _change(endpoint: Endpoint, request) -> None:
    """What makes the endpoint's answer new: a publication of its layer (its version published again), or a new
    alert for the feeds."""
    if endpoint.changes_with == "alerts":
        send(request.getfixturevalue("issuer"))
        return
    layer = Layer.objects.get(slug=endpoint.changes_with)
    layer_publish(layer=layer, version=layer.published_version)


@pytest.mark.parametrize("endpoint", TABLE)
def test_the_etag_the_gzip_client_holds_gets_a_304(client, url):
    first = client.get(url, **GZIP)
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304
    assert _body(again) == b""


@pytest.mark.parametrize("endpoint", TABLE)
@pytest.mark.parametrize("header", ["ETag", "Last-Modified", "Cache-Control", "Vary"])
def test_the_304_carries_the_validators_and_cache_headers_of_the_200(client, url, header):
    first = client.get(url, **GZIP)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again[header] == first[header]


@pytest.mark.parametrize("endpoint", TABLE)
def test_if_modified_since_the_last_modification_gets_a_304(client, url):
    first = client.get(url, **GZIP)
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP)
    assert again.status_code == 304


@pytest.mark.parametrize("endpoint", TABLE)
def test_if_modified_since_an_earlier_date_gets_the_representation(client, url):
    first = client.get(url, **GZIP)
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier, **GZIP).status_code == 200


@pytest.mark.parametrize("endpoint", TABLE)
def test_a_malformed_if_modified_since_is_ignored(client, url):
    response = client.get(url, HTTP_IF_MODIFIED_SINCE="yesterday, about noon", **GZIP)
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", TABLE)
def test_if_none_match_takes_precedence_over_if_modified_since(client, url):
    first = client.get(url, **GZIP)
    response = client.get(url, HTTP_IF_NONE_MATCH='W/"another-representation"',
                          HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP)
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", CHANGING)
@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_after_a_change_the_validators_of_the_old_answer_get_the_new_one(client, request, endpoint, url, validator):
    first = client.get(url, **GZIP)
    _change(endpoint, request)
    held = first["ETag"] if validator == "If-None-Match" else first["Last-Modified"]
    header = "HTTP_" + validator.upper().replace("-", "_")
    assert client.get(url, **{header: held}, **GZIP).status_code == 200


def test_a_feed_that_an_alert_expired_out_of_is_modified_since(client, issuer, alert):
    """No new message marks an expiry: the feed still holds a newer message, sent before the older one expired."""
    newer, _regional = send(issuer)
    Alert.objects.filter(pk=newer.pk).update(sent=timezone.now() - timedelta(seconds=30))
    first = client.get("/cap/KGZ/feed.atom", **GZIP)
    Alert.objects.filter(pk=alert.pk).update(expires=timezone.now() - timedelta(seconds=10))
    assert client.get("/cap/KGZ/feed.atom", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP).status_code == 200


@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_a_reader_who_may_not_see_a_restricted_layer_gets_a_404_never_a_304(client, analyst, validator):
    url = f"/api/v1/layers/{SMALL}/features/?limit=5"
    layer_access_set(layer=Layer.objects.get(slug=SMALL), access=Layer.Access.RESTRICTED)
    client.force_login(analyst)
    first = client.get(url, **GZIP)
    client.logout()
    held = first["ETag"] if validator == "If-None-Match" else first["Last-Modified"]
    header = "HTTP_" + validator.upper().replace("-", "_")
    assert client.get(url, **{header: held}, **GZIP).status_code == 404


# -- passports: their answer reads many rows, and alerts that expire with the clock ----------------------------------

def _held(client, url, validator, **extra):
    first = client.get(url, **GZIP, **extra)
    assert first.status_code == 200
    value = first["ETag"] if validator == "If-None-Match" else first["Last-Modified"]
    return {"HTTP_" + validator.upper().replace("-", "_"): value}


@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_a_passport_that_an_alert_expired_out_of_is_answered_anew(client, alert, validator):
    """The alert is listed "in force" until it expires: no new message marks that change."""
    held = _held(client, "/api/v1/passports/KGZ/", validator)
    Alert.objects.filter(pk=alert.pk).update(expires=timezone.now() - timedelta(seconds=10))
    again = client.get("/api/v1/passports/KGZ/", **held, **GZIP)
    assert again.status_code == 200
    alerts = json.loads(gzip.decompress(again.content))["alerts"]  # the client asked for gzip
    assert [row["active"] for row in alerts if row["identifier"] == alert.identifier] == [False]


@pytest.mark.parametrize("change", ["access", "classification"])
def test_a_passport_answers_anew_after_a_layer_of_it_changed_access_or_classification(client, change):
    held = _held(client, "/passport/KGZ/", "If-None-Match")
    layer = Layer.objects.get(slug=VECTOR)
    if change == "access":
        layer_access_set(layer=layer, access=Layer.Access.RESTRICTED)
    else:
        layer_classify(layer=layer, classification={"level": "low"})
    assert client.get("/passport/KGZ/", **held, **GZIP).status_code == 200


def test_a_readers_passport_is_never_a_304_for_another_reader(client, analyst):
    """The ETag names the reader: what an analyst's client holds (computed with restricted layers) is not the
    public's answer, even with nothing restricted published."""
    client.force_login(analyst)
    first = client.get("/api/v1/passports/KGZ/", **GZIP)
    assert first["Cache-Control"].startswith("private")
    client.logout()
    assert client.get("/api/v1/passports/KGZ/", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/passports/XYZ/", "/passport/XYZ/", "/api/v1/passports/KGZ/NO-SUCH/",
                                 "/passport/KGZ/NO-SUCH/pdf/"])
def test_no_such_passport_is_a_404_never_a_304(client, url):
    held = {"HTTP_IF_MODIFIED_SINCE": http_date(timezone.now().timestamp() + 3600), "HTTP_IF_NONE_MATCH": "*"}
    assert client.get(url, **held, **GZIP).status_code == 404


def test_a_precondition_that_fails_is_a_412_in_json(client):
    response = client.get(f"/api/v1/layers/{VECTOR}/", HTTP_IF_MATCH='"another-representation"')
    assert response.status_code == 412
    assert response.json()["error"] == "precondition_failed"


# -- the table is complete ------------------------------------------------------------------------------------------

SAMPLES = {"slug": [VECTOR, RASTER], "fid": ["1"], "z": ["5"], "x": ["22"], "y": ["11"], "iso3": ["KGZ"],
           "area": ["KG-C"], "area_code": ["KG-C"], "origin": ["KGZ"], "target": ["KAZ"], "source": ["countries"],
           "token": ["not-a-token"], "uidb64": ["MQ"], "pk": ["{pk}", "00000000-0000-4000-8000-000000000000"],
           "identifier": ["{identifier}"]}
QUERIES = {"api:layer-download": "format=tif", "api:layer-value": "lon=76.88&lat=42.88"}


def _routes(resolver=None, namespace="", groups=()):
    """(name, URL argument names) of every named route but Django's admin site."""
    for pattern in (resolver or get_resolver()).url_patterns:
        names = (*groups, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver) and pattern.app_name != "admin":
            yield from _routes(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                               names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, names


def _urls(name: str, arguments: tuple[str, ...], alert: Alert) -> list[str]:
    """The URLs to ask of route `name`: one per combination of samples of its arguments that the route accepts (a
    layer of each kind; an integer or a UUID primary key)."""
    choices = [{}]
    for argument in arguments:
        choices = [{**chosen, argument: sample.format(pk=alert.pk, identifier=alert.identifier)}
                   for chosen in choices for sample in SAMPLES[argument]]
    query = f"?{QUERIES[name]}" if name in QUERIES else ""
    return [url + query for url in map(lambda kwargs: _reverse(name, kwargs), choices) if url]


def _reverse(name: str, kwargs: dict) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_every_route_is_asked_for(alert):
    assert [name for name, arguments in _routes() if not _urls(name, arguments, alert)] == []


def test_every_get_route_that_sends_an_etag_is_in_the_table(admin_client, alert):
    tabled = {resolve(urlsplit(endpoint.url.format(identifier=alert.identifier)).path).route
              for endpoint in ENDPOINTS.values()}
    with_etag = {resolve(urlsplit(url).path).route for name, arguments in _routes()
                 for url in _urls(name, arguments, alert) if admin_client.get(url, **GZIP).has_header("ETag")}
    assert with_etag - tabled == set()


# -- static files (style, sprites, glyphs), served by WhiteNoise ----------------------------------------------------

@pytest.fixture
def sprite(settings, tmp_path) -> str:
    """The URL of a sprite sheet in a static folder as collectstatic leaves it (a PNG: never precompressed)."""
    (tmp_path / "atlas").mkdir()
    Image.new("RGBA", (64, 64), (200, 30, 30, 255)).save(tmp_path / "atlas" / "sprite.png")
    settings.STATIC_ROOT = tmp_path  # WhiteNoise reads the folder when the client's handler is made, at its request
    return "/" + settings.STATIC_URL.strip("/") + "/atlas/sprite.png"


@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_a_static_file_the_gzip_client_holds_gets_a_304(client, sprite, validator):
    first = client.get(sprite, **GZIP)
    assert first.status_code == 200
    held = first["ETag"] if validator == "If-None-Match" else first["Last-Modified"]
    header = "HTTP_" + validator.upper().replace("-", "_")
    assert client.get(sprite, **{header: held}, **GZIP).status_code == 304
