"""The replica router's rule, request by request (atlas.routers); the real replica is in test_replica.py."""

from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from atlas.routers import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter
from hazards.models import Feature, Layer

router = ReplicaRouter()


def reads_in(request, *, write_first=False, in_transaction=False) -> tuple[list[str], HttpResponse]:
    """The aliases the router picks for a read (and a second read after an optional write) in `request`."""
    seen, written = [], []

    def view(request):
        seen.append(router.db_for_read(Layer))
        if write_first:
            written.append(router.db_for_write(Layer))
        seen.append(router.db_for_read(Feature))
        return HttpResponse()

    primary = connections["default"]
    before = primary.in_atomic_block
    primary.in_atomic_block = in_transaction
    try:
        response = ReplicaReadsMiddleware(view)(request)
    finally:
        primary.in_atomic_block = before
    assert written == (["default"] if write_first else [])  # a write always goes to the primary
    return seen, response


def test_serving_gets_read_the_replica():
    rf = RequestFactory()
    for path in ("/tiles/floods/5/22/11.pbf", "/api/v1/layers/floods/features/", "/ogc/collections/floods/items",
                 "/cap/feed.atom", "/cap/KAZ/feed.atom"):
        seen, response = reads_in(rf.get(path))
        assert seen == ["replica", "replica"], path
        assert PIN_COOKIE not in response.cookies


def test_everything_else_reads_the_primary():
    rf = RequestFactory()
    assert reads_in(rf.post("/api/v1/layers/floods/features/"))[0] == ["default", "default"]
    assert reads_in(rf.get("/api/v1/uploads/00000000-0000-4000-8000-000000000000/"))[0] == ["default", "default"]
    assert reads_in(rf.get("/api/v1/layers/floods/"))[0] == ["default", "default"]
    assert reads_in(rf.get("/tiles/floods/5/22/11.pbf"), in_transaction=True)[0] == ["default", "default"]
    pinned = rf.get("/tiles/floods/5/22/11.pbf")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert reads_in(pinned)[0] == ["default", "default"]
    # Outside a request (workers, commands): the primary.
    assert router.db_for_read(Feature) == "default"


def test_a_write_sends_later_reads_to_the_primary_and_pins_the_client():
    seen, response = reads_in(RequestFactory().get("/tiles/floods/5/22/11.pbf"), write_first=True)
    assert seen == ["replica", "default"]
    assert response.cookies[PIN_COOKIE]["max-age"] > 0


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "hazards")
    assert not router.allow_migrate("replica", "hazards")
