"""Countries and administrative areas of the region from the fixture files (see fixtures/region/SOURCES.md).

Each loader upserts: a row is written only when its values differ, so a second run changes nothing."""

from dataclasses import dataclass, field
from pathlib import Path

import pyogrio
import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection

from hazards.models import AdminArea, Country

from .nesting import NestArea, areas_nest

MEMBERS = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}

# Kazakh country names (not in Natural Earth) and the short names the member states use in Russian
# (Natural Earth has the older "Киргизия", "Туркмения"). Added by the project; see SOURCES.md.
COUNTRY_NAMES = {
    "KAZ": {"kk": "Қазақстан"}, "KGZ": {"kk": "Қырғызстан", "ru": "Кыргызстан"},
    "TJK": {"kk": "Тәжікстан"}, "TKM": {"kk": "Түрікменстан", "ru": "Туркменистан"},
    "UZB": {"kk": "Өзбекстан"}, "RUS": {"kk": "Ресей"}, "CHN": {"kk": "Қытай"}, "AFG": {"kk": "Ауғанстан"},
    "IRN": {"kk": "Иран"}, "MNG": {"kk": "Моңғолия"}, "PAK": {"kk": "Пәкістан"}, "IND": {"kk": "Үндістан"},
    "AZE": {"kk": "Әзірбайжан"}, "GEO": {"kk": "Грузия"}, "ARM": {"kk": "Армения"}, "TUR": {"kk": "Түркия"},
    "IRQ": {"kk": "Ирак"},
}
# Corrections of Who's On First names known to be wrong or outdated in the source (SOURCES.md, caveats).
WOF_FIXES = {
    ("UZB", "UZ-TK"): {"name_ru": "Ташкент", "name_kk": "Ташкент"},
    ("TKM", "TM.DA"): {"name_en": "Dashoguz"},
    ("TKM", "TM.LE"): {"name_en": "Lebap"},
}
KAZ_CITIES = {"KZ71", "KZ75", "KZ79"}  # Astana, Almaty, Shymkent: cities of republican significance


def _valid(geom):
    return shapely.make_valid(geom) if not shapely.is_valid(geom) else geom


def _multipolygon(geom) -> GEOSGeometry:
    geom = _valid(geom)
    polygons = [p for g in shapely.get_parts(geom) for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    return GEOSGeometry(memoryview(shapely.MultiPolygon(polygons).wkb), srid=4326)


def row_upsert(model, lookup: dict, values: dict) -> tuple[object, list[str]]:
    """Create or update a row; save only when a value differs. Returns (row, names of the changed fields;
    all of them for a new row)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), list(values)
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if changed:
        for key in changed:
            setattr(row, key, values[key])
        row.save(update_fields=changed)
    return row, changed


def _text(value) -> str:
    return "" if value is None or value != value else str(value).strip()  # value != value: NaN


def load_countries(path: Path) -> bool:
    """Upsert the countries of Natural Earth admin-0 and rebuild their subdivided parts if any changed."""
    changed = False
    for row in pyogrio.read_dataframe(path).itertuples():
        iso3 = row.iso_a3 if row.iso_a3 not in (None, "-99") else row.adm0_a3
        fixes = COUNTRY_NAMES.get(iso3, {})
        _, row_changed = row_upsert(Country, {"iso3": iso3}, {
            "iso2": _text(row.iso_a2)[:2], "name_en": _text(row.name_en), "name_kk": fixes.get("kk", ""),
            "name_ru": fixes.get("ru", _text(row.name_ru)), "is_member": iso3 in MEMBERS,
            "population": int(float(row.pop_est)) if _text(row.pop_est) else None,
            "geom": _multipolygon(row.geometry), "source": "Natural Earth 1:10m admin-0 v5.1.1",
        })
        changed |= bool(row_changed)
    if changed or not Country.objects.filter(parts__isnull=False).exists():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM hazards_countrypart")
            cursor.execute(
                "INSERT INTO hazards_countrypart (country_id, geom) "
                "SELECT id, ST_Subdivide(ST_MakeValid(geom), 128) FROM hazards_country"
            )
            cursor.execute("ANALYZE hazards_countrypart")
    return changed


@dataclass
class AreaSource:
    """A boundary file and how its columns map to an admin area."""

    file: str
    iso3: str
    level: int
    code: str
    name_en: str
    name_ru: str = ""
    name_kk: str = ""
    parent: str = ""  # a column holding the parent's code, else the region overlapped most (region.nesting)
    source: str = ""
    licence: str = ""
    where: str | None = None
    ru_names_from_wof: bool = False
    parents: dict[str, str] = field(default_factory=dict)  # a district's region where the sources disagree (cited)


def load_admin_areas(directory: Path, sources: list[AreaSource], wof_file: str) -> int:
    """Upsert the admin areas of every source, nested (region.nesting: regions clipped to their country,
    districts to their region); returns the number of rows created or changed."""
    wof = pyogrio.read_dataframe(directory / wof_file)
    countries = {c.iso3: c for c in Country.objects.all()}
    read = [(spec, _area_values(row, spec, wof)) for spec in sources
            for row in pyogrio.read_dataframe(directory / spec.file, where=spec.where).itertuples()]
    nest = [NestArea(spec.iso3, spec.level, values["code"], values["geom"],
                     values.pop("parent_code", "") or spec.parents.get(values["code"], "")) for spec, values in read]
    areas_nest(nest, countries={iso3: shapely.from_wkb(bytes(c.geom.wkb)) for iso3, c in countries.items()})
    changed = 0
    for (spec, values), area in sorted(zip(read, nest, strict=True), key=lambda pair: pair[1].level):
        lookup = {"country": countries[spec.iso3], "level": spec.level, "code": values.pop("code")}
        values.update(WOF_FIXES.get((spec.iso3, lookup["code"]), {}), geom=_multipolygon(area.shape))
        if spec.level > 1:
            values["parent"] = AdminArea.objects.filter(country=lookup["country"], level=spec.level - 1,
                                                        code=area.parent_code).first()
        changed += bool(row_upsert(AdminArea, lookup, values)[1])
    return changed


def _area_values(row, spec: AreaSource, wof) -> dict:
    get = row._asdict().get
    values = {
        "code": _text(get(spec.code)), "name_en": _text(get(spec.name_en)),
        "name_ru": _text(get(spec.name_ru)) if spec.name_ru else "",
        "name_kk": _text(get(spec.name_kk)) if spec.name_kk else "",
        "geom": _valid(row.geometry), "source": spec.source, "licence": spec.licence,
    }
    if spec.parent:
        values["parent_code"] = _kaz_code(_text(get(spec.parent)))
    if spec.iso3 == "KAZ":
        values.update(_kaz_names(values, spec))
    if spec.ru_names_from_wof:
        match = _best_wof_match(row.geometry, wof[wof.iso_country == spec.iso3[:2]])
        if match is not None:
            values["name_ru"] = _text(match.name_ru).replace(" Область", " область")
            values["name_kk"] = _text(match.name_kk)
    return values


def _kaz_code(pcode: str) -> str:
    """geokz admin-1 pcode KZ10 → ISO 3166-2 code KZ-10 (the code the atlas keys Kazakh regions by)."""
    return f"KZ-{pcode[2:]}" if pcode.startswith("KZ") and "-" not in pcode else pcode


def _kaz_names(values: dict, spec: AreaSource) -> dict:
    """geokz gives region names as adjectives ("Абайская", "Абай"); complete them as "Абайская область",
    "Абай облысы" (not for the three cities)."""
    if spec.level != 1 or values["code"] in {_kaz_code(c) for c in KAZ_CITIES}:
        return {}
    return {"name_ru": f"{values['name_ru']} область", "name_kk": f"{values['name_kk']} облысы",
            "name_en": f"{values['name_en']} Region"}


def _best_wof_match(geom, candidates):
    """The Who's On First region overlapping `geom` most (intersection over union, at least 0.2: city
    regions such as Dushanbe are drawn much larger in Who's On First)."""
    best, best_score = None, 0.2
    for cand in candidates.itertuples():
        inter = shapely.area(shapely.intersection(geom, cand.geometry))
        if inter <= 0:
            continue
        score = inter / shapely.area(shapely.union(geom, cand.geometry))
        if score > best_score:
            best, best_score = cand, score
    return best
