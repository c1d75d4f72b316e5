"""A small map of an alert's area as a PNG, drawn on the server (Pillow): the countries and first-level regions
around it in grey, the area's polygons and circles filled in orange and outlined in red. It goes into the e-mails
(inline, a related part with a Content-ID) and on the acknowledgement page, so a duty officer sees where at once,
without a map server or a browser that runs scripts.

The frame is equirectangular with the longitude scaled by the cosine of the middle latitude (true shape at that
latitude, close enough at the size of an alert area), the area's box widened by a margin."""

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.gis.geos import GeometryCollection, GEOSGeometry, MultiPolygon, Polygon
from PIL import Image, ImageDraw

from hazards.models import AdminArea, Country

from .models import Alert

WIDTH, HEIGHT = 480, 360
MARGIN = 0.35  # of the area's extent, each side
MIN_SPAN = 0.6  # degrees: a tiny area is still shown in its surroundings
KM_PER_DEGREE = 111.32
Colour = tuple[int, ...]  # RGB or RGBA
BACKGROUND, LAND, BORDER, REGION = (234, 242, 248), (246, 246, 244), (120, 120, 120), (190, 190, 190)
AREA_FILL, AREA_LINE = (239, 108, 0), (178, 24, 43)


@dataclass(frozen=True)
class Frame:
    """Where a longitude/latitude falls on the image."""

    west: float
    north: float
    scale_x: float  # pixels per degree of longitude
    scale_y: float  # pixels per degree of latitude

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.scale_x, (self.north - lat) * self.scale_y

    def box(self) -> Polygon:
        east, south = self.west + WIDTH / self.scale_x, self.north - HEIGHT / self.scale_y
        return Polygon.from_bbox((self.west, south, east, self.north))


def _circle(text: str) -> tuple[float, float, float] | None:
    """(lon, lat, radius in degrees of latitude) of a CAP circle "lat,lon radius_km"."""
    try:
        centre, radius = text.split()
        lat, lon = (float(value) for value in centre.split(","))
        return lon, lat, float(radius) / KM_PER_DEGREE
    except ValueError:
        return None


def _extent(polygons: list, circles: list) -> tuple[float, float, float, float] | None:
    boxes = [polygon.extent for polygon in polygons]
    boxes += [(lon - r / math.cos(math.radians(lat)), lat - r, lon + r / math.cos(math.radians(lat)), lat + r)
              for lon, lat, r in circles]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def frame_for(extent: tuple[float, float, float, float]) -> Frame:
    """The frame that shows `extent` (west, south, east, north) whole, centred, with a margin around it."""
    west, south, east, north = extent
    middle = math.radians((south + north) / 2)
    shrink = max(math.cos(middle), 0.2)
    span_x = max((east - west) * shrink, MIN_SPAN) * (1 + 2 * MARGIN)
    span_y = max(north - south, MIN_SPAN) * (1 + 2 * MARGIN)
    per_degree = min(WIDTH / span_x, HEIGHT / span_y)  # pixels per degree of latitude
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    scale_x = per_degree * shrink
    return Frame(west=centre_x - WIDTH / 2 / scale_x, north=centre_y + HEIGHT / 2 / per_degree,
                 scale_x=scale_x, scale_y=per_degree)


def _rings(geom: GEOSGeometry) -> Iterator[list[tuple[float, ...]]]:
    """The outer rings of the polygons of a (Multi)Polygon or collection, as coordinate lists."""
    if geom.empty:
        return
    if isinstance(geom, Polygon):
        yield list(geom.exterior_ring.coords)
    elif isinstance(geom, MultiPolygon | GeometryCollection):
        for part in geom:
            yield from _rings(part)


def _draw(draw: ImageDraw.ImageDraw, frame: Frame, geom: GEOSGeometry, *, fill: Colour | None = None, outline: Colour,
          width: int = 1) -> None:
    for ring in _rings(geom):
        points = [frame.pixel(lon, lat) for lon, lat in ring]
        if len(points) >= 3:
            draw.polygon(points, fill=fill, outline=outline, width=width)


def _surroundings(draw: ImageDraw.ImageDraw, frame: Frame) -> None:
    """Countries (land, borders) and the members' first-level regions inside the frame."""
    box = frame.box()
    tolerance = 1.5 / frame.scale_y  # a pixel and a half
    countries = [country.geom.intersection(box).simplify(tolerance)
                 for country in Country.objects.filter(geom__bboverlaps=box).only("geom")]
    for geom in countries:
        _draw(draw, frame, geom, fill=LAND, outline=LAND)
    for area in AdminArea.objects.filter(level=AdminArea.Level.REGION, geom__bboverlaps=box).only("geom"):
        _draw(draw, frame, area.geom.intersection(box).simplify(tolerance), outline=REGION)
    for geom in countries:  # borders over the regions
        _draw(draw, frame, geom, outline=BORDER)


def area_png(alert: Alert) -> bytes | None:
    """The PNG of `alert`'s area over its surroundings (None when the alert has no area to draw)."""
    areas = list(alert.areas.all())
    polygons = [area.geom for area in areas if area.geom is not None]
    circles = [circle for area in areas for text in area.circles or [] if (circle := _circle(text))]
    extent = _extent(polygons, circles)
    if extent is None:
        return None
    frame = frame_for(extent)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    _surroundings(ImageDraw.Draw(image), frame)
    layer = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for geom in polygons:
        _draw(draw, frame, geom, fill=(*AREA_FILL, 150), outline=(*AREA_LINE, 255), width=2)
    for lon, lat, radius in circles:
        (x, y), r_y = frame.pixel(lon, lat), radius * frame.scale_y
        r_x = radius / max(math.cos(math.radians(lat)), 0.2) * frame.scale_x
        draw.ellipse((x - r_x, y - r_y, x + r_x, y + r_y), fill=(*AREA_FILL, 150), outline=(*AREA_LINE, 255),
                     width=2)
    image.paste(layer, (0, 0), layer)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
