"""Population exposure: the people of the atlas's populated places (the layer with the population role) reached by
a hazard layer's features, by the country where the hazard is and the country of the places — so a hazard in one
country shows the people exposed in each neighbour.

How a feature reaches people: hazards on rivers (outburst lakes, dams, tailings) whose way downstream the analysis
knows reach the places in a corridor of FLOOD_CORRIDOR_KM on each side of that way, cut at their hazard type's flood
reach (stored per feature by hazards.analysis.features) — not a circle, so a lake draining away from a city does not
count the city; river hazards whose way is not known reach only the places within LOCAL_KM (their own valley); every
other feature reaches the places within its hazard type's influence distance. A feature outside every country's
outline (a lake on the Caspian shore, a Natural Earth border gap) is attributed to the nearest country: no row lacks
its origin.

Rows are stored per audience (the public's count only public hazard layers and public places): per layer, origin
and exposed country (Exposure), and per hazard type and exposed country with each person counted once whatever the
number of layers and origins that reach them (ExposureTotal)."""

import time

from django.db import connection

from hazards.models import Audience, HazardType, Layer

from .features import EQUIDISTANT_SRID

LOCAL_KM = 10.0  # a river hazard whose way downstream is unknown reaches its own valley only


def exposure_compute(timings: dict, *, hazard_types: frozenset[int] | None = None) -> None:
    """Replace the exposure rows of the layers of `hazard_types` (ids; None: every layer) and those types'
    totals, for both audiences. The flood corridors are those the per-feature analysis stored."""
    started = time.perf_counter()
    types = None if hazard_types is None else sorted(hazard_types)
    if types == []:
        return
    with connection.cursor() as cursor:
        _places(cursor, types)
        _flood_zones(cursor, types)
        _hits(cursor, types)
        _store(cursor, types)
    timings["exposure"] = time.perf_counter() - started


def _places(cursor, types: list[int] | None) -> None:
    cursor.execute("DROP TABLE IF EXISTS places, place_zones")
    # Places of the layers with the population role, the population read from each layer's own attribute.
    cursor.execute("""
        CREATE TEMP TABLE places AS
        SELECT f.id, f.geom, (f.properties->>l.population_field)::bigint AS population, f.countries[1] AS iso3,
               f.layer_access = %s AS public
        FROM hazards_published_feature f JOIN hazards_layer l ON l.id = f.layer_id
        WHERE f.layer_role = %s AND l.population_field <> ''
          AND f.properties->>l.population_field ~ '^[0-9]+$'""", [Layer.Access.PUBLIC, Layer.Role.POPULATION])
    cursor.execute("CREATE INDEX ON places USING gist (geom); ANALYZE places")
    # Buffer the few thousand places (once per influence distance), not the hazard features.
    cursor.execute(f"""
        CREATE TEMP TABLE place_zones AS
        SELECT h.id AS hazard_type_id, p.id AS place, p.population, p.iso3, p.public,
               ST_Transform(ST_Buffer(ST_Transform(p.geom, {EQUIDISTANT_SRID}), h.influence_km * 1000, 8), 4326) AS g
        FROM places p CROSS JOIN hazards_hazardtype h
        WHERE h.code <> %s AND p.iso3 IS NOT NULL AND (%s::bigint[] IS NULL OR h.id = ANY(%s::bigint[]))""",
                   [HazardType.CONTEXT, types, types])
    # Keyed by hazard type too (btree_gist): a feature probes its own type's zones only, not every type's.
    cursor.execute("CREATE INDEX ON place_zones USING gist (hazard_type_id, g); ANALYZE place_zones")


def _flood_zones(cursor, types: list[int] | None) -> None:
    """The flood corridors of the published river hazards of `types` (None: all) that the per-feature analysis
    stored (hazards.analysis.features: their way downstream, cut at the type's flood reach)."""
    cursor.execute("DROP TABLE IF EXISTS flood_zones")
    cursor.execute("""
        SELECT coalesce(array_agg(published_version_id), '{}') FROM hazards_layer
        WHERE published_version_id IS NOT NULL AND kind = %s AND river_hazard
          AND (%s::bigint[] IS NULL OR hazard_type_id = ANY(%s::bigint[]))""", [Layer.Kind.VECTOR, types, types])
    versions = cursor.fetchone()[0]
    cursor.execute("""
        CREATE TEMP TABLE flood_zones AS
        SELECT feature_id, flood_zone AS g FROM hazards_featureanalysis
        WHERE version_id = ANY(%s::bigint[]) AND flood_zone IS NOT NULL""", [versions])
    cursor.execute("CREATE INDEX ON flood_zones (feature_id); CREATE INDEX ON flood_zones USING gist (g); "
                   "ANALYZE flood_zones")


ORIGIN = """
    CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.countries) > 0 THEN f.countries::text[]
        ELSE ARRAY(SELECT c.iso3::text FROM hazards_country c ORDER BY c.geom <-> f.geom LIMIT 1) END) AS o(iso3)"""


def _hazard_features(cursor, types: list[int] | None) -> None:
    """The published hazard features of `types` (None: all), with what the hits need, in a temporary table: joined
    to the place zones straight from it, each feature probes only its own hazard type's zones (through the
    (hazard type, zone) index) — through the published view the type came from a join the planner applied after
    the spatial test, so every feature was tested against every type's zones."""
    cursor.execute("DROP TABLE IF EXISTS hazard_features")
    cursor.execute("""
        CREATE TEMP TABLE hazard_features AS
        SELECT f.id, f.layer_id, f.hazard_type_id, f.layer_access = %s AS public_layer, l.river_hazard, f.countries,
               f.geom
        FROM hazards_published_feature f JOIN hazards_layer l ON l.id = f.layer_id
        WHERE f.hazard_code <> %s AND (%s::bigint[] IS NULL OR f.hazard_type_id = ANY(%s::bigint[]))""",
                   [Layer.Access.PUBLIC, HazardType.CONTEXT, types, types])
    cursor.execute("CREATE INDEX ON hazard_features (id); ANALYZE hazard_features")


def _hits(cursor, types: list[int] | None) -> None:
    """Every (layer, origin, place) a hazard reaches: by the flood corridor for river hazards that have one, by
    the influence distance for the others."""
    _hazard_features(cursor, types)
    cursor.execute("DROP TABLE IF EXISTS exposure_hits")
    cursor.execute(f"""
        CREATE TEMP TABLE exposure_hits AS
        SELECT DISTINCT f.layer_id, f.hazard_type_id, f.public_layer, o.iso3 AS origin, z.place, z.population, z.iso3,
               z.public AS public_place
        FROM hazard_features f
        JOIN place_zones z ON z.hazard_type_id = f.hazard_type_id AND z.g && f.geom AND ST_Intersects(z.g, f.geom)
        {ORIGIN}
        WHERE NOT f.river_hazard
        UNION
        SELECT f.layer_id, f.hazard_type_id, f.public_layer, o.iso3, p.id, p.population, p.iso3, p.public
        FROM hazard_features f
        JOIN places p ON p.geom && ST_Expand(f.geom, %(local_deg)s) AND p.iso3 IS NOT NULL
             AND ST_DWithin(p.geom::geography, f.geom::geography, %(local_m)s)
        {ORIGIN}
        WHERE f.river_hazard AND NOT EXISTS (SELECT 1 FROM flood_zones fz WHERE fz.feature_id = f.id)
        UNION
        SELECT f.layer_id, f.hazard_type_id, f.public_layer, o.iso3, p.id, p.population, p.iso3, p.public
        FROM flood_zones fz
        JOIN hazard_features f ON f.id = fz.feature_id
        JOIN places p ON p.geom && fz.g AND ST_Intersects(fz.g, p.geom) AND p.iso3 IS NOT NULL
        {ORIGIN}""", {"local_m": LOCAL_KM * 1000, "local_deg": LOCAL_KM / 111 / 0.5})


def _store(cursor, types: list[int] | None) -> None:
    audiences = {"public_audience": Audience.PUBLIC, "full_audience": Audience.FULL}
    seen_by = """JOIN (VALUES (%(public_audience)s), (%(full_audience)s)) a(audience)
                 ON a.audience = %(full_audience)s OR (h.public_layer AND h.public_place)"""
    if types is None:
        cursor.execute("DELETE FROM hazards_exposure; DELETE FROM hazards_exposuretotal")
    else:
        cursor.execute("DELETE FROM hazards_exposure WHERE layer_id IN "
                       "(SELECT id FROM hazards_layer WHERE hazard_type_id = ANY(%s::bigint[]))", [types])
        cursor.execute("DELETE FROM hazards_exposuretotal WHERE hazard_type_id = ANY(%s::bigint[])", [types])
    cursor.execute(f"""
        INSERT INTO hazards_exposure (audience, layer_id, origin_id, country_id, population, places)
        SELECT a.audience, h.layer_id, o.id, c.id, sum(h.population), count(*)
        FROM (SELECT DISTINCT layer_id, origin, place, population, iso3, public_layer, public_place
              FROM exposure_hits) h
        {seen_by}
        JOIN hazards_country c ON c.iso3 = h.iso3
        JOIN hazards_country o ON o.iso3 = h.origin
        GROUP BY a.audience, h.layer_id, o.id, c.id""", audiences)
    # Each person once per hazard type and exposed country, whatever the layers and origins that reach them.
    cursor.execute("""
        INSERT INTO hazards_exposuretotal (audience, hazard_type_id, country_id, population, places)
        SELECT a.audience, h.hazard_type_id, c.id, sum(h.population), count(*)
        FROM (SELECT DISTINCT a.audience, e.hazard_type_id, e.place, e.population, e.iso3
              FROM exposure_hits e JOIN (VALUES (%(public_audience)s), (%(full_audience)s)) a(audience)
                   ON a.audience = %(full_audience)s OR (e.public_layer AND e.public_place)) h
        JOIN (VALUES (%(public_audience)s), (%(full_audience)s)) a(audience) ON a.audience = h.audience
        JOIN hazards_country c ON c.iso3 = h.iso3
        GROUP BY a.audience, h.hazard_type_id, c.id""", audiences)
