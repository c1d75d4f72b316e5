"""Which river of the register (hazards.models.River, fixtures/basins/rivers.csv) each river hazard is on, so that
every layer's points take their countries downstream from the one walk of the register's topology
(hazards.analysis.features). In order, the first answer wins:

1. the feature's river attribute holds a register code (the register's own objects);
2. it holds a name the register knows for a river (an inventory's river or basin name, e.g. HMAGLOFDB's
   River_Basin "Inylchek", "Ala Archa"), folded as names are, in a river that passes the feature's country;
3. the feature is the same object as a register object (hazards.analysis.matching): the object's river;
4. for a feature whose source names no river: the nearest part of the rivers layer whose name is a register
   river's (Natural Earth's "Naryn", "Syr Darya"…), within the hazard type's river snapping distance, on a river
   that passes the feature's country. A feature whose source names a river the register does not know (HMAGLOFDB's
   "Tong", a stream into Lake Issyk-Kul) is not snapped: its source says it is on another river, and the nearest
   register river across a ridge would be a wrong answer, worse than none.

The answers go into the temporary table feature_river (feature_id, code, rule)."""

from django.db.backends.utils import CursorWrapper

from hazards.models import Layer

from .matching import name_fold

RULES = ("register", "attribute", "same_object", "snapped")


def _fold(text: str) -> str:
    return name_fold(text).replace(" ", "")


def _aliases(cursor: CursorWrapper) -> dict[str, list[tuple[str, list[str]]]]:
    cursor.execute("SELECT code, countries, aliases || ARRAY[code::varchar] FROM hazards_river")
    known: dict[str, list[tuple[str, list[str]]]] = {}
    for code, countries, aliases in cursor.fetchall():
        for alias in {_fold(alias) for alias in aliases}:
            known.setdefault(alias, []).append((code, countries))
    return known


def _resolve(known: dict, name: str, countries: list[str]) -> str | None:
    """The register river named `name` that passes one of `countries` (None when none or several do)."""
    found = {code for code, passes in known.get(_fold(name), []) if set(passes) & set(countries or [])}
    return found.pop() if len(found) == 1 else None


def _by_attribute(cursor: CursorWrapper, versions: list[int], known: dict) -> None:
    cursor.execute("""
        SELECT f.id, f.properties ->> l.river_field, f.countries
        FROM hazards_feature f
        JOIN hazards_layerversion v ON v.id = f.version_id
        JOIN hazards_layer l ON l.id = v.layer_id AND l.river_hazard AND l.river_field <> ''
        WHERE f.version_id = ANY(%s::bigint[]) AND coalesce(f.properties ->> l.river_field, '') <> ''""",
                   [versions])
    rows = []
    for feature_id, value, countries in cursor.fetchall():
        code = value if any(value == c for c, _ in known.get(_fold(value), [])) else _resolve(known, value, countries)
        if code:
            rows.append((feature_id, code, RULES[0] if code == value else RULES[1]))
    cursor.executemany("INSERT INTO feature_river VALUES (%s, %s, %s)", rows)


def _part_rivers(cursor: CursorWrapper, known: dict) -> None:
    """Which register river each named part of the rivers layer is (by the river's folded names)."""
    cursor.execute("DROP TABLE IF EXISTS part_rivers")
    cursor.execute("CREATE TEMP TABLE part_rivers (name text PRIMARY KEY, code varchar, countries varchar[])")
    cursor.execute("SELECT DISTINCT name FROM river_parts WHERE name IS NOT NULL")
    rows = []
    for (name,) in cursor.fetchall():
        found = {(code, tuple(countries)) for code, countries in known.get(_fold(name), [])}
        if len(found) == 1:
            code, countries = found.pop()
            rows.append((name, code, list(countries)))
    cursor.executemany("INSERT INTO part_rivers VALUES (%s, %s, %s)", rows)
    # The parts of register rivers only, indexed: the snapping's nearest-part search walks this index alone.
    cursor.execute("DROP TABLE IF EXISTS register_parts")
    cursor.execute("""
        CREATE TEMP TABLE register_parts AS
        SELECT r.id, r.name, p.code, p.countries, r.g FROM river_parts r JOIN part_rivers p ON p.name = r.name""")
    cursor.execute("CREATE INDEX ON register_parts USING gist (g); ANALYZE register_parts")


def _by_same_object(cursor: CursorWrapper, versions: list[int]) -> None:
    cursor.execute("""
        INSERT INTO feature_river
        SELECT DISTINCT ON (a.feature_id) a.feature_id, r.properties ->> rl.river_field, %s
        FROM hazards_featureanalysis a
        JOIN hazards_published_feature r ON r.properties ->> 'code' = a.same_as
        JOIN hazards_layer rl ON rl.id = r.layer_id AND rl.role = %s AND rl.river_field <> ''
        JOIN hazards_river rv ON rv.code = r.properties ->> rl.river_field
        WHERE a.version_id = ANY(%s::bigint[]) AND a.same_as <> ''
          AND NOT EXISTS (SELECT 1 FROM feature_river x WHERE x.feature_id = a.feature_id)
        ORDER BY a.feature_id""", [RULES[2], Layer.Role.OBJECTS, versions])


def _by_snapping(cursor: CursorWrapper, versions: list[int]) -> None:
    cursor.execute("""
        INSERT INTO feature_river
        SELECT f.id, s.code, %s
        FROM hazards_feature f
        JOIN hazards_layerversion v ON v.id = f.version_id
        JOIN hazards_layer l ON l.id = v.layer_id AND l.river_hazard
        JOIN hazards_hazardtype h ON h.id = l.hazard_type_id AND h.river_snap_km > 0
        CROSS JOIN LATERAL (
            SELECT p.code FROM register_parts p
            WHERE p.g && ST_Expand(f.geom, h.river_snap_km / 111.0 / 0.5)
              AND ST_DWithin(p.g::geography, f.geom::geography, h.river_snap_km * 1000)
              AND p.countries && f.countries::varchar[]
            ORDER BY p.g <-> f.geom LIMIT 1
        ) s
        WHERE f.version_id = ANY(%s::bigint[]) AND coalesce(f.properties ->> l.river_field, '') = ''
          AND NOT EXISTS (SELECT 1 FROM feature_river x WHERE x.feature_id = f.id)""", [RULES[3], versions])


def features_river(cursor: CursorWrapper, versions: list[int]) -> None:
    """Fill the temporary table feature_river with the register river of every river hazard of `versions` that is
    on one (the rules of this module, in order). Needs river_parts (hazards.analysis.features) and the features'
    analysis rows with their `same_as` (hazards.analysis.matching)."""
    cursor.execute("DROP TABLE IF EXISTS feature_river")
    cursor.execute("CREATE TEMP TABLE feature_river (feature_id bigint PRIMARY KEY, code varchar, rule text)")
    known = _aliases(cursor)
    _by_attribute(cursor, versions, known)
    _by_same_object(cursor, versions)
    _part_rivers(cursor, known)
    _by_snapping(cursor, versions)
    cursor.execute("ANALYZE feature_river")
