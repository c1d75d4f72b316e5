"""The read models of the passports, the regional matrix, its cells and coverage (hazards.models.readmodel).

A request used to join the published features with their analysis across every version's partition (a country
passport took 34–112 s); the analysis now stores, per layer version, the few facts each of those reads needs, and a
request reads them by index (hazards.passports, hazards.coverage). Rows are per version, not per audience: a
request takes those of the versions its layers publish now and its audience may see, so one row serves both
audiences and every language, a change of access (hazards.analysis.access_change) or a rollback to a version still
kept shows at once, and a version's rows are replaced only when its features or their analysis change. Everything
here runs inside the analysis transaction: readers see the old rows until it commits, never half of them."""

import time

from django.db import connection

from hazards.models import HazardType, Layer

# The features of the versions being refreshed, with their analysis (absent: not analysed yet) and their reach.
FEATURES = """
    CREATE TEMP TABLE rm_features AS
    SELECT f.id, f.version_id, f.fid, f.hazard_level, f.year, f.countries, f.geom, l.slug,
           coalesce(f.properties ->> nullif(l.label_field, ''), '') AS label,
           a.feature_id IS NOT NULL AS analysed, a.influence_countries AS influence,
           a.downstream_countries AS downstream,
           ARRAY(SELECT DISTINCT x FROM unnest(f.countries || coalesce(a.influence_countries, '{}')
                                               || coalesce(a.downstream_countries, '{}')) x) AS reach
    FROM hazards_feature f
    JOIN hazards_layerversion v ON v.id = f.version_id
    JOIN hazards_layer l ON l.id = v.layer_id
    LEFT JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
    WHERE f.version_id = ANY(%s::bigint[])"""

# Units cut into small pieces (as the passports cut them), indexed, so each feature finds its units by the index.
UNIT_PARTS = """
    CREATE TEMP TABLE rm_unit_parts AS
    SELECT c.id AS country_id, NULL::bigint AS area_id, ST_Subdivide(c.geom, 64) AS g
    FROM hazards_country c WHERE c.is_member
    UNION ALL
    SELECT a.country_id, a.id, ST_Subdivide(a.geom, 64) FROM hazards_adminarea a"""

MEMBERSHIP = """
    CREATE TEMP TABLE rm_units AS
    SELECT DISTINCT f.id AS feature_id, u.country_id, u.area_id
    FROM rm_features f JOIN rm_unit_parts u ON u.g && f.geom AND ST_Intersects(u.g, f.geom)"""

SHARED = """
    INSERT INTO hazards_unitshared (version_id, country_id, area_id, target, features, worst_level)
    SELECT f.version_id, m.country_id, m.area_id, t.iso3, count(*), max(f.hazard_level)
    FROM rm_units m
    JOIN rm_features f ON f.id = m.feature_id AND f.analysed
    JOIN hazards_country own ON own.id = m.country_id
    JOIN hazards_country t ON t.is_member AND t.iso3 = ANY(f.reach) AND t.iso3 <> own.iso3
    GROUP BY 1, 2, 3, 4"""

DECADES = """
    INSERT INTO hazards_unitdecade (version_id, country_id, area_id, decade, events)
    SELECT f.version_id, m.country_id, m.area_id, CASE WHEN f.year < 1900 THEN -1 ELSE (f.year / 10) * 10 END,
           count(*)
    FROM rm_units m JOIN rm_features f ON f.id = m.feature_id
    WHERE f.year IS NOT NULL
    GROUP BY 1, 2, 3, 4"""

MATRIX = """
    INSERT INTO hazards_matrixcount (version_id, origin, target, features, worst_level)
    SELECT f.version_id, o.iso3, t.iso3, count(DISTINCT f.id), max(f.hazard_level)
    FROM rm_features f
    JOIN hazards_country o ON o.is_member AND o.iso3 = ANY(f.countries)
    JOIN hazards_country t ON t.is_member AND t.iso3 <> o.iso3
         AND t.iso3 = ANY(f.countries || f.influence || coalesce(f.downstream, '{}'))
    WHERE f.analysed
    GROUP BY 1, 2, 3"""

CELLS = """
    INSERT INTO hazards_cellfeature (version_id, feature_id, origin, target, level, layer_slug, fid, countries,
                                     influence_countries, downstream_countries, label)
    SELECT f.version_id, f.id, o.iso3, t.iso3, f.hazard_level, f.slug, f.fid, f.countries, f.influence,
           f.downstream, f.label
    FROM rm_features f
    CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.countries)) o(iso3)
    CROSS JOIN LATERAL unnest(f.reach) t(iso3)
    WHERE f.analysed"""

COVERAGE = """
    INSERT INTO hazards_coveragecount (version_id, iso3, features, latest_year)
    SELECT f.version_id, c.iso3, count(*), max(f.year)
    FROM rm_features f CROSS JOIN LATERAL unnest(f.countries) AS c(iso3)
    GROUP BY 1, 2"""

# The small map's outline of every unit that has none yet (units do not change between loads of the region).
OUTLINES = """
    INSERT INTO hazards_unitoutline (country_id, area_id, path, x, y, width, height)
    SELECT u.country_id, u.area_id, ST_AsSVG(ST_SimplifyPreserveTopology(u.g, 0.01), 0, 3), ST_XMin(u.g),
           ST_YMax(u.g), ST_XMax(u.g) - ST_XMin(u.g), ST_YMax(u.g) - ST_YMin(u.g)
    FROM (SELECT c.id AS country_id, NULL::bigint AS area_id, c.geom AS g FROM hazards_country c WHERE c.is_member
          UNION ALL
          SELECT a.country_id, a.id, a.geom FROM hazards_adminarea a) u
    WHERE NOT EXISTS (SELECT 1 FROM hazards_unitoutline o
                      WHERE o.country_id = u.country_id AND o.area_id IS NOT DISTINCT FROM u.area_id)"""

PER_VERSION = ["hazards_unitshared", "hazards_unitdecade", "hazards_matrixcount", "hazards_cellfeature",
               "hazards_coveragecount"]


def readmodel_versions() -> list[int]:
    """Every version the read models describe when asked for everything: the published vector versions of
    hazard layers (reference layers are inputs, not hazards)."""
    return list(Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR)
                .exclude(hazard_type__code=HazardType.CONTEXT).values_list("published_version_id", flat=True))


def readmodels_refresh(*, versions: list[int] | None = None, timings: dict | None = None) -> None:
    """Replace the read-model rows of `versions` (None: of every version readmodel_versions names, and the
    outline of every unit) from their features and analysis, in the caller's transaction. Call it after the
    features' analysis of those versions is stored; rows of other versions stay as they are."""
    started = time.perf_counter()
    everything = versions is None
    versions = readmodel_versions() if everything else list(versions)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rm_features, rm_unit_parts, rm_units")
        for table in PER_VERSION:
            cursor.execute(f"DELETE FROM {table} WHERE version_id = ANY(%s::bigint[])", [versions])
        cursor.execute(FEATURES, [versions])
        cursor.execute("CREATE INDEX ON rm_features (id); ANALYZE rm_features")
        cursor.execute(UNIT_PARTS)
        cursor.execute("CREATE INDEX ON rm_unit_parts USING gist (g); ANALYZE rm_unit_parts")
        cursor.execute(MEMBERSHIP)
        cursor.execute("ANALYZE rm_units")
        for statement in (SHARED, DECADES, MATRIX, CELLS, COVERAGE):
            cursor.execute(statement)
        if everything:
            cursor.execute("DELETE FROM hazards_unitoutline")
        cursor.execute(OUTLINES)
        cursor.execute("DROP TABLE rm_features, rm_unit_parts, rm_units")
    if timings is not None:
        timings["readmodels"] = time.perf_counter() - started
