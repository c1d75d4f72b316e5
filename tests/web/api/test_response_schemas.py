"""The OpenAPI document says what every JSON answer of the REST and alerts APIs holds, and the answers hold it:
no 2xx JSON response is documented as a bare object (but the listed exceptions), and every documented GET,
called on the loaded region with real slugs, codes and ids — anonymously, as an analyst and as a duty officer —
answers a body that validates against its operation's response schema (JSON Schema, OpenAPI 3.0 dialect)."""

import json

import pytest
from django.test import Client
from openapi_schema_validator import OAS30Validator

from hazards.models import AdminArea, Layer
from hazards.services.users import user_set_role
from tests.alerts.factories import regional_focal_points, send

pytestmark = pytest.mark.django_db

OGC = "an OGC API - Features document described by web/ogc/schema.py after the OGC's own schemas (left as it is)"
# Operations whose 2xx JSON answer may be a free-form object, each with the reason.
FREE_FORM = {
    "GET /api/schema/": "the OpenAPI document itself",
    **{f"GET /ogc{path}": OGC for path in (
        "/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/queryables",
        "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}", "/collections/alerts",
        "/collections/alerts/items", "/collections/alerts/items/{featureId}")},
}
VECTOR, RASTER, SMALL = "seismic-earthquakes-emca", "seismic-event-density-emca", "manmade-dams-register"
# Each documented JSON GET, with real values of the loaded region filled in below; who may call it.
EVERYONE, SIGNED_IN, ISSUER = ("anonymous", "analyst", "issuer"), ("analyst", "issuer"), ("issuer",)
CALLS = [
    ("/api/v1/hazard-types/", EVERYONE), ("/api/v1/countries/", EVERYONE),
    ("/api/v1/admin-areas/?country=KGZ&level=1", EVERYONE), ("/api/v1/layers/", EVERYONE),
    ("/api/v1/layers/{vector}/", EVERYONE), ("/api/v1/layers/{raster}/", EVERYONE),
    ("/api/v1/layers/{vector}/features/?limit=3&country=KGZ", EVERYONE),
    ("/api/v1/layers/{vector}/features/{fid}/", EVERYONE),
    ("/api/v1/layers/{small}/download/?format=geojson", EVERYONE),
    ("/api/v1/layers/{vector}/history/", SIGNED_IN),
    ("/api/v1/search/?q=Бишкек", EVERYONE), ("/api/v1/search/?q=Naryn", EVERYONE),
    ("/api/v1/search/?q=Toktogul", EVERYONE),
    ("/api/v1/passports/", EVERYONE), ("/api/v1/coverage/", EVERYONE),
    ("/api/v1/passports/KGZ/", ("analyst",)), ("/api/v1/passports/KGZ/{area}/", EVERYONE),
    ("/tiles/{vector}.json", EVERYONE), ("/tiles/{raster}.json", EVERYONE), ("/tiles/countries.json", EVERYONE),
    ("/tiles/alerts.json", EVERYONE),
    ("/api/v1/alerts/", ISSUER), ("/api/v1/alerts/{alert}/", ISSUER), ("/api/v1/alerts/{alert}/reach/", ISSUER),
    ("/api/v1/focal-points/", ISSUER),
]


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker) -> dict:
    """The OpenAPI document as /api/schema/ serves it (made once: it takes seconds)."""
    with django_db_blocker.unblock():
        return json.loads(Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)


def _resolved(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _json_responses(document: dict):
    """(label, schema) of every 2xx JSON response of the document."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                for media, content in (response.get("content") or {}).items():
                    if status.startswith("2") and media.endswith("json"):
                        yield f"{method.upper()} {path}", content["schema"]


def _is_bare_object(schema: dict) -> bool:
    keys = {"properties", "allOf", "oneOf", "anyOf", "items"}
    return not keys & schema.keys() and schema.get("type", "object") == "object"


def test_no_json_answer_is_documented_as_a_bare_object_but_the_listed_exceptions(document):
    bare = {label for label, schema in _json_responses(document) if _is_bare_object(_resolved(document, schema))}
    assert sorted(bare) == sorted(FREE_FORM)


def test_the_typed_answers_document_their_keys_and_nullability(document):
    schemas = document["components"]["schemas"]
    assert schemas["PassportOut"]["properties"]["area"]["nullable"] is True
    assert "PassportMatrixRow" in schemas
    assert schemas["RasterValueOut"]["properties"]["value"]["nullable"] is True
    assert set(schemas["SearchHit"]["required"]) == {"type", "id", "name", "detail", "bbox"}


@pytest.fixture
def users() -> dict:
    """An analyst and a Kyrgyz duty officer (who issues alerts)."""
    return {"analyst": user_set_role(username="schema_analyst", role="analyst", password="pw-atlas-1")[0],
            "issuer": user_set_role(username="schema_issuer", role="issuer", country="KGZ", password="pw-atlas-1")[0]}


@pytest.fixture
def callers(client, users) -> dict[str, Client]:
    """A client per caller: anonymous, the analyst, the duty officer."""
    made = {"anonymous": client}
    for role, user in users.items():
        made[role] = Client()
        made[role].force_login(user)
    return made


@pytest.fixture
def real(users) -> dict[str, str]:
    """Real slugs, codes and ids: layers, a Kyrgyz region, a feature, a sent alert."""
    regional_focal_points("schema")
    national, _ = send(users["issuer"])
    vector = Layer.objects.get(slug=VECTOR)
    return {"vector": VECTOR, "raster": RASTER, "small": SMALL, "alert": national.pk,
            "fid": vector.published_version.features.order_by("fid").values_list("fid", flat=True).first(),
            "area": AdminArea.objects.filter(country__iso3="KGZ", level=1).order_by("code").first().code}


def _matches(template: str, segments: list[str]) -> bool:
    parts = template.split("/")
    if len(parts) != len(segments):
        return False
    return all(t == s or t.startswith("{") for t, s in zip(parts, segments, strict=True))


def _operation_schema(document: dict, path: str, media: str) -> dict:
    """The 200 response schema the document gives for a GET of `path`; a literal path wins over a template
    (/tiles/alerts.json over /tiles/{slug}.json)."""
    segments = path.split("?")[0].split("/")
    templates = sorted((t for t in document["paths"] if _matches(t, segments)), key=lambda t: t.count("{"))
    assert templates, f"{path} is not documented"
    return document["paths"][templates[0]]["get"]["responses"]["200"]["content"][media]["schema"]


@pytest.mark.parametrize(("caller", "call"), [(caller, path) for path, callers in CALLS for caller in callers])
def test_every_documented_answer_validates_against_its_schema(document, callers, real, caller, call):
    response = callers[caller].get(call.format(**real), HTTP_ACCEPT_LANGUAGE="ru")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    media = response["Content-Type"].split(";")[0]
    assert response.status_code == 200, body[:500]
    schema = _operation_schema(document, call.format(**real), media)
    assert _errors(document, schema, json.loads(body)) == []


def _nullable_as_json_schema(schema):
    """OpenAPI 3.0's `nullable: true` read as JSON Schema reads it (and schemathesis does): the schema, or null —
    also where it stands beside an allOf/$ref, which the OAS 3.0 validator would otherwise refuse null for."""
    if isinstance(schema, list):
        return [_nullable_as_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: _nullable_as_json_schema(value) for key, value in schema.items() if key != "nullable"}
    return {"anyOf": [converted, {"enum": [None]}]} if schema.get("nullable") else converted


def _errors(document: dict, schema: dict, body) -> list[str]:
    root = {"allOf": [schema], "components": document["components"]}
    validator = OAS30Validator(_nullable_as_json_schema(root))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


@pytest.mark.parametrize(("break_it", "expected"), [
    (lambda body: body.pop("matrix"), ": 'matrix' is a required property"),
    (lambda body: body["matrix"][0]["cells"][1].update(features="12"),
     "matrix/0/cells/1/features: '12' is not of type 'integer'"),
    (lambda body: body["levels"][0]["levels"][0].update(level="extreme"),
     "levels/0/levels/0/level: 'extreme' is not valid under any of the given schemas"),
])
def test_the_schema_refuses_a_matrix_that_lost_a_key_or_changed_a_type(document, client, break_it, expected):
    body = client.get("/api/v1/passports/").json()
    break_it(body)
    schema = _operation_schema(document, "/api/v1/passports/", "application/json")
    assert _errors(document, schema, body) == [expected]
