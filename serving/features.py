"""Features as GeoJSON, produced by PostGIS and streamed: Python joins text, it never parses the JSON.

FeatureQuery holds the filters of one request; `collection_stream` yields the FeatureCollection in chunks and
`feature_json` returns one Feature. Both the REST API and OGC API - Features use them."""

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db.backends.base.base import BaseDatabaseWrapper

from .crs import CRS84, SUPPORTED, OutputCrs
from .db import read_connection

LEVEL_CODE = "CASE f.hazard_level WHEN 4 THEN 'high' WHEN 3 THEN 'medium' WHEN 2 THEN 'low' WHEN 1 THEN 'very_low' END"
EXACT_COUNT_LIMIT = 100_000
# Features with what the transboundary analysis found for them (hazards.analysis).
FROM = "hazards_feature f LEFT JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id"
CHUNK = 500


@dataclass
class FeatureQuery:
    version_id: int
    bbox: tuple[float, ...] | None = None
    bbox_crs: OutputCrs = field(default_factory=lambda: SUPPORTED[CRS84])
    crs: OutputCrs = field(default_factory=lambda: SUPPORTED[CRS84])
    country: str | None = None
    levels: list[int] | None = None
    transboundary: bool | None = None
    years: tuple[int | None, int | None] | None = None
    equals: dict[str, str] = field(default_factory=dict)
    properties: list[str] | None = None
    precision: int = 6
    limit: int = 1000
    offset: int = 0
    after: int | None = None
    extra_where: list[tuple[str, list]] = field(default_factory=list)  # e.g. a CQL2 filter

    @property
    def filtered(self) -> bool:
        return any([self.bbox, self.country, self.levels, self.transboundary is not None, self.years,
                    self.equals, self.extra_where])

    def where(self) -> tuple[str, list]:
        """The WHERE clause (without paging) and its parameters."""
        # Typed as bigint: psycopg sends a small int as int2/int4, and btree_gist's int8 opclass has no cross-type
        # operator, so an untyped parameter skips the composite (version, geom) index.
        clauses = ["f.version_id = %s::bigint"]
        params: list[object] = [self.version_id]
        if self.bbox:
            envelope = _envelope(self.bbox_crs)
            clauses.append(f"f.geom && {envelope} AND ST_Intersects(f.geom, {envelope})")
            params += _bbox_params(self.bbox, self.bbox_crs) * 2
        if self.country:
            clauses.append("f.countries @> ARRAY[%s]::varchar[]")
            params.append(self.country)
        if self.levels:
            clauses.append("f.hazard_level = ANY(%s)")
            params.append(self.levels)
        if self.transboundary is not None:
            clauses.append("f.transboundary = %s")
            params.append(self.transboundary)
        if self.years:
            start, end = self.years
            if start is not None:
                clauses.append("f.year >= %s")
                params.append(start)
            if end is not None:
                clauses.append("f.year <= %s")
                params.append(end)
        for name, value in self.equals.items():
            clauses.append("f.properties ->> %s = %s")
            params += [name, value]
        for sql, sql_params in self.extra_where:
            clauses.append(f"({sql})")
            params += sql_params
        return " AND ".join(clauses), params

    def select(self) -> tuple[str, list]:
        """SELECT fid, feature-as-text for one page (limit + 1 rows, to know whether a next page exists)."""
        where, params = self.where()
        paging = ""
        if self.after is not None:
            where += " AND f.fid > %s"
            params.append(self.after)
        elif self.offset:
            paging = " OFFSET %s"
        text, text_params = feature_text(self.crs, self.precision, self.properties)
        sql = f"SELECT f.fid, {text} FROM {FROM} WHERE {where} ORDER BY f.fid LIMIT %s{paging}"
        return sql, [*text_params, *params, self.limit + 1, *([self.offset] if paging else [])]


def _envelope(crs: OutputCrs) -> str:
    envelope = f"ST_MakeEnvelope(%s, %s, %s, %s, {crs.srid})"
    return envelope if crs.srid == 4326 else f"ST_Transform({envelope}, 4326)"


def _bbox_params(bbox: Sequence[float], crs: OutputCrs) -> list[float]:
    x1, y1, x2, y2 = bbox
    return [y1, x1, y2, x2] if crs.lat_first else [x1, y1, x2, y2]


def feature_text(crs: OutputCrs, precision: int, properties: list[str] | None) -> tuple[str, list]:
    """SQL for one Feature as JSON text: geometry by ST_AsGeoJSON, attributes plus the atlas's own
    (hazard_level, countries, transboundary, crosses_border, year, reach)."""
    geom = "f.geom"
    if crs.srid != 4326:
        geom = f"ST_Transform(f.geom, {crs.srid})"
    elif crs.lat_first:
        geom = "ST_FlipCoordinates(f.geom)"
    props, params = "f.properties", []
    if properties is not None:
        props = ("(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(f.properties) "
                 "WHERE key = ANY(%s))")
        params.append(properties)
    atlas = (f"jsonb_build_object('hazard_level', {LEVEL_CODE}, 'countries', to_jsonb(f.countries), "
             "'transboundary', f.transboundary, 'crosses_border', f.crosses_border, 'year', f.year, "
             "'influence_countries', to_jsonb(a.influence_countries), "
             "'downstream_countries', to_jsonb(a.downstream_countries), "
             "'downstream_path', to_jsonb(a.downstream_path), 'border_distance_km', a.border_distance_km)")
    text = (f"""'{{"type":"Feature","id":' || f.fid || ',"geometry":' || """
            f"""coalesce(ST_AsGeoJSON({geom}, %s), 'null') || ',"properties":' || ({props} || {atlas})::text || '}}'""")
    return text, [precision, *params]


def number_matched(query: FeatureQuery, feature_count: int) -> tuple[int, bool]:
    """(count, exact): exact when unfiltered or when the planner expects at most EXACT_COUNT_LIMIT rows,
    else the planner's estimate."""
    if not query.filtered:
        return feature_count, True
    where, params = query.where()
    with read_connection().cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM hazards_feature f WHERE {where}", params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate > EXACT_COUNT_LIMIT:
            return estimate, False
        cursor.execute(f"SELECT count(*) FROM hazards_feature f WHERE {where}", params)
        return cursor.fetchone()[0], True


def collection_stream(query: FeatureQuery, *, head: str, tail: Callable[[int, int | None], str]) -> Iterator[bytes]:
    """Yield a FeatureCollection: `head` (the members before "features", ending with a comma or empty),
    the features of one page, then `tail(number_returned, last_fid_if_more)` (the members after). The
    connection is chosen now, in the request, not when the body is streamed."""
    return _collection_chunks(read_connection(), query, head, tail)


def _collection_chunks(connection: BaseDatabaseWrapper, query: FeatureQuery, head: str,
                       tail: Callable[[int, int | None], str]) -> Iterator[bytes]:
    sql, params = query.select()
    connection.ensure_connection()
    yield ('{"type":"FeatureCollection",' + head + '"features":[').encode()
    returned, last_fid, more = 0, None, False
    with connection.connection.cursor() as cursor:
        chunk = []
        for fid, text in cursor.stream(sql, params, size=CHUNK):
            if returned == query.limit:
                more = True
                break
            chunk.append(text)
            returned += 1
            last_fid = fid
            if len(chunk) == CHUNK:
                yield (("," if returned > CHUNK else "") + ",".join(chunk)).encode()
                chunk = []
        if chunk:
            yield (("," if returned > len(chunk) else "") + ",".join(chunk)).encode()
    yield ("]," + tail(returned, last_fid if more else None) + "}").encode()


def feature_json(version_id: int, fid: int, *, crs: OutputCrs, precision: int = 6,
                 properties: list[str] | None = None) -> str | None:
    """One Feature as GeoJSON text, or None."""
    text, params = feature_text(crs, precision, properties)
    with read_connection().cursor() as cursor:
        cursor.execute(f"SELECT {text} FROM {FROM} WHERE f.version_id = %s::bigint AND f.fid = %s",
                       [*params, version_id, fid])
        row = cursor.fetchone()
    return row[0] if row else None
