"""Per-feature analysis: distance to another member country, countries within the hazard type's influence
distance, and for hazards on rivers the countries downstream by one walk of the register's river topology (each
feature placed on a register river by hazards.analysis.topology, the same object of two layers matched by
hazards.analysis.matching), with the way traced on the rivers layer for the flood corridors."""

import time

from django.db import connection

from hazards.models import Layer

from .matching import objects_match
from .topology import features_river

# Buffers are drawn in an equidistant conic projection fitted to Central Asia (standard parallels 38°N and 52°N):
# distances stay within about 3 % of the true ones between 33°N and 57°N.
EQUIDISTANT = "+proj=eqdc +lat_1=38 +lat_2=52 +lon_0=68 +datum=WGS84 +units=m +no_defs"
# The same projection by the SRID migration 0024 gives it: PostGIS keeps a projection it knows by SRID for the
# session, while a PROJ string is parsed again for every geometry (~10× slower over thousands of geometries).
EQUIDISTANT_SRID = 990001
JOIN_TOLERANCE_DEG = 0.01  # ~1 km: a river part continues where another part's end touches it
MAX_DEPTH = 40
STATED_RIVER_KM = 60  # a hazard its source places on a register river starts its corridor on that river this far
#                       away at most (Sardoba's reservoir is 54 km from the Syr Darya's line, which its flood reached)
FLOOD_CORRIDOR_KM = 5.0  # places within this distance of a river hazard's way downstream are exposed


def _prepare(cursor, versions: list[int]) -> None:
    """Temporary helpers: the river network as directed parts, the influence zones of every country for the
    hazard types of `versions` (buffering whole countries is most of this step: other types' zones are never
    joined to these features), and the member country parts in EPSG:3857."""
    cursor.execute("DROP TABLE IF EXISTS member_parts_m, river_parts, reach_zones")
    _river_parts(cursor)
    cursor.execute(f"""
        CREATE TEMP TABLE reach_zones AS
        SELECT h.id AS hazard_type_id, c.iso3,
               ST_Subdivide(ST_Transform(ST_Buffer(ST_Transform(c.geom, {EQUIDISTANT_SRID}), h.influence_km * 1000),
                                         4326), 128) AS g
        FROM hazards_country c CROSS JOIN hazards_hazardtype h
        WHERE h.influence_km > 0 AND h.id IN (
            SELECT l.hazard_type_id FROM hazards_layerversion v JOIN hazards_layer l ON l.id = v.layer_id
            WHERE v.id = ANY(%s::bigint[]))""", [versions])
    cursor.execute("CREATE INDEX ON reach_zones USING gist (g)")
    cursor.execute("""
        CREATE TEMP TABLE member_parts_m AS
        SELECT c.iso3, ST_Transform(p.geom, 3857) AS g
        FROM hazards_countrypart p JOIN hazards_country c ON c.id = p.country_id WHERE c.is_member""")
    cursor.execute("CREATE INDEX ON member_parts_m USING gist (g)")
    cursor.execute("ANALYZE member_parts_m; ANALYZE reach_zones")


def _river_parts(cursor) -> None:
    cursor.execute("""
        CREATE TEMP TABLE river_parts AS
        SELECT row_number() OVER (ORDER BY f.layer_id, f.fid, d.path) AS id, f.label AS name, d.geom AS g
        FROM hazards_published_feature f, LATERAL ST_Dump(f.geom) d
        WHERE f.layer_role = %s AND ST_GeometryType(d.geom) = 'ST_LineString'""", [Layer.Role.RIVERS])
    cursor.execute("CREATE INDEX ON river_parts USING gist (g); ANALYZE river_parts")


def _reach(cursor, versions: list[int]) -> None:
    cursor.execute("DELETE FROM hazards_featureanalysis WHERE version_id = ANY(%s::bigint[])", [versions])
    cursor.execute("""
        INSERT INTO hazards_featureanalysis (feature_id, version_id, border_distance_km, influence_countries, river,
                                             downstream_path)
        SELECT f.id, f.version_id, round(bd.km::numeric, 2), coalesce(inf.codes, '{}'), '', '{}'
        FROM hazards_feature f
        LEFT JOIN LATERAL (
            SELECT ST_Distance(m.g, fm.g) * cos(radians(ST_Y(ST_PointOnSurface(f.geom)))) / 1000 AS km
            FROM (SELECT ST_Transform(f.geom, 3857) AS g) fm, member_parts_m m
            WHERE NOT (m.iso3 = ANY(f.countries))
            ORDER BY m.g <-> fm.g LIMIT 1
        ) bd ON ST_YMax(f.geom) < 85 AND ST_YMin(f.geom) > -85
        LEFT JOIN (
            SELECT g.id, array_agg(DISTINCT z.iso3 ORDER BY z.iso3) AS codes
            FROM reach_zones z
            JOIN hazards_feature g ON g.geom && z.g AND ST_Intersects(z.g, g.geom)
            JOIN hazards_layerversion v ON v.id = g.version_id
            JOIN hazards_layer l ON l.id = v.layer_id AND l.hazard_type_id = z.hazard_type_id
            WHERE g.version_id = ANY(%s::bigint[])
            GROUP BY g.id
        ) inf ON inf.id = f.id
        WHERE f.version_id = ANY(%s::bigint[])""", [versions, versions])


def _downstream_by_topology(cursor, versions: list[int]) -> None:
    """The one walk: for every feature on a river of the register (feature_river, hazards.analysis.topology) walk
    river → flows into → … and take, on the feature's own river, the countries from the feature's country onward,
    then on each receiving river the countries from where the tributary joins onward. Sets the downstream
    countries, the first river and the path of river names. Where the feature's country comes more than once on
    its river, the stretch it is on is the one followed by the first other country its traced way downstream
    (river_walk, when it starts on that river) enters; without such a trace, the first stretch."""
    cursor.execute("""
        WITH RECURSIVE first_foreign AS (
            -- Only where the feature's country comes twice on its river (the Syr Darya: UZB, TJK, UZB, KAZ): the
            -- first other country the traced way downstream enters says which stretch the feature is on.
            SELECT DISTINCT ON (w.feature_id) w.feature_id, c.iso3
            FROM river_walk w
            JOIN feature_river fr ON fr.feature_id = w.feature_id
            JOIN hazards_river r ON r.code = fr.code
            JOIN hazards_feature f ON f.id = w.feature_id AND f.version_id = w.version_id
            JOIN hazards_country c ON c.geom && w.piece AND ST_Intersects(c.geom, w.piece)
            CROSS JOIN LATERAL (
                SELECT min(ST_LineLocatePoint(w.piece, d.geom)) AS at
                FROM ST_DumpPoints(ST_Intersection(c.geom, w.piece)) d) x
            WHERE w.version_id = ANY(%s::bigint[]) AND NOT c.iso3 = ANY(f.countries)
              AND cardinality(array_positions(r.countries, f.countries[1]::varchar)) > 1
              AND EXISTS (SELECT 1 FROM river_walk w0 JOIN part_rivers p ON p.name = w0.name  -- traced on its river
                          WHERE w0.feature_id = w.feature_id AND w0.depth = 0 AND p.code = fr.code)
            ORDER BY w.feature_id, w.depth, x.at
        ), walk AS (
            SELECT f.id AS feature_id, r.code, r.flows_into, r.countries, r.name_en AS name, 0 AS depth,
                   ARRAY[r.code]::varchar[] AS seen,
                   coalesce((SELECT min(k) FROM generate_subscripts(r.countries, 1) k
                             WHERE r.countries[k] = f.countries[1] AND r.countries[k + 1] = ff.iso3),
                            array_position(r.countries, f.countries[1]::varchar), 1) AS start_at
            FROM feature_river fr
            JOIN hazards_feature f ON f.id = fr.feature_id AND f.version_id = ANY(%s::bigint[])
            JOIN hazards_river r ON r.code = fr.code
            LEFT JOIN first_foreign ff ON ff.feature_id = f.id
            UNION ALL
            SELECT w.feature_id, n.code, n.flows_into, n.countries, n.name_en, w.depth + 1, w.seen || n.code,
                   coalesce(t.joins_at,
                            array_position(n.countries, w.countries[cardinality(w.countries)]), 1)
            FROM walk w
            JOIN hazards_river t ON t.code = w.code
            JOIN hazards_river n ON n.code = w.flows_into
            WHERE NOT n.code = ANY(w.seen) AND w.depth < 30
        ), reached AS (
            SELECT w.feature_id, c FROM walk w, unnest(w.countries[w.start_at:]) c
        )
        UPDATE hazards_featureanalysis a
        SET downstream_countries = d.codes, river = d.path[1], downstream_path = d.path
        FROM (
            SELECT w.feature_id, array_agg(w.name ORDER BY w.depth) AS path,
                   (SELECT array_agg(DISTINCT r.c ORDER BY r.c) FROM reached r
                    WHERE r.feature_id = w.feature_id) AS codes
            FROM walk w GROUP BY w.feature_id
        ) d WHERE a.feature_id = d.feature_id AND a.version_id = ANY(%s::bigint[])""", [versions, versions, versions])


def _transboundary(cursor, versions: list[int]) -> None:
    """A feature is transboundary when its reach — its geometry, its influence zone or its way downstream —
    enters a country other than its own; a point can be transboundary. Only the features whose flag changes are
    written (a rewritten row is a new row version of a whole feature). The versions' counts follow."""
    cursor.execute("""
        UPDATE hazards_feature f SET transboundary = n.flag
        FROM (
            SELECT g.id, g.version_id, g.crosses_border OR EXISTS (
                       SELECT 1 FROM unnest(a.influence_countries || coalesce(a.downstream_countries, '{}')) c
                       WHERE NOT c = ANY(g.countries)) AS flag
            FROM hazards_feature g
            JOIN hazards_featureanalysis a ON a.feature_id = g.id AND a.version_id = g.version_id
            WHERE g.version_id = ANY(%s::bigint[])
        ) n
        WHERE f.id = n.id AND f.version_id = n.version_id AND f.transboundary <> n.flag
          AND f.version_id = ANY(%s::bigint[])""", [versions, versions])
    cursor.execute("""
        UPDATE hazards_layerversion v SET transboundary_count = (
            SELECT count(*) FROM hazards_feature f WHERE f.version_id = v.id AND f.transboundary)
        WHERE v.id = ANY(%s::bigint[])""", [versions])


def _downstream(cursor, versions: list[int]) -> None:
    """Trace the way on the rivers layer, into the temporary table river_walk (the geometry of the flood corridors):
    from the nearest part of the register river the feature is on (feature_river: its source names it) within
    STATED_RIVER_KM, else from the nearest part of any river within its type's snapping distance; then part after
    part where one part's end touches the next. The countries downstream come from the register's walk only
    (_downstream_by_topology), never from this trace."""
    cursor.execute("DROP TABLE IF EXISTS river_walk")
    cursor.execute(f"""
        CREATE TEMP TABLE river_walk AS
        WITH RECURSIVE start AS (
            SELECT f.id AS feature_id, f.version_id, r.id AS part_id, r.name,
                   ST_LineSubstring(r.g, ST_LineLocatePoint(r.g, ST_ClosestPoint(r.g, f.geom)), 1) AS piece
            FROM hazards_feature f
            JOIN hazards_layerversion v ON v.id = f.version_id
            JOIN hazards_layer l ON l.id = v.layer_id AND l.river_hazard
            JOIN hazards_hazardtype h ON h.id = l.hazard_type_id AND h.river_snap_km > 0
            CROSS JOIN LATERAL (
                (SELECT p.id, p.name, p.g FROM feature_river fr
                 JOIN register_parts p ON p.code = fr.code
                 WHERE fr.feature_id = f.id AND p.g && ST_Expand(f.geom, {STATED_RIVER_KM} / 111.0 / 0.5)
                   AND ST_DWithin(p.g::geography, f.geom::geography, {STATED_RIVER_KM} * 1000)
                 ORDER BY p.g <-> f.geom LIMIT 1)
                UNION ALL
                (SELECT r.* FROM river_parts r
                 WHERE r.g && ST_Expand(f.geom, h.river_snap_km / 111.0 / 0.5)
                   AND ST_DWithin(r.g::geography, f.geom::geography, h.river_snap_km * 1000)
                 ORDER BY r.g <-> f.geom LIMIT 1)
                LIMIT 1
            ) r
            WHERE f.version_id = ANY(%s::bigint[])
        ), walk AS (
            SELECT feature_id, version_id, part_id, name, piece, ARRAY[part_id] AS seen, 0 AS depth FROM start
            UNION ALL
            SELECT w.feature_id, w.version_id, n.id, n.name,
                   ST_LineSubstring(n.g, ST_LineLocatePoint(n.g, ST_EndPoint(w.piece)), 1),
                   w.seen || n.id, w.depth + 1
            FROM walk w JOIN river_parts n
              ON n.g && ST_Expand(ST_EndPoint(w.piece), {JOIN_TOLERANCE_DEG})
             AND ST_DWithin(n.g, ST_EndPoint(w.piece), {JOIN_TOLERANCE_DEG})
             AND NOT n.id = ANY(w.seen)
            WHERE w.depth < {MAX_DEPTH} AND ST_LineLocatePoint(n.g, ST_EndPoint(w.piece)) < 0.999
        )
        SELECT feature_id, version_id, name, depth, piece FROM walk""", [versions])


def _flood_corridors(cursor, versions: list[int]) -> None:
    """Per river hazard with a known way downstream (river_walk): the corridor of FLOOD_CORRIDOR_KM on each side
    of that way, cut at its hazard type's flood reach (the places in it are exposed: hazards.analysis.exposure)."""
    cursor.execute(f"""
        UPDATE hazards_featureanalysis a SET flood_zone = z.g
        FROM (
            WITH pieces AS (
                SELECT w.feature_id, w.version_id, w.piece,
                       sum(ST_Length(w.piece::geography)) OVER (PARTITION BY w.feature_id ORDER BY w.depth, w.name)
                       - ST_Length(w.piece::geography) AS before_m
                FROM river_walk w
            )
            SELECT p.feature_id, p.version_id,
                   ST_Transform(ST_Buffer(ST_Transform(ST_Union(p.piece), {EQUIDISTANT_SRID}), %s, 4), 4326) AS g
            FROM pieces p
            JOIN hazards_layerversion v ON v.id = p.version_id
            JOIN hazards_layer l ON l.id = v.layer_id
            JOIN hazards_hazardtype h ON h.id = l.hazard_type_id AND h.flood_reach_km > 0
            WHERE p.before_m < h.flood_reach_km * 1000
            GROUP BY p.feature_id, p.version_id
        ) z
        WHERE a.feature_id = z.feature_id AND a.version_id = z.version_id AND a.version_id = ANY(%s::bigint[])""",
                   [FLOOD_CORRIDOR_KM * 1000, versions])


def features_analyse(versions: list[int], timings: dict) -> None:
    """(Re)compute the analysis of every feature of `versions` (their reach, way downstream, flood corridor and
    transboundary flag)."""
    if not versions:
        return
    with connection.cursor() as cursor:
        for name, step in (("prepare", lambda: _prepare(cursor, versions)),
                           ("reach", lambda: _reach(cursor, versions)),
                           ("matching", lambda: objects_match(cursor, versions)),
                           ("snapping", lambda: features_river(cursor, versions)),
                           ("downstream", lambda: _downstream(cursor, versions)),
                           ("topology", lambda: _downstream_by_topology(cursor, versions)),
                           ("corridors", lambda: _flood_corridors(cursor, versions)),
                           ("transboundary", lambda: _transboundary(cursor, versions))):
            started = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - started
