"""One scale-out stack per session (tests/scale/stack.py), shared by the replica, PgBouncer and nginx tests, and a
layer uploaded through it."""

import pytest

from .stack import Stack

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def stack():
    """Primary + replica + PgBouncer + gunicorn + worker + nginx, all real; everything stopped at the end."""
    stack = Stack()
    try:
        stack.databases()
        stack.pgbouncer()
        stack.gunicorn()
        stack.worker()
        stack.nginx()
        yield stack
    finally:
        stack.stop()


def points(n: int, *, offset: float = 0.0) -> dict:
    """A FeatureCollection of `n` points in Kazakhstan, numbered."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"point {i}", "n": i},
         "geometry": {"type": "Point", "coordinates": [70.0 + i * 0.5 + offset, 45.0 + i * 0.1]}}
        for i in range(n)]}
