"""GeoJSON of any SQL of rows (`id`, `geom` in EPSG:4326 and attributes), made by PostGIS in one query: the
FeatureCollection text of a bounded page, with the total matched. Collections that are not atlas layers (active
alerts) are served through it; Python never parses the JSON."""

from dataclasses import dataclass

from django.db import connection

BIGINT = range(-(2**63), 2**63)  # the ids a row can have


@dataclass(frozen=True)
class RowsPage:
    """One page of a rows query: a bbox in CRS84 (west, south, east, north) or None, limit and offset."""

    bbox: tuple[float, float, float, float] | None = None
    limit: int = 100
    offset: int = 0
    fid: int | None = None


def _filtered(sql: str, page: RowsPage) -> tuple[str, dict]:
    clauses = ["r.geom IS NOT NULL"]
    params: dict[str, object] = {}
    if page.bbox:
        clauses.append("r.geom && ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326) "
                       "AND ST_Intersects(r.geom, ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326))")
        params.update(zip(("west", "south", "east", "north"), page.bbox, strict=True))
    if page.fid is not None:
        clauses.append("r.id = %(fid)s::bigint")
        params["fid"] = page.fid
    return f"SELECT * FROM ({sql}) r WHERE {' AND '.join(clauses)}", params


def rows_feature_collection(sql: str, params: dict, page: RowsPage, *, precision: int = 6) -> tuple[str, int, int]:
    """(the `features` array as GeoJSON text, number matched, number returned) of the page of `sql`'s rows."""
    filtered, extra = _filtered(sql, page)
    query = f"""
        WITH matched AS ({filtered}),
             paged AS (SELECT * FROM matched ORDER BY id DESC LIMIT %(limit)s OFFSET %(offset)s)
        SELECT coalesce(json_agg(json_build_object(
                   'type', 'Feature', 'id', p.id,
                   'geometry', ST_AsGeoJSON(p.geom, %(precision)s)::json,
                   'properties', to_jsonb(p) - 'geom' - 'id') ORDER BY p.id DESC), '[]'::json)::text,
               (SELECT count(*) FROM matched), count(p.id)
        FROM paged p
    """
    with connection.cursor() as cursor:
        cursor.execute(query, {**params, **extra, "limit": page.limit, "offset": page.offset,
                               "precision": precision})
        features, matched, returned = cursor.fetchone()
    return features, matched, returned


def rows_feature(sql: str, params: dict, fid: int, *, precision: int = 6) -> str | None:
    """One row of `sql` as a GeoJSON Feature text, or None (also for an id no bigint can hold: no row has it)."""
    if fid not in BIGINT:
        return None
    features, matched, _returned = rows_feature_collection(sql, params, RowsPage(fid=fid, limit=1),
                                                           precision=precision)
    return features[1:-1] if matched else None
