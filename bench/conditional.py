"""Conditional GET benchmark (issue 23): a client that asks for gzip, as browsers, GDAL, QGIS and feed readers do,
repeats each request of a set (features, OGC items, a vector and a raster tile, the CAP feed, a CAP message, a
GeoPackage and the COG download, passports and the matrix) with the validator it got — the ETag as it got it
(weak, W/"…", when compressed) and, separately, its Last-Modified. Prints, per request, the 304 rate of each (the
aim is 100 %) and the time of a 304 against the time of the 200 measured in the same run (interleaved), and the
machine's load average.

    .venv/bin/python bench/conditional.py [--runs 30] [--port 8767]

Needs the region loaded (scripts/prepare.sh or migrate + load_region). Starts gunicorn (2 workers × 4 threads) on
loopback; keeps one public alert (bench/alerts_feed.py's template) for later runs. Run on request; never part of the
test suite. Passports, the matrix and its page are in the set since they send validators (web/derived.py)."""

import argparse
import http.client
import statistics
import time

import _django

_django.setup()

from _alerts import gunicorn, load_average
from alerts_feed import feed_alerts

from alerts.selectors import public_feed_alerts

VECTOR, RASTER, SMALL = "seismic-earthquakes-emca", "seismic-event-density-emca", "context-places-natural-earth"
PATHS = {
    "features (500)": f"/api/v1/layers/{VECTOR}/features/?limit=500",
    "OGC items (100)": f"/ogc/collections/{VECTOR}/items?limit=100",
    "vector tile": "/tiles/context-rivers/5/22/11.pbf",
    "raster tile": f"/tiles/{RASTER}/5/22/11.png",
    "CAP feed": "/cap/feed.atom",
    "CAP message": "/cap/alerts/{identifier}.xml",
    "GeoPackage download": f"/api/v1/layers/{SMALL}/download/?format=gpkg",
    "COG download": f"/api/v1/layers/{RASTER}/download/?format=tif",
    "passport KGZ (JSON)": "/api/v1/passports/KGZ/",
    "passport KGZ (page)": "/passport/KGZ/",
    "passport KGZ (PDF)": "/passport/KGZ/pdf/",
    "regional matrix (page)": "/passport/",
}


class Client:
    """One keep-alive connection that asks for gzip and reads every body whole."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str, **headers) -> tuple[int, dict, float]:
        started = time.perf_counter()
        self.conn.request("GET", path, headers={"Accept-Encoding": "gzip", **headers})
        response = self.conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders()), time.perf_counter() - started


def measure(client: Client, path: str, runs: int) -> dict:
    """`runs` rounds of (a plain 200, the same with If-None-Match, with If-Modified-Since), interleaved."""
    status, headers, _ = client.get(path)
    assert status == 200, (path, status)
    full, by_tag, by_date, hits = [], [], [], {"If-None-Match": 0, "If-Modified-Since": 0}
    for _ in range(runs):
        full.append(client.get(path)[2])
        for name, value, times in (("If-None-Match", headers["ETag"], by_tag),
                                   ("If-Modified-Since", headers.get("Last-Modified", ""), by_date)):
            status, _, seconds = client.get(path, **{name: value})
            hits[name] += status == 304
            times.append(seconds)
    return {"full": statistics.median(full), "tag": statistics.median(by_tag), "date": statistics.median(by_date),
            "tag_rate": hits["If-None-Match"] / runs, "date_rate": hits["If-Modified-Since"] / runs,
            "weak": headers["ETag"].startswith("W/")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    with gunicorn(args.port):
        feed_alerts(1, args.port)
        identifier = public_feed_alerts().first().identifier
        client = Client(args.port)
        load_average("before")
        print(f"{'request':<22} {'200 ms':>8} {'304 ms':>8} {'ratio':>6} {'304 rate (tag / date)':>24}  ETag")
        for name, path in PATHS.items():
            m = measure(client, path.format(identifier=identifier), args.runs)
            print(f"{name:<22} {m['full'] * 1000:8.2f} {m['tag'] * 1000:8.2f} {m['tag'] / m['full']:6.2f} "
                  f"{m['tag_rate']:>11.0%} / {m['date_rate']:<10.0%}  {'weak' if m['weak'] else 'strong'}")
        load_average("after")


if __name__ == "__main__":
    main()
