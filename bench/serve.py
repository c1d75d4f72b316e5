"""Serving benchmark: the production server (gunicorn) against the bare database / rio-tiler, same run.

    .venv/bin/python bench/serve.py [--workers 3] [--seconds 30] [--clients 16]

Needs the region loaded (make run once). Adds a 200,000-polygon synthetic layer (kept for later runs).
Prints, for each part, server time / bare time: GeoJSON pages, vector tiles, raster tiles; then throughput of
16 concurrent clients on a mixed list. Run on request; never part of the test suite."""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time

import _django

_django.setup()

import morecantile
import rasterio
from django.db import connection
from rio_tiler.colormap import cmap
from rio_tiler.io import Reader

from hazards.models import HazardType, Layer
from ingest import synthetic
from ingest.pipeline import ingest_file
from serving.crs import CRS84, SUPPORTED
from serving.features import FROM, FeatureQuery, feature_text
from serving.raster import GDAL_ENV, cog_path
from serving.tiles import LayerTiles

SYNTHETIC = "bench-synthetic-200k"
EMCA = "seismic-earthquakes-emca"
RASTER = "seismic-event-density-emca"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


def synthetic_layer() -> Layer:
    layer = Layer.objects.filter(slug=SYNTHETIC, published_version__isnull=False).first()
    if layer:
        return layer
    gpkg, _ = synthetic(200_000)
    layer, _ = Layer.objects.get_or_create(slug=SYNTHETIC, defaults={
        "title_ru": "Синтетический слой", "title_en": "Synthetic layer",
        "hazard_type": HazardType.objects.get(code="flood")})
    ingest_file(layer=layer, path=gpkg, publish=True)
    return Layer.objects.get(slug=SYNTHETIC)


class Client:
    """One keep-alive HTTP connection; no gzip (the bare side has none either)."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path, retry=True) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not retry:
                raise
            self.conn.close()  # the server closed an idle keep-alive connection: open a new one
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return self.get(path, retry=False)


def timed(fn, repeat=3) -> float:
    """Best of `repeat` wall times (seconds) of fn()."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def bare_pages(layer: Layer, page: int) -> None:
    """The same feature text SQL, one page at a time, through psycopg, the page assembled by json_agg."""
    query = FeatureQuery(version_id=layer.published_version_id, limit=page, crs=SUPPORTED[CRS84])
    text_sql, text_params = feature_text(query.crs, 6, None)
    after = -1
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT max(fid), '{{\"type\":\"FeatureCollection\",\"features\":[' || string_agg(t, ',') || ']}}' "
                f"FROM (SELECT f.fid, {text_sql} AS t FROM {FROM} WHERE f.version_id = %s AND f.fid > %s "
                f"ORDER BY f.fid LIMIT %s) x",
                [*text_params, layer.published_version_id, after, page])
            last, body = cursor.fetchone()
            if last is None:
                return
            after = last


def served_pages(client: Client, slug: str, page: int) -> None:
    path = f"/api/v1/layers/{slug}/features/?limit={page}"
    while path:
        status, body = client.get(path)
        assert status == 200, status
        marker = body.rfind(b'"rel": "next", "type": "application/geo+json", "href": "')
        if marker < 0:
            return
        start = marker + len(b'"rel": "next", "type": "application/geo+json", "href": "')
        url = body[start:body.index(b'"', start)].decode()
        path = url[url.index("/api/"):]


def tile_list(layer: Layer, count: int, zooms=range(3, 13)) -> list[tuple[int, int, int]]:
    """`count` tiles over the layer's extent, spread over `zooms`, from a fixed seed."""
    rng = random.Random(7)
    west, south, east, north = layer.published_version.bbox
    tiles = []
    for i in range(count):
        z = list(zooms)[i % len(zooms)]
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        tile = WEB_MERCATOR.tile(lon, lat, z)
        tiles.append((z, tile.x, tile.y))
    return tiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    synth, emca, raster = synthetic_layer(), Layer.objects.get(slug=EMCA), Layer.objects.get(slug=RASTER)
    server = subprocess.Popen([str(_django.ROOT / ".venv/bin/gunicorn"), "atlas.wsgi", "--bind",
                               f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--threads", "2",
                               "--no-control-socket", "--log-level", "warning"], cwd=_django.ROOT)
    try:
        time.sleep(4)
        client = Client(args.port)
        report(client, synth, emca, raster)
        throughput(args, synth, emca, raster)
    finally:
        server.terminate()
        server.wait()


def row(name, served, bare) -> None:
    print(f"{name:<44}{served:>10.3f}{bare:>10.3f}{served / bare:>8.2f}")


def report(client, synth, emca, raster) -> None:
    print(f"{'part':<44}{'server s':>10}{'bare s':>10}{'ratio':>8}")
    row("GeoJSON EMCA 33,608 (pages of 10,000)", timed(lambda: served_pages(client, EMCA, 10_000)),
        timed(lambda: bare_pages(emca, 10_000)))
    row("GeoJSON synthetic 200,000 (pages of 10,000)", timed(lambda: served_pages(client, SYNTHETIC, 10_000), 1),
        timed(lambda: bare_pages(synth, 10_000), 1))
    report_vector_tiles(client, synth, emca)
    report_raster_tiles(client, raster)


def report_vector_tiles(client, synth, emca) -> None:
    tiles = [(SYNTHETIC, synth, t) for t in tile_list(synth, 150)] + [(EMCA, emca, t) for t in tile_list(emca, 150)]

    def served():
        for slug, _, (z, x, y) in tiles:
            assert client.get(f"/tiles/{slug}/{z}/{x}/{y}.pbf")[0] in (200, 204)

    def bare():
        for _, layer, (z, x, y) in tiles:
            LayerTiles(layer).tile(z, x, y)

    row("MVT 300 tiles z3-z12 (synthetic + EMCA)", timed(served, 2), timed(bare, 2))


def report_raster_tiles(client, raster) -> None:
    tiles = tile_list(raster, 200, zooms=range(4, 9))

    def served():
        for z, x, y in tiles:
            assert client.get(f"/tiles/{RASTER}/{z}/{x}/{y}.png")[0] in (200, 204)

    low, high = raster.style["rescale"]
    colormap = cmap.get(raster.style["colormap"])

    def bare():
        # What a tile server does with rio-tiler for each request: open, read, rescale, colour, encode.
        for z, x, y in tiles:
            with rasterio.Env(**GDAL_ENV), Reader(cog_path(raster)) as cog:
                if cog.tile_exists(x, y, z):
                    image = cog.tile(x, y, z, indexes=1)
                    image.rescale(in_range=((low, high),))
                    image.render(img_format="PNG", colormap=colormap)

    row("raster 200 PNG tiles z4-z8 vs rio-tiler", timed(served, 2), timed(bare, 2))


def throughput(args, synth, emca, raster) -> None:
    paths = ([f"/api/v1/layers/{EMCA}/features/?limit=1000&after={a}" for a in range(0, 30000, 3000)]
             + [f"/tiles/{SYNTHETIC}/{z}/{x}/{y}.pbf" for z, x, y in tile_list(synth, 40)]
             + [f"/tiles/{EMCA}/{z}/{x}/{y}.pbf" for z, x, y in tile_list(emca, 40)]
             + [f"/tiles/{RASTER}/{z}/{x}/{y}.png" for z, x, y in tile_list(raster, 20, zooms=range(4, 9))])
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + args.seconds

    def worker(seed):
        rng, client, mine = random.Random(seed), Client(args.port), []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _ = client.get(rng.choice(paths))
                ok = status in (200, 204)
            except (OSError, http.client.HTTPException):
                client, ok = Client(args.port), False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    print(f"throughput: {args.clients} clients x {args.seconds} s, {args.workers} workers: "
          f"{len(latencies) / args.seconds:.0f} req/s, p50 {percentile(0.5):.0f} ms, "
          f"p99 {percentile(0.99):.0f} ms, errors {errors[0]}, mean {statistics.mean(latencies) * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
