"""Search across scripts on the region's real data: Cyrillic finds Latin-named objects and back, names come in the
reader's language, one place from two sources is given once; the features are searched in their read model
(hazards.models.SearchEntry) through its trigram index, kept in line with publication, attributes, classification,
access and deletion."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hazards.analysis.search_entries import search_refresh
from hazards.models import HazardLevel, Layer, SearchEntry
from hazards.search import search
from hazards.services.layers import layer_access_set, layer_classify, layer_delete, layer_publish, layer_rollback
from tests.plans import INDEXED, explain, table_reads
from tests.stored import points_version

pytestmark = pytest.mark.django_db


def _search(client, q, lang="ru"):
    response = client.get("/api/v1/search/", {"q": q}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.json()["results"]


def test_sarez_in_cyrillic_finds_lake_sarez_named_in_russian(client):
    results = _search(client, "Сарез")
    first = results[0]
    assert (first["type"], first["name"], first["layer"]) == ("feature", "Сарезское озеро",
                                                             "flood-outburst-lakes-register")
    assert first["level"] == "high"
    assert any(r["name"] == "Lake Sarez" for r in _search(client, "Сарез", "en"))


def test_toktogul_finds_the_town_the_reservoir_and_the_dam(client):
    results = _search(client, "Токтогул")
    assert results[0]["type"] == "place"
    assert results[0]["name"] == "Токтогул"
    layers = {r.get("layer") for r in results if r["type"] == "feature"}
    assert {"manmade-dams-register", "manmade-reservoirs", "manmade-hydropower-dams"} <= layers
    assert any(r["name"] == "Токтогульское водохранилище" for r in results)


def test_toktogul_in_latin_finds_the_cyrillic_named_objects(client):
    names = [r["name"] for r in _search(client, "Toktogul")]
    assert "Токтогульское водохранилище" in names
    assert "Токтогул" in names


def test_bishkek_is_given_once_in_russian_from_both_sources(client):
    results = _search(client, "Бишкек")
    places = [r for r in results if r["type"] == "place" and r["name"] in ("Бишкек", "Bishkek")]
    assert len(places) == 1, results
    assert places[0]["name"] == "Бишкек"
    assert results[0] is not None
    assert results[0]["name"] == "Бишкек"
    assert places[0]["sources"] == ["context-places-geonames", "context-places-natural-earth"]
    assert places[0]["population"] > 500_000
    assert not any(r["name"] == "Bishkek" for r in results)
    assert [r["name"] for r in _search(client, "Bishkek", "en")].count("Bishkek") == 1


def test_kazakh_pages_get_kazakh_names_where_the_data_hold_them(client):
    assert _search(client, "Бишкек", "kk")[0]["name"] == "Бішкек"  # GeoNames' Kazakh form
    country = next(r for r in _search(client, "Кыргыз", "kk") if r["type"] == "country")
    assert country["name"] == "Қырғызстан"
    areas = {r["name"] for r in _search(client, "Алматы", "kk") if r["type"] == "admin_area"}
    assert "Алматы облысы" in areas
    # Kazakh letters in the query fold like Russian ones: Бішкек finds Bishkek.
    assert _search(client, "Бішкек", "ru")[0]["name"] == "Бишкек"


def test_results_are_ranked_exact_names_first(client):
    results = _search(client, "Нарын")
    assert results[0]["name"] in ("Нарын", "Нарынская область")
    assert results[0]["type"] in ("place", "admin_area")


def test_bad_queries_are_refused_with_a_translated_message(client):
    response = client.get("/api/v1/search/", {"q": "a"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"]
    assert "2" in response.json()["detail"]
    assert client.get("/api/v1/search/", {"q": "x" * 101}).status_code == 400
    assert _search(client, "%%__") == []  # LIKE wildcards are searched for, not obeyed


def _entry_statement(text: str) -> str:
    """The feature query a search for `text` sends (the statement itself, captured)."""
    with CaptureQueriesContext(connection) as queries:
        search(text, AnonymousUser())
    (sql,) = [q["sql"] for q in queries.captured_queries if "hazards_searchentry" in q["sql"]]
    return sql


def test_the_feature_search_reads_its_entries_and_no_feature_partition_and_its_index_can_answer():
    """Thousands of entries of the region's published versions in the test database. The search's feature query,
    as the planner plans it, never touches a feature partition (before the read model it read every published
    partition and folded each candidate's attributes again). On a table this small a scan of it may be the
    planner's cheapest choice (a fresh clone's plan); with scans priced out, as a bigger atlas prices them, the
    entries are read through an index of theirs — the trigram index of their text, or the versions' index."""
    assert SearchEntry.objects.count() > 5_000
    with connection.cursor() as cursor:  # the statistics autovacuum keeps (a fresh template may not have them yet)
        cursor.execute("ANALYZE hazards_searchentry")
    for text in ("Toktogul", "Сарез", "Osh"):
        sql = _entry_statement(text)
        nodes = explain(sql)
        assert [n["Relation Name"] for n in nodes if n.get("Relation Name", "").startswith("hazards_feature")] == []
        assert table_reads(nodes, "hazards_searchentry")
        reads = table_reads(explain(sql, settings={"enable_seqscan": "off"}), "hazards_searchentry")
        assert reads, reads
        assert {kind for kind, _ in reads} <= INDEXED, reads
        assert any(indexes & {"searchentry_text_trgm", "searchentry_version"} for _, indexes in reads), reads


def _names(text: str, user=None) -> list[str]:
    return [hit["name"] for hit in search(text, user or AnonymousUser(), lang="en", limit=50)]


def _entries(version) -> list[tuple]:
    return list(SearchEntry.objects.filter(version=version).order_by("fid").values_list("pk", "label", "level"))


def test_a_version_is_found_once_published_and_a_rollback_to_it_is_a_pointer_switch(scratch_layer):
    """Loading writes no entry; the first publication does (search finds the version before any analysis); the
    replaced version keeps its entries, and publishing it again rewrites nothing."""
    scratch_layer.label_field = "name"
    scratch_layer.save()
    first = points_version(scratch_layer, 1, 5, x=70, y=42, step=0.01, name="Qwertyvale")
    second = points_version(scratch_layer, 2, 5, x=70, y=43, step=0.01, name="Qwertyford")
    assert _entries(first) == []
    assert _names("qwerty") == []
    layer_publish(layer=scratch_layer, version=first)
    assert sorted(_names("qwerty")) == [f"Qwertyvale {n}" for n in range(1, 6)]
    kept = _entries(first)
    assert [label for _, label, _ in kept] == [f"Qwertyvale {n}" for n in range(1, 6)]
    layer = layer_publish(layer=scratch_layer, version=second)
    assert sorted(_names("qwerty")) == [f"Qwertyford {n}" for n in range(1, 6)]
    assert _names("Qwertyvale") == []
    layer_rollback(layer=layer)
    assert _entries(first) == kept  # the same rows: nothing was written again
    assert sorted(_names("Qwertyvale 3")) == ["Qwertyvale 3"]
    assert search("Qwertyvale 3", AnonymousUser(), lang="kk")[0]["name"] == "Qwertyvale 3 kk"


def test_a_change_of_the_label_attribute_or_of_the_classification_reaches_the_entries(scratch_layer):
    """What the entries read of their layer (its label attribute, its classification through the levels) is
    brought in line by the analysis's search_refresh for the published version, and by the next publication for
    a version kept back."""
    scratch_layer.label_field = "name"
    scratch_layer.save()
    first = points_version(scratch_layer, 1, 3, x=70, y=42, step=0.01, name="Zxcvholm")
    second = points_version(scratch_layer, 2, 3, x=70, y=43, step=0.01, name="Zxcvburg")
    layer_publish(layer=scratch_layer, version=first)
    layer = layer_publish(layer=scratch_layer, version=second)
    layer.label_field = "name_kk"
    layer.save()
    layer = layer_classify(layer=layer, classification={"level": "high"})
    assert {label for _, label, _ in _entries(second)} == {f"Zxcvburg {n}" for n in range(1, 4)}  # until the run
    search_refresh()
    high = int(HazardLevel.HIGH)
    assert {(label, level) for _, label, level in _entries(second)} == {(f"Zxcvburg {n} kk", high) for n in (1, 2, 3)}
    assert {hit["level"] for hit in search("Zxcvburg", AnonymousUser())} == {"high"}
    layer_rollback(layer=layer)  # the kept version was written with the old label attribute
    assert {(label, level) for _, label, level in _entries(first)} == {(f"Zxcvholm {n} kk", high) for n in (1, 2, 3)}


def test_restricted_layers_entries_are_found_only_by_those_who_may_read_them(scratch_layer, admin_user):
    scratch_layer.label_field = "name"
    scratch_layer.save()
    version = points_version(scratch_layer, 1, 2, x=70, y=42, step=0.01, name="Asdfgrad")
    layer = layer_publish(layer=scratch_layer, version=version)
    layer_access_set(layer=layer, access=Layer.Access.RESTRICTED)
    assert _names("Asdfgrad") == []
    assert sorted(_names("Asdfgrad", admin_user)) == ["Asdfgrad 1", "Asdfgrad 2"]


def test_a_deleted_version_takes_its_entries_with_it(scratch_layer):
    scratch_layer.label_field = "name"
    scratch_layer.save()
    version = points_version(scratch_layer, 1, 2, x=70, y=42, step=0.01, name="Hjklmouth")
    layer = layer_publish(layer=scratch_layer, version=version)
    assert _entries(version)
    layer_delete(layer=layer)
    assert not SearchEntry.objects.filter(version_id=version.pk).exists()
    assert _names("Hjklmouth") == []


@pytest.mark.parametrize(("query", "lang"), [("EMCA", "en"), ("каталог EMCA", "ru"), ("EMCA каталогы", "kk")])
def test_a_layer_is_found_by_its_title_in_each_language(client, query, lang):
    results = _search(client, query, lang)
    assert ("layer", "seismic-earthquakes-emca") in {(r["type"], r["id"]) for r in results}
