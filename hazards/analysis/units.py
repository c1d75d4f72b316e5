"""The units levels are computed for — the member countries, their first-level areas and districts — cut into
parts of at most 64 vertices (unit_parts, also in the equidistant projection for the seismic model: g_m) and
buffered by the seismic rule's distance (unit_zones). Kept in tables of their own (migration 0025) and rebuilt only
when the boundaries change: a checksum of every member country's and admin area's geometry and of the buffer
distance is stored with them. The analysis reads them through the temporary views units, unit_parts and
unit_zones."""

from .features import EQUIDISTANT_SRID

UNITS_LOCK = 7_236_519_002  # pg_advisory_xact_lock key: one rebuild at a time

CHECKSUM = """
    SELECT md5(string_agg(part, ',' ORDER BY part)) FROM (
        SELECT 'C' || c.id || c.iso3 || md5(ST_AsBinary(c.geom)) AS part FROM hazards_country c WHERE c.is_member
        UNION ALL
        SELECT 'A' || a.id || a.country_id || a.level || coalesce(a.parent_id, 0) || md5(ST_AsBinary(a.geom))
        FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id WHERE c.is_member) p"""


def units_prepare(cursor, *, buffer_m: float) -> None:
    """Make the temporary views units, unit_parts and unit_zones (zones buffered by `buffer_m`) show the current
    boundaries, rebuilding the stored units first if the boundaries or the distance changed since."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [UNITS_LOCK])
    cursor.execute(f"SELECT md5(({CHECKSUM}) || %s || %s)", [buffer_m, EQUIDISTANT_SRID])
    checksum = cursor.fetchone()[0]
    cursor.execute("SELECT checksum FROM hazards_analysis_unit_source")
    if cursor.fetchall() != [(checksum,)]:
        _rebuild(cursor, buffer_m)
        cursor.execute("INSERT INTO hazards_analysis_unit_source VALUES (%s)", [checksum])
    cursor.execute("DROP VIEW IF EXISTS units, unit_parts, unit_zones")
    cursor.execute("CREATE TEMP VIEW units AS SELECT * FROM hazards_analysis_unit")
    cursor.execute("CREATE TEMP VIEW unit_parts AS SELECT key, g, g_m FROM hazards_analysis_unit_part")
    cursor.execute("CREATE TEMP VIEW unit_zones AS SELECT key, g FROM hazards_analysis_unit_zone")


def _rebuild(cursor, buffer_m: float) -> None:
    cursor.execute("DELETE FROM hazards_analysis_unit_source; DELETE FROM hazards_analysis_unit_zone; "
                   "DELETE FROM hazards_analysis_unit_part; DELETE FROM hazards_analysis_unit")
    cursor.execute("""
        CREATE TEMP TABLE units_geom ON COMMIT DROP AS
        SELECT 'C:' || c.iso3 AS key, c.id AS country_id, NULL::bigint AS area_id, 0 AS level,
               NULL::text AS parent_key, c.geom, ST_Area(c.geom::geography) / 1e6 AS area_km2
        FROM hazards_country c WHERE c.is_member
        UNION ALL
        SELECT 'A:' || a.id, a.country_id, a.id, a.level,
               CASE WHEN a.parent_id IS NULL THEN 'C:' || c.iso3 ELSE 'A:' || a.parent_id END,
               a.geom, ST_Area(a.geom::geography) / 1e6
        FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id WHERE c.is_member""")
    cursor.execute("""
        INSERT INTO hazards_analysis_unit (key, country_id, area_id, level, parent_key, area_km2)
        SELECT key, country_id, area_id, level, parent_key, area_km2 FROM units_geom""")
    cursor.execute(f"""
        INSERT INTO hazards_analysis_unit_part (key, g, g_m)
        SELECT key, g, ST_Transform(g, {EQUIDISTANT_SRID})
        FROM (SELECT key, ST_Subdivide(geom, 64) AS g FROM units_geom) p""")
    cursor.execute(f"""
        INSERT INTO hazards_analysis_unit_zone (key, g)
        SELECT key, ST_Subdivide(ST_Transform(ST_Buffer(ST_Transform(geom, {EQUIDISTANT_SRID}), %s), 4326), 64)
        FROM units_geom""", [buffer_m])
    cursor.execute("DROP TABLE units_geom")
    for table in ("hazards_analysis_unit", "hazards_analysis_unit_part", "hazards_analysis_unit_zone"):
        cursor.execute(f"ANALYZE {table}")

