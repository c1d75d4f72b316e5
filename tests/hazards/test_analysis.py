"""The transboundary analysis, levels and passports, checked against what is known of the region."""

import contextlib
import json

import pytest
from django.db import connection

from hazards.analysis.service import analysis_recompute
from hazards.models import AreaLevel, Audience, Exposure, Feature, FeatureAnalysis, HazardLevel

pytestmark = pytest.mark.django_db


def published(slug):
    return Feature.objects.filter(version__layer__slug=slug, version__layer__published_version=models_f("version"))


def models_f(name):
    from django.db.models import F

    return F(name)


def test_the_talas_fergana_fault_is_in_kyrgyzstan():
    faults = published("seismic-active-faults-gem").filter(properties__fz_name__icontains="Talas-Fergana")
    assert faults.exists()
    assert all("KGZ" in f.countries for f in faults)


def test_semipalatinsk_nuclear_explosions_fall_in_kazakhstan_abai_or_east_kazakhstan():
    explosions = published("manmade-nuclear-explosions")
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.countries, array_agg(a.code) FROM hazards_feature f
            JOIN hazards_adminarea a ON a.level = 1 AND ST_Intersects(a.geom, f.geom)
            WHERE f.version_id = %s::bigint AND f.id = ANY(%s)
              AND ST_X(f.geom) BETWEEN 77.5 AND 79.5 AND ST_Y(f.geom) BETWEEN 49.5 AND 50.5
            GROUP BY f.id, f.countries""",  # the version keeps ST_X to its points (other layers have lines)
                       [explosions.first().version_id, list(explosions.values_list("id", flat=True))])
        rows = cursor.fetchall()
    assert len(rows) > 50  # the Semipalatinsk test site
    for countries, areas in rows:
        assert countries == ["KAZ"]
        assert set(areas) <= {"KZ-10", "KZ-63"}


def test_toktogul_is_in_kyrgyzstan_with_uzbekistan_tajikistan_and_kazakhstan_downstream():
    for slug in ("manmade-reservoirs", "manmade-hydropower-dams"):
        toktogul = published(slug).filter(properties__name__icontains="Toktogul").get()
        assert toktogul.countries == ["KGZ"]
        analysis = FeatureAnalysis.objects.get(feature=toktogul)
        assert {"UZB", "TJK", "KAZ"} <= set(analysis.downstream_countries)
        assert analysis.river == "Naryn"


def test_outburst_events_of_the_ala_archa_basin_are_in_kyrgyzstan():
    events = published("flood-glof-events").filter(properties__River_Basin="Ala Archa")
    assert events.count() >= 3
    assert all(e.countries == ["KGZ"] for e in events)


def test_seismic_level_is_high_in_kazakhstan_kyrgyzstan_and_tajikistan():
    levels = dict(AreaLevel.objects.filter(area__isnull=True, hazard_type__code="seismic")
                  .values_list("country__iso3", "level"))
    for iso3 in ("KAZ", "KGZ", "TJK"):
        assert levels[iso3] == HazardLevel.HIGH, iso3


def test_areas_take_the_highest_level_of_their_parts_and_thin_data_says_so():
    for row in AreaLevel.objects.filter(area__level=1).select_related("area"):
        children = AreaLevel.objects.filter(area__parent=row.area, hazard_type=row.hazard_type, audience=row.audience)
        worst = max([c.level or 0 for c in children], default=0)
        assert (row.level or 0) >= worst
    empty = AreaLevel.objects.filter(level__isnull=True).first()
    assert empty is not None
    assert "absence of records is not absence of hazard" in empty.evidence["note"]
    kaz = AreaLevel.objects.get(country__iso3="KAZ", area__isnull=True, hazard_type__code="manmade",
                                audience=Audience.PUBLIC)
    assert kaz.level == HazardLevel.HIGH
    assert kaz.evidence["nuclear_test_site"] is True


def test_influence_and_border_distance():
    almaty = published("context-places-natural-earth")  # context layers are not analysed
    assert not FeatureAnalysis.objects.filter(feature__in=almaty).exists()
    kemin = published("seismic-earthquakes-emca").get(fid=336)  # 1911, 76.9 E 42.9 N, close to Kazakhstan
    analysis = FeatureAnalysis.objects.get(feature=kemin)
    assert analysis.influence_countries == ["KAZ", "KGZ"]
    with connection.cursor() as cursor:  # the exact distance on the spheroid to Kazakhstan's territory
        cursor.execute("SELECT ST_Distance(c.geom::geography, f.geom::geography) / 1000 FROM hazards_country c, "
                       "hazards_feature f WHERE c.iso3 = 'KAZ' AND f.id = %s", [kemin.pk])
        exact = cursor.fetchone()[0]
    assert 0 < exact < 25
    assert analysis.border_distance_km == pytest.approx(exact, rel=0.05)


def test_exposure_counts_people_across_borders():
    assert Exposure.objects.exists()
    crossing = Exposure.objects.filter(origin__iso3="KGZ", country__iso3="KAZ", layer__slug="seismic-earthquakes-emca",
                                       audience=Audience.PUBLIC)
    assert crossing.exists()
    assert crossing.get().population > 100_000


def test_recomputing_changes_nothing():
    def snapshot():
        levels = sorted((r.country_id, r.area_id or 0, r.hazard_type_id, r.level or 0, r.own_level or 0,
                         json.dumps(r.evidence, sort_keys=True)) for r in AreaLevel.objects.all())
        reach = FeatureAnalysis.objects.values_list("feature_id", "border_distance_km", "influence_countries",
                                                    "downstream_countries", "river")
        exposure = sorted(tuple(map(str, r)) for r in Exposure.objects.values_list(
            "layer_id", "origin_id", "country_id", "population", "places"))
        return levels, sorted(tuple(map(str, r)) for r in reach), exposure

    before = snapshot()
    analysis_recompute(whole=True)
    assert snapshot() == before


def test_feature_api_carries_the_analysis(client):
    url = "/api/v1/layers/manmade-reservoirs/features/?prop.name=Toktogul%20Suu%20Saktagychy"
    feature = json.loads(b"".join(client.get(url).streaming_content))["features"][0]
    assert {"UZB", "TJK", "KAZ"} <= set(feature["properties"]["downstream_countries"])
    assert "influence_countries" in feature["properties"]
    assert "border_distance_km" in feature["properties"]


def test_passport_pages_api_and_pdf(client):
    overview = client.get("/passport/", HTTP_ACCEPT_LANGUAGE="ru")
    assert overview.status_code == 200
    assert "Кыргызстан" in overview.content.decode()
    cell = client.get("/passport/matrix/KGZ/UZB/")
    assert cell.status_code == 200
    assert "Toktogul" in cell.content.decode()
    data = client.get("/api/v1/passports/KAZ/").json()
    seismic = next(level for level in data["levels"] if level["hazard"] == "seismic")
    assert seismic["level"] == "high"
    assert seismic["evidence"]["rule"].startswith("seismic")
    assert any(d["decade"] == "1910s" for d in data["events_by_decade"])
    area = client.get("/api/v1/passports/KAZ/KZ-10/").json()
    assert area["area"]["code"] == "KZ-10"
    assert area["name"] == "Абайская область"
    page = client.get("/passport/KAZ/KZ-10/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Абай облысы" in page
    pdf = client.get("/passport/KGZ/pdf/", HTTP_ACCEPT_LANGUAGE="ru")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    unpacked = _pdf_streams(pdf.content)
    assert b"DejaVu" in unpacked  # the embedded font
    assert b"041a" in unpacked.lower()
    assert b"044b" in unpacked.lower()
    assert client.get("/api/v1/passports/AFG/").status_code == 404
    assert client.get("/passport/KAZ/XX-99/").status_code == 404


def _pdf_streams(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream decompressed (font names, ToUnicode maps)."""
    import re
    import zlib

    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(match.group(1)))
    return b"\n".join(out)


def test_exposure_is_routed_along_rivers_and_counted_once_per_hazard_type():
    from django.db.models import Sum

    from hazards.models import ExposureTotal

    assert not Exposure.objects.filter(origin__isnull=True).exists()  # every row knows where the hazard is
    # Kyrgyz outburst lakes drain to Issyk-Kul, the Chu and the Naryn, away from Almaty (2 million people):
    # routed along the rivers, they do not count Almaty as a straight 50 km circle did.
    glof = Exposure.objects.filter(layer__slug="flood-glof-events", origin__iso3="KGZ", country__iso3="KAZ",
                                   audience=Audience.PUBLIC).aggregate(people=Sum("population"))["people"] or 0
    assert glof < 1_000_000, glof
    totals = ExposureTotal.objects.filter(audience=Audience.PUBLIC)
    assert totals.exists()
    for total in totals:
        by_layer = Exposure.objects.filter(audience=Audience.PUBLIC, country=total.country,
                                           layer__hazard_type=total.hazard_type).aggregate(p=Sum("population"))["p"]
        assert total.population <= by_layer, (total, by_layer)  # each person once, however many layers reach them


def test_coverage_says_what_the_atlas_holds_and_no_data_is_not_no_hazard(client):
    body = client.get("/api/v1/coverage/").json()["coverage"]
    assert [row["country"] for row in body] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    kgz = {h["hazard"]: h for h in next(r for r in body if r["country"] == "KGZ")["hazards"]}
    assert kgz["flood"]["has_data"]
    assert "flood-glof-events" in {x["layer"] for x in kgz["flood"]["layers"]}
    assert kgz["seismic"]["features"] > 1000
    assert kgz["seismic"]["latest_year"] >= 2000
    empty = [h for r in body for h in r["hazards"] if not h["has_data"]]
    assert empty
    assert all(h["features"] == 0 and h["layers"] == [] for h in empty)
    page = client.get(f"/passport/{next(r['country'] for r in body if any(not h['has_data'] for h in r['hazards']))}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not a sign that there is no hazard" in page


def test_passports_speak_the_pages_language_with_named_evidence_and_a_readable_chart(client):
    import re

    page = client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Наибольшая макросейсмическая интенсивность" in page  # the rule, translated
    assert "seismic-earthquakes-emca #" not in page
    assert "Землетрясения" in page
    bars = re.findall(r'<rect x="([^"]+)" width="([^"]+)" y="([^"]+)" height="([^"]+)"', page)
    assert bars
    assert all("," not in value for bar in bars for value in bar)
    assert any(float(height) > 1 for *_, height in bars)
    kk = client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "макросейсмикалық" in kk
