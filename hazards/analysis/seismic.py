"""Seismic hazard from a model, not from the single strongest event: the expected macroseismic intensity
(MSK-64) in every unit from the whole earthquake catalogue, by the macroseismic field equation of Shebalin
(Kondorskaya & Shebalin, eds., 1977, "Новый каталог сильных землетрясений на территории СССР") with its standard
parameters for MLH magnitudes:

    I = 1.5 · MLH − 3.5 · lg R + 3.0,   R = √(Δ² + h²) km (Δ epicentral distance, h focal depth)

The unit's intensity is the highest any catalogued event gives anywhere in it (Δ to the unit's nearest point).
Depths under 10 km count as 10 km (15 km where the catalogue has none). Only events that can reach intensity 6
are considered (MLH ≥ 4.4 at 10 km), each out to the distance where its intensity falls to 6. Distances are
measured in the atlas's equidistant conic projection (±3 %)."""

from hazards.models import Layer

from .features import EQUIDISTANT_SRID

A, B, C = 1.5, 3.5, 3.0  # Shebalin: I = A·M − B·lg R + C
DEFAULT_DEPTH_KM = 15.0  # catalogue rows without a depth (most historical events)
MIN_DEPTH_KM = 10.0  # shallower catalogue depths are mostly fixed or poorly constrained; the equation is calibrated
#                      on crustal events, and a 1-km depth would give a magnitude-3.7 event intensity 8
MIN_INTENSITY = 6.0
CLASSES = [(8.0, 4), (7.0, 3), (6.0, 2)]  # MSK-64 intensity → level: ≥ 8 high, ≥ 7 medium, ≥ 6 low, else very low
NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"


def intensity_level(intensity: float | None) -> int:
    """The level of an expected intensity (very low below 6)."""
    return next((level for bound, level in CLASSES if intensity is not None and intensity >= bound), 1)


def intensity_per_unit(cursor, features: str) -> dict[str, dict]:
    """Per unit key: the highest expected intensity and the event giving it, from the point features of the
    layers with the earthquake-catalogue role in `features` (magnitude and depth from the layer's attributes).
    Needs the temporary views units and unit_parts (levels.prepare_units)."""
    cursor.execute("DROP TABLE IF EXISTS quakes")
    cursor.execute(f"""
        CREATE TEMP TABLE quakes AS
        SELECT q.*, power(10, ({A} * q.m + {C} - {MIN_INTENSITY}) / {B}) * 1000 AS reach_m
        FROM (
            SELECT f.id, f.year, f.label, l.slug,
                   (f.properties ->> l.magnitude_field)::float8 AS m,
                   CASE WHEN f.properties ->> nullif(l.depth_field, '') ~ %(number)s
                        THEN greatest((f.properties ->> l.depth_field)::float8, {MIN_DEPTH_KM})
                        ELSE {DEFAULT_DEPTH_KM} END AS h,
                   ST_Transform(f.geom, {EQUIDISTANT_SRID}) AS g
            FROM {features} f JOIN hazards_layer l ON l.id = f.layer_id
            WHERE l.role = %(role)s AND l.magnitude_field <> '' AND ST_Dimension(f.geom) = 0
              AND f.properties ->> l.magnitude_field ~ %(number)s
        ) q
        WHERE {A} * q.m - {B} * log(q.h) + {C} >= {MIN_INTENSITY}""",
                   {"number": NUMBER, "role": Layer.Role.EARTHQUAKES})
    cursor.execute("ANALYZE quakes")
    cursor.execute(f"""
        SELECT DISTINCT ON (p.key) p.key,
               {A} * q.m - {B} * log(sqrt(power(ST_Distance(p.g_m, q.g) / 1000, 2) + q.h * q.h)) + {C} AS intensity,
               q.year, q.label, q.slug, q.m, round((ST_Distance(p.g_m, q.g) / 1000)::numeric, 1) AS km
        FROM quakes q JOIN unit_parts p ON ST_DWithin(p.g_m, q.g, q.reach_m)
        ORDER BY p.key, intensity DESC, q.id""")
    return {key: {"intensity": round(intensity, 1), "event": {"year": year, "label": label, "layer": slug,
                                                              "magnitude": m, "distance_km": float(km)}}
            for key, intensity, year, label, slug, m, km in cursor.fetchall()}
