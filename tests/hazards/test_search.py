"""Search across scripts on the region's real data: Cyrillic finds Latin-named objects and back, names come in the
reader's language, one place from two sources is given once, and the trigram index answers the feature query."""

import pytest
from django.db import connection

from hazards.analysis.audience import published_features
from hazards.models import Audience
from hazards.services.layers import layer_publish
from tests.plans import plan_nodes
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
    assert results[0]["type"] == "place" and results[0]["name"] == "Токтогул"
    layers = {r.get("layer") for r in results if r["type"] == "feature"}
    assert {"manmade-dams-register", "manmade-reservoirs", "manmade-hydropower-dams"} <= layers
    assert any(r["name"] == "Токтогульское водохранилище" for r in results)


def test_toktogul_in_latin_finds_the_cyrillic_named_objects(client):
    names = [r["name"] for r in _search(client, "Toktogul")]
    assert "Токтогульское водохранилище" in names and "Токтогул" in names


def test_bishkek_is_given_once_in_russian_from_both_sources(client):
    results = _search(client, "Бишкек")
    places = [r for r in results if r["type"] == "place" and r["name"] in ("Бишкек", "Bishkek")]
    assert len(places) == 1, results
    assert places[0]["name"] == "Бишкек" and results[0] is not None and results[0]["name"] == "Бишкек"
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
    assert response.status_code == 400 and response.json()["error"] and "2" in response.json()["detail"]
    assert client.get("/api/v1/search/", {"q": "x" * 101}).status_code == 400
    assert _search(client, "%%__") == []  # LIKE wildcards are searched for, not obeyed


def test_the_trigram_index_answers_the_feature_search():
    """45 000 features in the test database, one partition per published version: the planner reads the partitions
    through their trigram indexes; only small ones, where reading a few pages is cheaper than the index, are scanned,
    and together they hold a small part of the features."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hazards_feature")
        total = cursor.fetchone()[0]
        assert total > 40_000
        cursor.execute("ANALYZE hazards_feature")
        nodes = plan_nodes(f"""SELECT f.id FROM {published_features(Audience.PUBLIC)} f
                               WHERE atlas_fold(atlas_feature_text(f.properties)) LIKE %s""", ["%toktogul%"])
        indexed = [n["Index Name"] for n in nodes if n.get("Index Name", "").startswith("feature_names_trgm")]
        scanned = [n["Relation Name"] for n in nodes
                   if n["Node Type"] == "Seq Scan" and n.get("Relation Name", "").startswith("hazards_feature")]
        cursor.execute("SELECT coalesce(sum(reltuples), 0) FROM pg_class WHERE relname = ANY(%s)", [scanned])
        scanned_rows = cursor.fetchone()[0]
    assert len(indexed) >= 3, (indexed, scanned)
    assert scanned_rows < 0.1 * total, (scanned, scanned_rows, total)


def _search_indexed(version_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"feature_names_trgm_v{version_id}"])
        return cursor.fetchone()[0]


def test_a_version_gets_its_search_index_when_first_published_and_keeps_it(scratch_layer):
    """Loading does not pay for the search index (search only reads published versions); publishing does, once:
    the replaced version keeps its index, so rolling back to it is a pointer switch."""
    first = points_version(scratch_layer, 1, 20, x=70, y=42, step=0.01)
    second = points_version(scratch_layer, 2, 20, x=70, y=43, step=0.01)
    assert not _search_indexed(first.pk) and not _search_indexed(second.pk)
    layer_publish(layer=scratch_layer, version=first)
    assert _search_indexed(first.pk) and not _search_indexed(second.pk)
    layer_publish(layer=scratch_layer, version=second)
    assert _search_indexed(first.pk) and _search_indexed(second.pk)
    with connection.cursor() as cursor:  # the index is the folded text's, as the search asks it
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [f"feature_names_trgm_v{first.pk}"])
        assert "atlas_fold(atlas_feature_text(properties)) gin_trgm_ops" in cursor.fetchone()[0]
