"""Serving benchmark: the production server (gunicorn) against the bare database / rio-tiler, same run.

    .venv/bin/python bench/serve.py [--workers 5] [--only pages|mvt|raster]

Needs the region loaded (make run once). Adds a 200,000-polygon synthetic layer (kept for later runs).
Prints, for each part, server time / bare time: GeoJSON pages, vector tiles, raster tiles (the raster part is
issue 12's "raster tiles within 1.3x rio-tiler in-process"). Throughput under load is bench/throughput.py, bbox
items bench/bbox.py, vector tiles on a large feature table bench/tiles.py. Run on request; never in the tests."""

import argparse
import sys
import time

import _django

_django.setup()

from _http import Client, default_workers, gunicorn, load_average
from _layers import EMCA, RASTER, SYNTHETIC, synthetic_layer, tile_list
from django.db import connection
from rio_tiler.colormap import cmap
from rio_tiler.io import Reader

from hazards.models import Layer
from serving.crs import CRS84, SUPPORTED
from serving.features import FROM, FeatureQuery, feature_text
from serving.raster import cog_path, raster_env
from serving.tiles import LayerTiles


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", choices=["pages", "mvt", "raster"])
    args = parser.parse_args()
    synth, emca, raster = synthetic_layer(), Layer.objects.get(slug=EMCA), Layer.objects.get(slug=RASTER)
    with gunicorn(args.port, args.workers):
        print(f"gunicorn {args.workers} workers x 2 threads; {load_average()}")
        client = Client(args.port)
        print(f"{'part':<44}{'server s':>10}{'bare s':>10}{'ratio':>8}")
        if args.only in (None, "pages"):
            report_pages(client, synth, emca)
        if args.only in (None, "mvt"):
            report_vector_tiles(client, synth, emca)
        if args.only in (None, "raster"):
            report_raster_tiles(client, raster)
        print(load_average())


def row(name, served, bare) -> None:
    print(f"{name:<44}{served:>10.3f}{bare:>10.3f}{served / bare:>8.2f}")


def report_pages(client, synth, emca) -> None:
    row("GeoJSON EMCA 33,608 (pages of 10,000)", timed(lambda: served_pages(client, EMCA, 10_000)),
        timed(lambda: bare_pages(emca, 10_000)))
    row("GeoJSON synthetic 200,000 (pages of 10,000)", timed(lambda: served_pages(client, SYNTHETIC, 10_000), 1),
        timed(lambda: bare_pages(synth, 10_000), 1))


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
            with raster_env(), Reader(cog_path(raster)) as cog:
                if cog.tile_exists(x, y, z):
                    image = cog.tile(x, y, z, indexes=1)
                    image.rescale(in_range=((low, high),))
                    image.render(img_format="PNG", colormap=colormap)

    row("raster 200 PNG tiles z4-z8 vs rio-tiler", timed(served, 2), timed(bare, 2))


if __name__ == "__main__":
    sys.exit(main())
