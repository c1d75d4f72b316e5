"""The reference app of the serving benchmarks, run from this folder by bench/_sidecar.py in the side venv (tipg +
titiler): tipg's own app (OGC Features and vector tiles over the views in bench/_sidecar.SCHEMA) with titiler.core's
COG endpoints under /cog (`/cog/tiles/WebMercatorQuad/{z}/{x}/{y}.png?url=...`). Not importable in the project's
venv."""

from tipg.main import app
from titiler.core.factory import TilerFactory

app.include_router(TilerFactory().router, prefix="/cog", tags=["COG"])
