"""Hostile GDAL inputs, made per test (they name the test's canary file and loopback server, so none is committed):
VRT in every container, GDAL virtual paths, KML NetworkLinks, side files pointing elsewhere, links in zips.
`hostile_files(folder, canary=..., url=...)` returns {name: (path, refusal code)}."""

import io
import stat
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

POINT = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "%s"}, ' \
        '"geometry": {"type": "Point", "coordinates": [74.6, 42.9]}}]}'


# Every file hostile_files makes, in the order the tests sweep them.
NAMES = ["vrt_file.geojson", "vrt_url.geojson", "vrt_file.json", "vrt_url.json", "vrt_file.kml", "vrt_url.kml",
         "vrt_file.csv", "vrt_url.csv", "vsi_path.geojson", "vsi_canary.geojson", "network_link.kml", "vrt_in.zip",
         "vrt_member.zip", "aux_xml.zip", "vrt_in.kmz", "network_link.kmz", "shp_link.zip"]


def vrt_of(source: str) -> str:
    """An OGR VRT that reads `source` (a file read as CSV, or a URL) as a layer."""
    return (f'<OGRVRTDataSource><OGRVRTLayer name="leak"><SrcDataSource>{source}</SrcDataSource>'
            '<GeometryType>wkbNone</GeometryType></OGRVRTLayer></OGRVRTDataSource>')


def network_link(url: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f'<NetworkLink><name>leak</name><Link><href>{url}</href></Link></NetworkLink>'
            '<Placemark><name>a</name><Point><coordinates>74.6,42.9</coordinates></Point></Placemark>'
            '</Document></kml>')


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def _geotiff_bytes() -> bytes:
    buffer = io.BytesIO()
    with rasterio.open(buffer, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=from_origin(74, 43, 0.01, 0.01)) as dataset:
        dataset.write(np.ones((1, 8, 8), dtype="uint8"))
    return buffer.getvalue()


def hostile_files(folder: Path, *, canary: Path, url: str) -> dict[str, tuple[Path, str]]:
    """Every hostile file, written into `folder`, with the IngestError code that must refuse it."""
    local, remote = vrt_of(f"CSV:{canary}"), vrt_of(f"/vsicurl/{url}/leak.csv")
    made = {}
    for suffix in (".geojson", ".json", ".kml", ".csv"):
        for kind, text in (("file", local), ("url", remote)):
            path = folder / f"vrt_{kind}{suffix}"
            path.write_text(text)
            made[path.name] = (path, "external_reference")
    texts = {"vsi_path.geojson": POINT % f"/vsicurl/{url}/x", "vsi_canary.geojson": POINT % f"/vsimem/../{canary}",
             "network_link.kml": network_link(f"{url}/leak.kml")}
    for name, text in texts.items():
        (folder / name).write_text(text)
        made[name] = (folder / name, "external_reference")
    zips = {
        "vrt_in.zip": {"layer.geojson": local.encode()},
        "vrt_member.zip": {"layer.vrt": remote.encode(), "ok.geojson": (POINT % "ok").encode()},
        "aux_xml.zip": {"grid.tif": _geotiff_bytes(),
                        "grid.tif.aux.xml": f"<PAMDataset><Metadata><MDI key='x'>/vsicurl/{url}/aux</MDI>"
                                            f"</Metadata><VRTDataset/></PAMDataset>".encode()},
        "vrt_in.kmz": {"doc.kml": local.encode()},
        "network_link.kmz": {"doc.kml": network_link(f"{url}/leak.kml").encode()},
    }
    for name, members in zips.items():
        made[name] = (_zip(folder / name, members), "external_reference")
    made["shp_link.zip"] = (_zip(folder / "shp_link.zip", {"a.shx": b"", "a.dbf": b""}, {"a.shp": str(canary)}),
                            "zip_link")
    return made



class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"name\nleaked\n")

    do_HEAD = do_GET

    def log_message(self, *args):
        return None


class Recorder:
    """A real HTTP server on loopback that records every request it gets (a hostile file points GDAL at it)."""

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.requests = self.requests = []
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
