"""Search across countries, admin areas, places, named features and layers, in Cyrillic or Latin.

Text is compared folded (SQL `atlas_fold`: lower case, Cyrillic transliterated, diacritics dropped; migration
0017), so Бишкек finds Bishkek and Toktogul finds Токтогульское водохранилище; each kind is one query backed by a
trigram GIN index on the folded names. Results are named in the reader's language where the data hold that name,
ranked (exact, then prefix, then word, then anywhere; bigger places and higher levels first), and the same place
from two sources (GeoNames, Natural Earth) is given once. Derived from the reader's audience: a restricted layer's
features never show to those who may not see it. Features are read from their read model (hazards.models.SearchEntry,
written when a version is published), never from the feature partitions."""

import json
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import connection
from django.utils.translation import get_language

from .access import audience_for
from .analysis.audience import ACCESS
from .i18n import localized
from .models import AdminArea, Country, HazardLevel, Layer
from .search_names import register_name, register_named
from .selectors import layers_visible

PLACE_ROLES = (str(Layer.Role.POPULATION), str(Layer.Role.PLACES))
FEATURE_ROWS = 60
KAZAKH_LETTERS = set("әіұһ")  # found in Kazakh only among the region's Cyrillic alphabets
KAZAKH_OR_KYRGYZ = set("ғқңөү")
OTHER_LETTERS = set("ӣӯҳҷўјђћљњџєїґ")  # Tajik, Uzbek, Serbian, Ukrainian
LEVEL_CODES = {int(level): level.code for level in HazardLevel}
LATIN = re.compile("[a-z]", re.IGNORECASE)
CLOSE_ENOUGH = 0.6  # similarity of an alternate name's transliteration to the main name's


@dataclass
class Hit:
    type: str
    id: str
    name: str
    detail: str
    bbox: list[float]
    score: float
    point: tuple[float, float] | None = None
    extra: dict = field(default_factory=dict)
    sources: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"type": self.type, "id": self.id, "name": self.name, "detail": self.detail,
                "bbox": [round(v, 5) for v in self.bbox], **self.extra}


def search(text: str, user, *, lang: str | None = None, limit: int = 15) -> list[dict]:
    """At most `limit` results for `text`, best first: {type, id, name, detail, bbox [W, S, E, N], …}; features
    also carry their `layer` and `level`, places their `population`."""
    lang = (lang or get_language() or "ru")[:2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT atlas_fold(%s)", [text])
        query = cursor.fetchone()[0] or ""
        if not query:
            return []
        named = register_named(cursor, query, like_pattern(query))
        pattern = [like_pattern(text) for text in (query, *named.spellings)]
        rows = _feature_rows(cursor, query, audience_for(user), named.spellings)
        folds = _folds(cursor, [r["label"] for r in rows] + [a for r in rows for a in _cyrillic_alternates(r)]
                       + [register_name(r["props"], code) for r in rows for code in ("ru", "en", "kk")])
        terms = (query, *named.spellings)
        hits = [*_countries(cursor, pattern, terms, lang, folds), *_areas(cursor, pattern, terms, lang, folds)]
        hits += [_feature_hit(row, terms, lang, folds) for row in rows]
        hits += _layers(cursor, pattern, query, user, folds)
    ranked = sorted(_merged(hits, folds), key=lambda h: -h.score)
    return [h.as_dict() for h in ranked[:limit]]


def _folds(cursor, texts: list[str]) -> dict[str, str]:
    """Each text folded by the database's `atlas_fold` (the one definition of folding)."""
    unique = sorted({t for t in texts if t})
    if not unique:
        return {}
    cursor.execute("SELECT x, atlas_fold(x) FROM unnest(%s::text[]) x", [unique])
    return dict(cursor.fetchall())


def _match_score(name_fold: str, query: str | tuple[str, ...]) -> float:
    """How well a folded name answers the folded query: exact 1, prefix .85, a word's start .7, inside .5, and .3
    when only another attribute matched. Given the query and the register's other spellings of what it names, the
    best of them counts (a spelling of the register just below the query itself)."""
    if isinstance(query, tuple):
        first, *others = query
        return max([_match_score(name_fold, first), *(_match_score(name_fold, o) - 0.01 for o in others)])
    if name_fold == query:
        return 1.0
    if name_fold.startswith(query):
        return 0.85
    if f" {query}" in name_fold:
        return 0.7
    return 0.5 if query in name_fold else 0.3


def _countries(cursor, pattern, query, lang, folds) -> list[Hit]:
    cursor.execute("""
        SELECT iso3, name_ru, name_en, name_kk, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
        FROM hazards_country
        WHERE atlas_fold(name_ru || ' ' || name_en || ' ' || name_kk || ' ' || iso3) LIKE ANY(%s)
        LIMIT 20""", [pattern])
    hits = []
    for iso3, ru, en, kk, *bbox in cursor.fetchall():
        country = Country(iso3=iso3, name_ru=ru, name_en=en, name_kk=kk)
        name = localized(country, "name", lang)
        score = max(_match_score(folds.get(n) or _lower(n), query) for n in (ru, en, kk) if n)
        hits.append(Hit("country", iso3, name, "", bbox, score + 0.3))
    return hits


def _lower(text: str) -> str:
    return (text or "").lower()


# Admin areas whose folded names contain the query or another spelling of what it names; with the names register's
# object a first-level area is (one of its names one of the object's spellings): its key and current names.
AREAS = """
    SELECT a.code, a.level, a.name_ru, a.name_en, a.name_kk, c.name_ru, c.name_en, c.name_kk,
           atlas_fold(a.name_ru), atlas_fold(a.name_en), atlas_fold(a.name_kk),
           ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom), c.iso3,
           g.key, g.name_ru, g.name_en, g.name_kk
    FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id
    LEFT JOIN LATERAL (
        SELECT r.key, r.name_ru, r.name_en, r.name_kk FROM hazards_registername r
        WHERE a.level = 1 AND r.kind IN ('admin1', 'city')
          AND r.folds && ARRAY[atlas_fold(a.name_ru), atlas_fold(a.name_en), atlas_fold(a.name_kk)]
        ORDER BY r.kind, r.key LIMIT 1) g ON true
    WHERE atlas_fold(a.name_ru || ' ' || a.name_en || ' ' || a.name_kk) LIKE ANY(%s)
    ORDER BY a.level, a.name_en LIMIT 30"""


def _areas(cursor, pattern, query, lang, folds) -> list[Hit]:
    cursor.execute(AREAS, [pattern])
    hits = []
    for code, level, ru, en, kk, c_ru, c_en, c_kk, f_ru, f_en, f_kk, *rest in cursor.fetchall():
        *bbox, iso3, key, r_ru, r_en, r_kk = rest
        # The register's current names first (Кашкадарьинская область), the boundaries' where it has none.
        area = AdminArea(name_ru=r_ru or ru, name_en=r_en or en, name_kk=r_kk or kk)
        country = localized(Country(name_ru=c_ru, name_en=c_en, name_kk=c_kk), "name", lang)
        score = max(_match_score(f, query) for f in (f_ru, f_en, f_kk) if f)
        extra = {"country": iso3, "level": level, **({"register": key} if key else {})}
        hits.append(Hit("admin_area", code, localized(area, "name", lang), country, bbox,
                        score + (0.15 if level == 1 else 0.1), extra=extra))
    return hits


# Search entries (hazards.models.SearchEntry) of the published versions whose layers the audience may see, whose
# folded text contains the query, the best named first; parameters: feature_params().
FEATURES = """
    SELECT l.slug, e.fid, e.label, e.names, l.label_field, l.population_field, l.role, e.level, h.code,
           e.countries, l.title_ru, l.title_en, l.title_kk, e.west, e.south, e.east, e.north, e.x, e.y
    FROM hazards_searchentry e
    JOIN hazards_layer l ON l.published_version_id = e.version_id AND l.kind = 'vector' AND l.access = ANY(%(access)s)
    JOIN hazards_hazardtype h ON h.id = l.hazard_type_id
    WHERE e.text LIKE ANY(%(p)s)
    ORDER BY e.label_fold = ANY(%(q)s) DESC, e.label_fold LIKE %(prefix)s DESC, e.level DESC NULLS LAST, e.feature_id
    LIMIT %(limit)s"""


def like_pattern(query: str) -> str:
    """LIKE's pattern for "contains `query`", its wildcards searched for, not obeyed."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def feature_params(query: str, audience: str, spellings: tuple[str, ...] = ()) -> dict:
    """The parameters of FEATURES for the folded `query` (atlas_fold), the register's other `spellings` of what
    it names, and `audience`."""
    pattern = like_pattern(query)
    return {"p": [pattern, *map(like_pattern, spellings)], "q": [query, *spellings], "prefix": pattern[1:],
            "access": list(ACCESS[audience]), "limit": FEATURE_ROWS}


def _feature_rows(cursor, query, audience, spellings=()) -> list[dict]:
    """Places and named objects whose attributes contain the folded `query` or another spelling of what it names,
    the best named first."""
    cursor.execute(FEATURES, feature_params(query, audience, spellings))
    names = ["slug", "fid", "label", "props", "label_field", "population_field", "role", "level", "hazard",
             "countries", "title_ru", "title_en", "title_kk", "w", "s", "e", "n", "x", "y"]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:  # Django's connection hands jsonb over as text
        row["props"] = json.loads(row["props"]) if isinstance(row["props"], str) else (row["props"] or {})
    return rows


def _cyrillic_alternates(row: dict) -> list[str]:
    """The Cyrillic names among a feature's alternate names (GeoNames `alternatenames`, '|' or ',' separated)."""
    raw = (row["props"] or {}).get("alternatenames") or ""
    parts = raw.split("|") if "|" in raw else raw.split(",")
    return [p.strip() for p in parts if p.strip() and not LATIN.search(p)
            and any("а" <= ch.lower() <= "я" or ch.lower() in "ёәіұһғқңөү" for ch in p)]


def _alternate_in(row: dict, lang: str, folds: dict) -> str:
    """The alternate name in `lang`'s script and alphabet: for Kazakh one written with Kazakh letters, for Russian
    one without letters Russian lacks; of several, the one closest to the main name's transliteration."""
    letters = [set(a.lower()) for a in _cyrillic_alternates(row)]
    names = _cyrillic_alternates(row)
    if lang == "kk":
        fitting = [n for n, s in zip(names, letters, strict=True)
                   if s & KAZAKH_LETTERS or (s & KAZAKH_OR_KYRGYZ and not s & OTHER_LETTERS)]
    else:
        fitting = [n for n, s in zip(names, letters, strict=True)
                   if not s & (KAZAKH_LETTERS | KAZAKH_OR_KYRGYZ | OTHER_LETTERS)]
    # Only a form that reads like the main name: not a former name (Фрунзе for Bishkek, Верный for Almaty).
    main = folds.get(row["label"], "")
    close = [(SequenceMatcher(None, folds.get(n, ""), main).ratio(), n) for n in fitting]
    return max((c for c in close if c[0] >= CLOSE_ENOUGH), default=(0, ""))[1]


def feature_name(row: dict, lang: str, folds: dict) -> str:
    """A feature's name in `lang` where its attributes hold one (label_xx, name_xx, a fitting alternate name),
    falling back as the atlas does (Russian, English, Kazakh) and finally to its label."""
    props = row["props"] or {}
    for code in dict.fromkeys((lang, "ru", "en", "kk")):
        if registered := register_name(props, code):  # the names register's current name (Алматы, Бохтар)
            return registered
        keys = [f"{row['label_field']}_{code}"] if row["label_field"] else []
        for key in [*keys, f"name_{code}"]:
            if isinstance(props.get(key), str) and props[key].strip():
                return props[key]
        if code != "en" and (alternate := _alternate_in(row, code, folds)):
            return alternate
        if code == "en" and row["label"]:
            return row["label"]
    return row["label"] or str(row["fid"])


def _feature_hit(row: dict, query: tuple[str, ...], lang: str, folds: dict) -> Hit:
    name = feature_name(row, lang, folds)
    title = localized(Layer(title_ru=row["title_ru"], title_en=row["title_en"], title_kk=row["title_kk"]),
                      "title", lang)
    score = max(_match_score(folds.get(n) or "", query) for n in {name, row["label"]})
    point = (row["x"], row["y"])
    bbox = [row["w"] - 0.05, row["s"] - 0.05, row["e"] + 0.05, row["n"] + 0.05]
    extra = {"layer": row["slug"], "fid": row["fid"], "level": LEVEL_CODES.get(row["level"]),
             "countries": row["countries"]}
    if row["props"].get("register"):  # the names register's object the feature is
        extra["register"] = row["props"]["register"]
    if row["role"] in PLACE_ROLES:
        population = _population(row)
        extra["population"] = population
        hit = Hit("place", f"{row['slug']}/{row['fid']}", name, title, bbox,
                  score + min(0.25, math.log10((population or 0) + 1) / 28), point, extra)
        hit.extra["geonameid"] = _int((row["props"] or {}).get("geonameid"))
    else:
        hit = Hit("feature", f"{row['slug']}/{row['fid']}", name, title, bbox, score + (row["level"] or 0) * 0.03,
                  point, extra)
    hit.sources.add(row["slug"])
    return hit


def _int(value) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _population(row: dict) -> int | None:
    return _int((row["props"] or {}).get(row["population_field"])) if row["population_field"] else None


def _layers(cursor, pattern, query, user, folds) -> list[Hit]:
    visible = {layer.pk: layer for layer in layers_visible(user)}
    if not visible:
        return []
    cursor.execute("""
        SELECT id, atlas_fold(title_ru), atlas_fold(title_en), atlas_fold(title_kk) FROM hazards_layer
        WHERE atlas_fold(title_ru || ' ' || title_en || ' ' || title_kk) LIKE ANY(%s) AND id = ANY(%s)""",
                   [pattern, list(visible)])
    hits = []
    for pk, *title_folds in cursor.fetchall():
        layer = visible[pk]
        score = max(_match_score(f, query) for f in title_folds if f)
        hits.append(Hit("layer", layer.slug, layer.title, localized(layer.hazard_type, "name"),
                        layer.published_version.bbox or [44, 33, 90, 57], score + 0.1))
    return hits


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111.32 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, (a[1] - b[1]) * 110.57)


def _same(a: Hit, b: Hit, folds: dict) -> bool:
    """The same object from two sources: places with one GeoNames id, or one name within 20 km (places) or 2 km
    (other features)."""
    if a.type != b.type or a.type not in ("place", "feature") or not (a.point and b.point):
        return False
    if a.type == "place" and a.extra.get("geonameid") and a.extra.get("geonameid") == b.extra.get("geonameid"):
        return True
    same_name = (folds.get(a.name) or a.name.lower()) == (folds.get(b.name) or b.name.lower())
    return same_name and _km(a.point, b.point) <= (20 if a.type == "place" else 2)


def _merged(hits: list[Hit], folds: dict) -> list[Hit]:
    """One hit per object: the best-scored of duplicates keeps its place, the others add their sources."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: -h.score):
        twin = next((k for k in kept if _same(k, hit, folds)), None)
        if twin is None:
            kept.append(hit)
            continue
        twin.sources |= hit.sources
        if twin.extra.get("population") is None and hit.extra.get("population") is not None:
            twin.extra["population"] = hit.extra["population"]
    for hit in kept:
        if len(hit.sources) > 1:
            hit.extra["sources"] = sorted(hit.sources)
    return kept
