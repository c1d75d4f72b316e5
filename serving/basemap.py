"""The base map's tiles: rivers, lakes, glaciers, places and water labels (table base_feature, filled by
region.basemap) in one MVT layer `basemap`, one ST_AsMVT statement per tile. A feature enters the tiles from its
`min_zoom` (Natural Earth's own for its 1:10m features, by population for places)."""

from datetime import datetime

from django.db import connections

from .db import read_alias
from .tiles import BUFFER, EXTENT, TileSource

BASEMAP_MAX_ZOOM = 12
"""The deepest zoom the tiles are made for: the map overzooms them beyond (1:10m data hold no more detail)."""


class BaseMapTiles(TileSource):
    """The base map's features in the tile, those drawn from zoom z on; `rank` orders labels (population of a
    place, area of a register lake, Natural Earth's scalerank otherwise)."""

    name = "basemap"
    description = "base map: rivers, lakes, glaciers, places (Natural Earth 1:10m, GeoNames)"
    fields = {"kind": "String", "name_ru": "String", "name_en": "String", "name_kk": "String", "rank": "Number"}
    max_zoom = BASEMAP_MAX_ZOOM

    def rows_sql(self, z: int) -> str:
        # Cut from the stored EPSG:3857 copy; lines and polygons simplified to a quarter pixel first.
        merc = "CASE WHEN ST_Dimension(b.merc) > 0 THEN ST_Simplify(b.merc, %(tolerance)s, true) ELSE b.merc END"
        return f"""
            SELECT b.id, ST_AsMVTGeom({merc}, bounds.merc, {EXTENT}, {BUFFER}, true) AS geom,
                   b.kind, b.name_ru, b.name_en, b.name_kk, b.rank
            FROM base_feature b, bounds
            WHERE b.geom && bounds.geo AND b.min_zoom <= %(z)s::smallint
        """


def basemap_state() -> tuple[str, datetime | None]:
    """What identifies the loaded base content, and when it was loaded: its rows are replaced as a whole, so the
    count and the last id change with every load."""
    alias = read_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0), max(loaded_at) FROM base_feature")
        count, last, loaded = cursor.fetchone()
    return f"{count}-{last}", loaded
