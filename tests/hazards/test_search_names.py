"""Search finds what people type: every spelling of every object of the atlas's registers (the names register
fixtures/names/names.csv, the rivers and the objects of fixtures/basins) that the atlas holds — as a feature of a
published layer or as an admin area — is searched through the API as a client would, and a result must be that
object (its `register` key). Each failure is reported with what was searched and what came back. Objects no layer
holds (rivers without a line, planned dams without a position, events of no layer yet) are listed in
docs/analysis.md, not searched."""

import pytest
from django.conf import settings
from django.db import connection

from hazards.search import AREAS
from region.names import register_rows, spellings_of
from tests.plans import explain, table_reads

pytestmark = pytest.mark.django_db
BASINS = settings.BASE_DIR / "fixtures" / "basins"
NAMES = settings.BASE_DIR / "fixtures" / "names" / "names.csv"


def _folds(texts: list[str]) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT x, atlas_fold(x) FROM unnest(%s::text[]) x", [texts])
        return dict(cursor.fetchall())


def _search(client, q: str, lang: str = "ru") -> list[dict]:
    response = client.get("/api/v1/search/", {"q": q}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, (q, response.content[:200])
    return response.json()["results"]


# The register's objects the atlas holds: features of published versions (their search entries carry the key)
# and first-level admin areas one of whose names is one of the object's spellings.
HELD = """
    SELECT DISTINCT e.names ->> 'register' FROM hazards_searchentry e
    JOIN hazards_layer l ON l.published_version_id = e.version_id WHERE e.names ? 'register'
    UNION
    SELECT r.key FROM hazards_registername r JOIN hazards_adminarea a ON a.level = 1 AND r.kind IN ('admin1', 'city')
        AND r.folds && ARRAY[atlas_fold(a.name_ru), atlas_fold(a.name_en), atlas_fold(a.name_kk)]"""


def _held() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(HELD)
        return {key for (key,) in cursor.fetchall()}


def _misses(client, rows: list[dict]) -> list[str]:
    """`spelling → object: first results` for every spelling whose search gives no result that is the object."""
    missed = []
    for row in rows:
        for spelling in row["spellings"]:
            results = _search(client, spelling)
            if not any(r.get("register") == row["key"] for r in results):
                missed.append(f"{spelling} → {row['key']}: {[r['name'] for r in results[:5]]}")
    return missed


def test_the_register_reads_spellings_out_of_parentheses_and_slashes_but_not_descriptions():
    assert spellings_of("Panj (Pyanj)") == ["Panj (Pyanj)", "Panj", "Pyanj"]
    assert spellings_of("Нурекская ГЭС / Нурекское водохранилище") == [
        "Нурекская ГЭС / Нурекское водохранилище", "Нурекская ГЭС", "Нурекское водохранилище"]
    assert "Surkhob" not in spellings_of("Vakhsh (upper course: Surkhob; Kyzylsu/Kyzyl-Suu in Kyrgyzstan)")
    assert "Afghanistan-Turkmenistan" not in spellings_of("Murghab (Murgab, Afghanistan-Turkmenistan)")


def test_a_names_row_that_refers_to_a_basins_object_adds_its_spellings_to_that_object():
    rows = {row["key"]: row for row in register_rows(NAMES, BASINS / "rivers.csv", BASINS / "objects.csv")}
    assert "Qayroqqum" in rows["object-kayrakkum"]["spellings"]
    assert "Кайракум" in rows["object-kayrakkum"]["spellings"]
    assert rows["river-ili"]["name_kk"] == "Іле"
    assert "Ile" in rows["river-ili"]["spellings"]
    assert "kayrakkum_reservoir" not in rows


# How many objects of each register the region's layers and admin areas hold at least (measured: names 64,
# objects 41, rivers 14), so the walk below cannot pass by holding nothing.
HELD_AT_LEAST = {"names": 60, "objects": 40, "rivers": 12}


@pytest.mark.parametrize("register", ["names", "objects", "rivers"])
def test_every_spelling_of_every_object_the_atlas_holds_finds_it(client, register):
    rows = register_rows(NAMES, BASINS / "rivers.csv", BASINS / "objects.csv")
    prefix = {"objects": "object-", "rivers": "river-"}.get(register)
    held = _held()
    chosen = [r for r in rows if r["key"] in held and (r["key"].startswith(prefix) if prefix else
                                                       not r["key"].startswith(("object-", "river-")))]
    assert len(chosen) >= HELD_AT_LEAST[register], sorted(r["key"] for r in chosen)
    missed = _misses(client, chosen)
    assert missed == [], f"{len(missed)} spellings not found:\n" + "\n".join(missed)


@pytest.mark.parametrize("spellings", [
    ("Кайраккум", "Кайракум", "Kayrakkum", "Kayrakum"),  # doubled letters made one
    ("Fargʻona", "Farg'ona", "Farg’ona", "Фарғона", "Fargona"),  # Uzbek Latin's apostrophes of every kind
    ("Қызылорда", "Кызылорда", "Qyzylorda", "Kyzylorda"),  # Kazakh letters
    ("Xo‘jayli", "Khojayli", "Хожайли"),  # Uzbek x is kh
    ("Өскемен", "Oskemen", "Öskemen"),
])
def test_the_folding_makes_the_spellings_of_one_name_one(spellings):
    assert len(set(_folds(list(spellings)).values())) == 1, _folds(list(spellings))


def test_the_folding_keeps_khait_apart_from_haiti():
    folds = _folds(["Хаит", "Khait", "Гаити"])
    assert folds["Хаит"] == folds["Khait"]
    assert folds["Хаит"] != folds["Гаити"]


def test_a_spelling_without_its_hyphen_or_space_finds_the_object(client):
    results = _search(client, "Mailuusuu")
    assert any(r.get("register") == "object-mailuu_suu" for r in results), [r["name"] for r in results]


def test_the_register_and_the_admin_areas_are_searched_through_their_trigram_indexes():
    """With sequential scans priced out (as a bigger register prices them), the register's lookup and the admin
    areas' query with the register's spellings read their trigram indexes."""
    patterns = ["%kayrakum%", "%tajik sea%"]
    register = explain("SELECT key, folds FROM hazards_registername WHERE text LIKE ANY(%s)", [patterns],
                       settings={"enable_seqscan": "off"})
    assert any("registername_text_trgm" in indexes for _, indexes in table_reads(register, "hazards_registername"))
    areas = explain(AREAS, [["%sogd%", "%leninabad%"]], settings={"enable_seqscan": "off"})
    assert any("adminarea_names_trgm" in indexes for _, indexes in table_reads(areas, "hazards_adminarea"))
