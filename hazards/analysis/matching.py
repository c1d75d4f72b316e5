"""One object, one entry: a feature of another layer (a power plant of WRI GPPD, a Natural Earth reservoir, an
outburst of HMAGLOFDB) that is an object of the curated register (fixtures/basins/objects.csv) is matched to it by
name and distance, and its analysis records the register object's code (`same_as`) and the distance.

The rule (docs/analysis.md, "One object, one entry"): the two points (or the point and the outline) are at most
MATCH_KM apart, and one significant word of the names is the same word once folded — lower case, Cyrillic
transliterated, punctuation dropped, the generic words of dams, plants, reservoirs and lakes in any of the atlas's
languages left out, and a word counting as the same when one is the other's spelling variant (at least 5 letters in
common at the start, as Kapchagay/Kapchagan, Bukhtarma/Bukhtarminskaya, or a difflib ratio ≥ 0.8, as
Kairakkum/Kayrakkum). Numbers must agree when both names have one (Sangtuda-1 is not Sangtuda-2). Of several
register objects, the nearest wins."""

import re
from difflib import SequenceMatcher

from django.db import connection
from django.db.backends.utils import CursorWrapper

from hazards.models import Layer

MATCH_KM = 10.0  # how far apart two records of one object may be (a plant's and a dam's point, a lake's outline)
PREFIX = 5
RATIO = 0.8
CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "a", "g", "k", "n",
                     "o", "u", "u", "h", "i"], strict=True))
GENERIC = frozenset((
    "dam", "dams", "reservoir", "reservoirs", "and", "hpp", "hpps", "hydroelectric", "hydro", "power",
    "plant", "plants", "station", "project", "cascade", "lake", "lakes", "glacial", "glacier", "suu",
    "saktagychy", "suv", "ombori", "vodokhranilishche", "ges", "gres", "gidroelektrostantsiya", "kyrgyzstan",
    "tajikistan", "uzbekistan", "kazakhstan", "turkmenistan", "afghanistan", "china", "jsc", "the", "of",
    "on", "complex", "stage", "under", "construction", "planned", "failed", "unnamed", "unknown", "su",
    "koymasy", "bogeni", "ozero", "kol", "kolu",
))


def name_fold(text: str) -> str:
    """`text` in lower case, Cyrillic letters transliterated to Latin, every character but letters, digits and
    spaces dropped: the form in which two spellings of one name compare."""
    latin = "".join(CYRILLIC.get(char, char) for char in (text or "").lower())
    return re.sub(r"[^a-z0-9 ]+", " ", latin)


def name_words(text: str) -> set[str]:
    """The significant words of a name (generic words of dams, plants, lakes and country names left out)."""
    words = set(name_fold(text).split())
    for word in list(words):  # "Sangtuda-1" and "Sangtuda 1" alike: a trailing number is a word of its own
        match = re.fullmatch(r"([a-z]+)([0-9]+)", word)
        if match:
            words |= {match.group(1), match.group(2)}
    return {word for word in words if word not in GENERIC}


def _same_word(a: str, b: str) -> bool:
    if a.isdigit() or b.isdigit():
        return a == b
    if min(len(a), len(b)) >= PREFIX and a[:PREFIX] == b[:PREFIX]:
        return True
    return SequenceMatcher(None, a, b).ratio() >= RATIO


def names_match(a: str, b: str) -> bool:
    """Whether two names can name one object: a significant word in common (spelling variants alike), and the
    same number when both carry one."""
    words_a, words_b = name_words(a), name_words(b)
    numbers_a = {word for word in words_a if word.isdigit()}
    numbers_b = {word for word in words_b if word.isdigit()}
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return False
    return any(_same_word(x, y) for x in words_a - numbers_a for y in words_b - numbers_b)


def _candidates(cursor: CursorWrapper, versions: list[int]) -> list[tuple]:
    """(feature id, its label, register code, register names, km) for every feature of `versions` on a river
    hazard layer and every published register object within MATCH_KM of it (a register object being a feature
    of a layer with the objects role whose river attribute holds a river code of the register)."""
    cursor.execute("""
        WITH register AS (
            SELECT r.properties ->> 'code' AS code, r.geom,
                   concat_ws(' / ', r.properties ->> 'name_en', r.properties ->> 'name_ru',
                             r.properties ->> 'name_kk') AS names
            FROM hazards_published_feature r
            JOIN hazards_layer rl ON rl.id = r.layer_id AND rl.role = %s AND rl.river_field <> ''
            JOIN hazards_river rv ON rv.code = r.properties ->> rl.river_field
            WHERE r.properties ? 'code'
        )
        SELECT f.id, coalesce(f.properties ->> l.label_field, ''), g.code, g.names,
               ST_Distance(g.geom::geography, f.geom::geography) / 1000
        FROM hazards_feature f
        JOIN hazards_layerversion v ON v.id = f.version_id
        JOIN hazards_layer l ON l.id = v.layer_id AND l.river_hazard AND l.label_field <> ''
        JOIN register g ON g.geom && ST_Expand(f.geom, %s / 111.0 / 0.5)
         AND ST_DWithin(g.geom::geography, f.geom::geography, %s * 1000)
        WHERE f.version_id = ANY(%s::bigint[])
          AND NOT EXISTS (SELECT 1 FROM hazards_river x WHERE x.code = f.properties ->> l.river_field)""",
                   [Layer.Role.OBJECTS, MATCH_KM, MATCH_KM, versions])
    return cursor.fetchall()


def objects_match(cursor: CursorWrapper, versions: list[int]) -> int:
    """Record in the analysis of every feature of `versions` the register object it is the same object as (a
    register object is its own: same_as is its code, at 0 km); returns how many features of other layers
    matched. The rows of `versions` must exist (hazards.analysis.features writes them first)."""
    best: dict[int, tuple[str, float]] = {}
    for feature_id, label, code, names, km in _candidates(cursor, versions):
        if names_match(label, names) and (feature_id not in best or km < best[feature_id][1]):
            best[feature_id] = (code, float(km))
    cursor.execute("""
        UPDATE hazards_featureanalysis a SET same_as = f.properties ->> 'code', same_as_km = 0
        FROM hazards_feature f
        JOIN hazards_layerversion v ON v.id = f.version_id
        JOIN hazards_layer l ON l.id = v.layer_id AND l.role = %s AND l.river_field <> ''
        JOIN hazards_river r ON r.code = f.properties ->> l.river_field
        WHERE a.feature_id = f.id AND a.version_id = f.version_id AND f.properties ? 'code'
          AND f.version_id = ANY(%s::bigint[]) AND a.version_id = ANY(%s::bigint[])""",
                   [Layer.Role.OBJECTS, versions, versions])
    if best:
        cursor.executemany("""
            UPDATE hazards_featureanalysis SET same_as = %s, same_as_km = round(%s::numeric, 2)
            WHERE feature_id = %s AND version_id = ANY(%s::bigint[])""",
                           [(code, km, feature_id, versions) for feature_id, (code, km) in best.items()])
    return len(best)


def matches_list() -> list[dict]:
    """Every published feature of another layer matched to a register object, for review: layer, the feature's
    label, the register code and the distance in km, sorted (what fixtures/basins/matches.csv holds)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.layer_slug, coalesce(f.label, ''), a.same_as, a.same_as_km
            FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            JOIN hazards_layer l ON l.id = f.layer_id
            WHERE a.same_as <> '' AND NOT EXISTS (
                SELECT 1 FROM hazards_river r WHERE r.code = f.properties ->> l.river_field)
            ORDER BY 3, 1, 2, 4""")
        return [{"layer": layer, "feature": label, "register": code, "km": f"{km:.2f}"}
                for layer, label, code, km in cursor.fetchall()]
