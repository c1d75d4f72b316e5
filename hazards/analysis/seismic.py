"""Seismic hazard per unit from a probabilistic model (PSHA, Cornell–McGuire), not from the strongest event: the
MSK-64 intensity with a 10 % probability of being exceeded in 50 years (return period 475 years), from the
earthquake catalogues and active faults the audience sees. The steps (hazards/analysis/psha.py):

1. the catalogue (layers with the earthquake-catalogue role: magnitude MLH and depth from the layer's attributes)
   declustered by Gardner–Knopoff windows;
2. complete events only: MLH ≥ 4.0 since 1965, ≥ 5.0 since 1920, ≥ 6.0 since 1900, ≥ 6.5 since 1880;
3. two source zones by depth — crustal (< 50 km, as EMCA's area sources) and intermediate-depth (≥ 50 km, the
   Pamir–Hindu Kush slab) — each with its own Weichert b-value and maximum magnitude; inside a zone the rate is
   smoothed seismicity (Frankel 1995) on a 10-km grid: half from MLH ≥ 4 since 1965, half from MLH ≥ 5 over their
   complete periods (brought to MLH ≥ 4 by the zone's b), spread by a Gaussian of SMOOTHING_KM;
4. an event whose position is rounded to whole degrees (both coordinates) is spread evenly over its 1°×1° cell, one
   rounded to half degrees over its 0.5° cell, before smoothing;
5. active faults (line features of the seismic layers) raise the maximum magnitude of the crustal cells within
   FAULT_KM of them to the largest crustal magnitude of the catalogue; elsewhere it is OFF_FAULT_MMAX;
6. Shebalin's intensity equation with a normal scatter of σ = 0.7 intensity units, hypocentral distance with the
   zone's depth; yearly exceedance rates of intensity levels by FFT convolution of the rate grids with the
   per-distance exceedance kernels, and the 475-year intensity interpolated on each cell's hazard curve;
7. a unit's intensity is the highest of the grid cells whose centres fall inside it (its point on surface if
   none does), as ThinkHazard! takes the highest hazard class in an area."""

import math

import numpy as np

from hazards.models import HazardType, Layer

from . import psha
from .features import EQUIDISTANT_SRID

CELL_KM = 10.0
X0_KM, Y0_KM, NX, NY = -2000.0, 3700.0, 410, 280  # the grid (equidistant conic km) covering the EMCA region
REACH_KM = 500.0  # Shebalin's intensity of the largest magnitude (8.3) falls to 6 at about 500 km
SMOOTHING_KM = (30.0, 60.0, 120.0, 240.0)  # adaptive kernel widths
NEIGHBOURS = 5
FAULT_KM = 20.0
OFF_FAULT_MMAX = 7.0
M_MIN = 4.0
CRUSTAL_DEPTH_KM = 15.0  # the depth of crustal sources (the catalogue's median crustal depth is about 15 km)
DEEP_KM = 50.0
DEEP_BINS = ((50, 100, 75.0), (100, 150, 125.0), (150, 200, 175.0), (200, 1000, 225.0))
LEVELS = np.arange(4.0, 11.01, 0.25)
RETURN_PERIOD = 475
NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"
CLASSES = [(8.0, 4), (7.0, 3), (6.0, 2)]  # 475-year MSK-64 intensity → level: ≥ 8 high, 7 medium, 6 low, else very low


def intensity_level(intensity: float | None) -> int | None:
    """The level of a 475-year intensity (very low below 6; None without a model)."""
    if intensity is None:
        return None
    return next((level for bound, level in CLASSES if intensity >= bound - 1e-9), 1)


def _catalogue(cursor, features: str) -> dict[str, np.ndarray]:
    cursor.execute(f"""
        SELECT f.id, ST_X(g) / 1000, ST_Y(g) / 1000, ST_X(c), ST_Y(c),
               (f.properties ->> 'year')::float8, coalesce(nullif(f.properties ->> 'month', '')::float8, 7),
               coalesce(nullif(f.properties ->> 'day', '')::float8, 1),
               (f.properties ->> l.magnitude_field)::float8,
               CASE WHEN f.properties ->> nullif(l.depth_field, '') ~ %(number)s
                    THEN (f.properties ->> l.depth_field)::float8 ELSE {CRUSTAL_DEPTH_KM} END
        FROM {features} f JOIN hazards_layer l ON l.id = f.layer_id,
             LATERAL ST_Centroid(f.geom) c, LATERAL ST_Transform(c, {EQUIDISTANT_SRID}) g
        WHERE l.role = %(role)s AND l.magnitude_field <> '' AND ST_Dimension(f.geom) = 0
          AND f.properties ->> l.magnitude_field ~ %(number)s AND f.properties ->> 'year' ~ %(number)s""",
                   {"number": NUMBER, "role": Layer.Role.EARTHQUAKES})
    rows = np.array(cursor.fetchall(), dtype=float).reshape(-1, 10)
    names = ("id", "x", "y", "lon", "lat", "year", "month", "day", "m", "depth")
    cat = {name: rows[:, i] for i, name in enumerate(names)}
    cat["days"] = (cat["year"] - 1) * psha.DAYS_PER_YEAR + (cat["month"] - 1) * 30.44 + cat["day"]
    return cat


def catalogue_spread(cursor, features: str) -> dict[int, np.ndarray]:
    """Per catalogue event with a rounded position: 100 points evenly over its cell (x, y in km)."""
    cursor.execute(f"""
        WITH e AS (
            SELECT f.id, ST_X(c) AS lon, ST_Y(c) AS lat,
                   CASE WHEN ST_X(c) = round(ST_X(c)) AND ST_Y(c) = round(ST_Y(c)) THEN 0.5
                        WHEN ST_X(c) * 2 = round(ST_X(c) * 2) AND ST_Y(c) * 2 = round(ST_Y(c) * 2) THEN 0.25
                   END AS half
            FROM {features} f JOIN hazards_layer l ON l.id = f.layer_id, LATERAL ST_Centroid(f.geom) c
            WHERE l.role = %s AND ST_Dimension(f.geom) = 0)
        SELECT e.id, ST_X(g) / 1000, ST_Y(g) / 1000
        FROM e, generate_series(0, 9) i, generate_series(0, 9) j,
             LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(e.lon + e.half * ((2 * i + 1) / 10.0 - 1),
                                                          e.lat + e.half * ((2 * j + 1) / 10.0 - 1)), 4326),
                                  {EQUIDISTANT_SRID}) g
        WHERE e.half IS NOT NULL""", [Layer.Role.EARTHQUAKES])
    points: dict[int, list] = {}
    for event, x, y in cursor.fetchall():
        points.setdefault(event, []).append((x, y))
    return {event: np.array(xy) for event, xy in points.items()}


def _fault_mask(cursor, features: str) -> np.ndarray:
    """Grid cells within FAULT_KM of an active fault (line features of the seismic layers)."""
    cursor.execute(f"""
        SELECT ST_X(d.geom) / 1000, ST_Y(d.geom) / 1000
        FROM {features} f,
             LATERAL ST_DumpPoints(ST_Segmentize(ST_Transform(f.geom, {EQUIDISTANT_SRID}), {CELL_KM * 500})) d
        WHERE f.hazard_code = %s AND ST_Dimension(f.geom) = 1""", [HazardType.SEISMIC])
    mask = np.zeros((NY, NX), dtype=bool)
    xy = np.array(cursor.fetchall(), dtype=float).reshape(-1, 2)
    i, j = _cell(xy[:, 0], xy[:, 1])
    inside = (i >= 0) & (i < NY) & (j >= 0) & (j < NX)
    mask[i[inside], j[inside]] = True
    reach = int(round(FAULT_KM / CELL_KM))
    grown = mask.copy()
    for di in range(-reach, reach + 1):
        for dj in range(-reach, reach + 1):
            if di * di + dj * dj <= reach * reach:
                grown |= np.roll(np.roll(mask, di, 0), dj, 1)
    return grown


def _cell(x_km: np.ndarray, y_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (np.floor((np.asarray(y_km) - Y0_KM) / CELL_KM).astype(int),
            np.floor((np.asarray(x_km) - X0_KM) / CELL_KM).astype(int))


def _counts(cat: dict, chosen: np.ndarray, weight: np.ndarray, spread: dict) -> np.ndarray:
    """The weighted events of `chosen` on the grid, rounded positions spread over their cells."""
    grid = np.zeros((NY, NX))
    xs, ys, ws = [], [], []
    for k in np.flatnonzero(chosen):
        points = spread.get(int(cat["id"][k]))
        if points is None:
            xs.append([cat["x"][k]]), ys.append([cat["y"][k]]), ws.append([weight[k]])
        else:
            xs.append(points[:, 0]), ys.append(points[:, 1]), ws.append(np.full(len(points), weight[k] / len(points)))
    if xs:
        i, j = _cell(np.concatenate(xs), np.concatenate(ys))
        w = np.concatenate(ws)
        inside = (i >= 0) & (i < NY) & (j >= 0) & (j < NX)
        np.add.at(grid, (i[inside], j[inside]), w[inside])
    return grid


def _smooth(grid: np.ndarray, width_km: float) -> np.ndarray:
    """Gaussian smoothing (Frankel 1995: weights e^(−Δ²/c²), normalised), separable, c = width_km."""
    half = int(math.ceil(2.5 * width_km / CELL_KM))
    offsets = np.arange(-half, half + 1) * CELL_KM
    kernel = np.exp(-(offsets / width_km) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(grid, half)
    rows = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 1, padded)
    return np.apply_along_axis(lambda c: np.convolve(c, kernel, mode="same"), 0, rows)[half:-half, half:-half]


def _widths(cat: dict, chosen: np.ndarray) -> np.ndarray:
    """Adaptive smoothing (Helmstetter et al. 2007): each chosen event's kernel width is the distance to its
    NEIGHBOURS-th nearest chosen event, rounded up to one of SMOOTHING_KM (the narrowest also the least)."""
    x, y = cat["x"][chosen], cat["y"][chosen]
    nearest = np.empty(len(x))
    for start in range(0, len(x), 500):
        d = np.hypot(x[start:start + 500, None] - x[None, :], y[start:start + 500, None] - y[None, :])
        k = min(NEIGHBOURS, len(x) - 1)
        nearest[start:start + 500] = np.partition(d, k, axis=1)[:, k] if k > 0 else SMOOTHING_KM[-1]
    widths = np.full(len(cat["m"]), SMOOTHING_KM[0])
    index = np.minimum(np.searchsorted(SMOOTHING_KM, nearest), len(SMOOTHING_KM) - 1)
    widths[chosen] = np.asarray(SMOOTHING_KM)[index]
    return widths


def _zone_rates(cat: dict, chosen: np.ndarray, spread: dict) -> tuple[np.ndarray, float, float]:
    """A zone's smoothed yearly rate of MLH ≥ M_MIN per cell, its Weichert b and largest magnitude."""
    since = psha.complete_since(cat["m"])
    complete = chosen & (cat["year"] >= since)
    b, _ = psha.b_value_weichert(cat["m"][complete], psha.END_YEAR - since[complete])
    first = psha.COMPLETENESS[0][1]
    weight = np.where(cat["year"] >= first, 0.5 / (psha.END_YEAR - first), 0.0)  # MLH ≥ 4 since 1965
    long = cat["m"] >= psha.COMPLETENESS[1][0]  # MLH ≥ 5 over their complete periods, as MLH ≥ 4 by b
    weight = weight + np.where(long, 0.5 / np.maximum(psha.END_YEAR - since, 1) * 10 ** (
        b * (psha.COMPLETENESS[1][0] - M_MIN)), 0.0)
    widths = _widths(cat, complete)
    rates = np.zeros((NY, NX))
    for width in SMOOTHING_KM:
        rates += _smooth(_counts(cat, complete & (widths == width), weight, spread), width)
    return rates, b, float(cat["m"][chosen].max(initial=M_MIN))


def _kernels(*, b: float, m_max: float, depth_km: float, shape: tuple[int, int]) -> np.ndarray:
    """FFT of the exceedance kernels of one source class, one per level: around a cell with a yearly rate of 1 of
    MLH ≥ M_MIN, the yearly rate at which each cell's intensity exceeds the level."""
    half = int(REACH_KM / CELL_KM)
    offsets = np.arange(-half, half + 1) * CELL_KM
    epicentral = np.hypot(offsets[:, None], offsets[None, :])
    distance = np.sqrt(epicentral ** 2 + depth_km ** 2)
    magnitudes, rates = psha.gr_rates(rate_above=1.0, b=b, m_min=M_MIN, m_max=m_max)
    table_r = np.unique(np.round(distance, 0))
    curves = np.stack([psha.hazard_curve(LEVELS, magnitudes=magnitudes, rates=rates, distance_km=r) for r in table_r])
    index = np.searchsorted(table_r, np.round(distance, 0))
    kernel = np.where(epicentral[..., None] <= REACH_KM, curves[index], 0.0)  # (2h+1, 2h+1, levels)
    padded = np.zeros((*shape, len(LEVELS)))
    padded[:kernel.shape[0], :kernel.shape[1]] = kernel
    padded = np.roll(padded, (-half, -half), axis=(0, 1))
    return np.fft.rfft2(padded, axes=(0, 1))


def _sources(cat: dict, spread: dict, faults: np.ndarray) -> list[tuple[np.ndarray, float, float, float]]:
    """The source classes: (rate grid of MLH ≥ M_MIN, b, maximum magnitude, depth)."""
    main = psha.decluster(days=cat["days"], x_km=cat["x"], y_km=cat["y"], magnitude=cat["m"])
    crustal = main & (cat["depth"] < DEEP_KM)
    rates, b, largest = _zone_rates(cat, crustal, spread)
    sources = [(np.where(faults, rates, 0.0), b, largest, CRUSTAL_DEPTH_KM),
               (np.where(faults, 0.0, rates), b, min(OFF_FAULT_MMAX, largest), CRUSTAL_DEPTH_KM)]
    deep = main & (cat["depth"] >= DEEP_KM)
    if deep.any():
        deep_rates, deep_b, deep_largest = _zone_rates(cat, deep, spread)
        for low, high, depth in DEEP_BINS:
            share = (deep & (cat["depth"] >= low) & (cat["depth"] < high)).sum() / deep.sum()
            if share:
                sources.append((deep_rates * share, deep_b, deep_largest, depth))
    return sources


def _fast_size(n: int) -> int:
    """The smallest size ≥ n with no prime factor above 5 (fast FFTs)."""
    while True:
        rest = n
        for p in (2, 3, 5):
            while rest % p == 0:
                rest //= p
        if rest == 1:
            return n
        n += 1


def hazard_grid(cursor, features: str) -> tuple[np.ndarray | None, dict]:
    """The 475-year MSK-64 intensity of every grid cell from the catalogues and faults in `features` (None
    without a catalogue) and the model's parameters for the evidence."""
    cat = _catalogue(cursor, features)
    if len(cat["m"]) == 0:
        return None, {}
    sources = _sources(cat, catalogue_spread(cursor, features), _fault_mask(cursor, features))
    half = int(REACH_KM / CELL_KM)
    shape = (_fast_size(NY + half + 1), _fast_size(NX + half + 1))
    total = np.zeros((shape[0], shape[1] // 2 + 1, len(LEVELS)), dtype=complex)
    for rates, b, m_max, depth in sources:
        if m_max > M_MIN and rates.any():
            spectrum = np.fft.rfft2(np.pad(rates, ((0, shape[0] - NY), (0, shape[1] - NX))))
            total += spectrum[..., None] * _kernels(b=b, m_max=m_max, depth_km=depth, shape=shape)
    curves = np.fft.irfft2(total, s=shape, axes=(0, 1))[:NY, :NX]
    grid = psha.level_at_rate(LEVELS, curves, 1 / RETURN_PERIOD)
    model = {"b_crustal": round(float(sources[0][1]), 2), "mmax_crustal": float(sources[0][2]),
             "b_intermediate": round(float(sources[2][1]), 2) if len(sources) > 2 else None}
    return grid, model


def _unit_cells(cursor) -> dict[str, np.ndarray]:
    """Per unit key: the flat indices of the grid cells whose centres fall inside it, or the cell of its point on
    surface when none does. Needs the temporary view unit_parts (levels.prepare_units)."""
    cursor.execute(f"""
        WITH cells AS (
            SELECT DISTINCT p.key, gy * {NX} + gx AS cell
            FROM unit_parts p,
                 generate_series(floor((ST_XMin(p.g_m) / 1000 - {X0_KM}) / {CELL_KM})::int,
                                 floor((ST_XMax(p.g_m) / 1000 - {X0_KM}) / {CELL_KM})::int) gx,
                 generate_series(floor((ST_YMin(p.g_m) / 1000 - {Y0_KM}) / {CELL_KM})::int,
                                 floor((ST_YMax(p.g_m) / 1000 - {Y0_KM}) / {CELL_KM})::int) gy
            WHERE gx BETWEEN 0 AND {NX - 1} AND gy BETWEEN 0 AND {NY - 1}
              AND ST_Intersects(p.g_m, ST_SetSRID(ST_MakePoint(({X0_KM} + (gx + 0.5) * {CELL_KM}) * 1000,
                                                               ({Y0_KM} + (gy + 0.5) * {CELL_KM}) * 1000),
                                                  {EQUIDISTANT_SRID})))
        SELECT key, array_agg(cell) FROM cells GROUP BY key
        UNION ALL
        (SELECT DISTINCT ON (p.key) p.key,
                ARRAY[floor((ST_Y(s) / 1000 - {Y0_KM}) / {CELL_KM})::int * {NX}
                      + floor((ST_X(s) / 1000 - {X0_KM}) / {CELL_KM})::int]
         FROM unit_parts p, LATERAL ST_PointOnSurface(p.g_m) s
         WHERE p.key NOT IN (SELECT key FROM cells)
         ORDER BY p.key, ST_Area(p.g_m) DESC)""")
    return {key: np.array(cells, dtype=int) for key, cells in cursor.fetchall()}


def intensity_per_unit(cursor, features: str) -> dict[str, dict]:
    """Per unit key: the highest 475-year intensity of its cells and where it is (lon, lat), from the catalogues
    and faults in `features`; empty without a catalogue. Needs the temporary view unit_parts."""
    grid, model = hazard_grid(cursor, features)
    if grid is None:
        return {}
    flat = grid.ravel()
    result = {}
    for key, cells in _unit_cells(cursor).items():
        cells = cells[(cells >= 0) & (cells < flat.size)]
        if len(cells):
            best = cells[np.argmax(flat[cells])]
            result[key] = {"intensity": round(float(flat[best]), 1), "cell": int(best), "model": model}
    _locate(cursor, result)
    return result


def _locate(cursor, result: dict) -> None:
    cells = sorted({value["cell"] for value in result.values()})
    if not cells:
        return
    cursor.execute(f"""
        SELECT c, round(ST_X(p)::numeric, 2), round(ST_Y(p)::numeric, 2)
        FROM unnest(%s::int[]) c,
             LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(({X0_KM} + (mod(c, {NX}) + 0.5) * {CELL_KM}) * 1000,
                                                          ({Y0_KM} + (c / {NX} + 0.5) * {CELL_KM}) * 1000),
                                             {EQUIDISTANT_SRID}), 4326) p""", [cells])
    where = {cell: [float(lon), float(lat)] for cell, lon, lat in cursor.fetchall()}
    for value in result.values():
        value["at"] = where[value.pop("cell")]


def intensity_at(cursor, grid: np.ndarray, lon: float, lat: float) -> float:
    """The 475-year intensity of the grid cell holding the point (lon, lat)."""
    cursor.execute(f"SELECT ST_X(p) / 1000, ST_Y(p) / 1000 FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), "
                   f"{EQUIDISTANT_SRID}) p", [lon, lat])
    x, y = cursor.fetchone()
    i, j = _cell(np.array([x]), np.array([y]))
    return round(float(grid[i[0], j[0]]), 1)
