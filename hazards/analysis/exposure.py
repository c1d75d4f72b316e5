"""Population exposure: the people of the atlas's populated places (GeoNames, with population) inside a hazard
layer's features or within its hazard type's influence distance, by the country of the hazard and the country
of the places — so a hazard in one country shows the people exposed in each neighbour. Rows are stored per
audience: the public's count only public hazard layers and public places."""

import time

from django.db import connection

from hazards.models import Audience, HazardType, Layer

from .features import EQUIDISTANT


def exposure_compute(timings: dict) -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
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
                   ST_Transform(ST_Buffer(ST_Transform(p.geom, '{EQUIDISTANT}'), h.influence_km * 1000, 8),
                                '{EQUIDISTANT}', 4326) AS g
            FROM places p CROSS JOIN hazards_hazardtype h
            WHERE h.code <> %s AND p.iso3 IS NOT NULL""", [HazardType.CONTEXT])
        cursor.execute("CREATE INDEX ON place_zones USING gist (g); ANALYZE place_zones")
        cursor.execute("DELETE FROM hazards_exposure")
        cursor.execute("""
            WITH hits AS (
                SELECT DISTINCT f.layer_id, f.layer_access = %(public)s AS public_layer, o.iso3 AS origin, z.place,
                       z.population, z.iso3, z.public AS public_place
                FROM place_zones z
                JOIN hazards_published_feature f ON f.geom && z.g AND ST_Intersects(z.g, f.geom)
                     AND f.hazard_type_id = z.hazard_type_id
                LEFT JOIN LATERAL unnest(f.countries) AS o(iso3) ON true
            )
            INSERT INTO hazards_exposure (audience, layer_id, origin_id, country_id, population, places)
            SELECT a.audience, h.layer_id, o.id, c.id, sum(h.population), count(*)
            FROM hits h
            JOIN (VALUES (%(public_audience)s), (%(full_audience)s)) a(audience)
                 ON a.audience = %(full_audience)s OR (h.public_layer AND h.public_place)
            JOIN hazards_country c ON c.iso3 = h.iso3
            LEFT JOIN hazards_country o ON o.iso3 = h.origin
            GROUP BY a.audience, h.layer_id, o.id, c.id""",
                       {"public": Layer.Access.PUBLIC, "public_audience": Audience.PUBLIC,
                        "full_audience": Audience.FULL})
    timings["exposure"] = time.perf_counter() - started
