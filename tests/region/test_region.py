"""The region as loaded from the real fixture data, checked against independent facts."""

import pyogrio
import pytest
from django.core.management import call_command

from hazards.models import AdminArea, Country, Feature, HazardLevel, Layer, LayerVersion
from region.catalogue import LAYERS
from region.loader import REGION_DIR

pytestmark = pytest.mark.django_db


def published_features(slug):
    return Feature.objects.filter(version=Layer.objects.get(slug=slug).published_version)


@pytest.mark.parametrize("spec", [s for s in LAYERS if s.kind == "vector"], ids=lambda spec: spec.slug)
def test_each_layer_has_as_many_features_as_its_source_selects(spec):
    path = REGION_DIR / spec.file
    if path.suffix == ".csv":  # the register: rows without coordinates are not mappable and are left out
        rows = pyogrio.read_dataframe(path, where=spec.where, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
        source_count = int(rows.geometry.notna().sum())
    else:
        source_count = len(pyogrio.read_dataframe(path, where=spec.where, read_geometry=False)) if spec.where \
            else pyogrio.read_info(path)["features"]
    layer = Layer.objects.get(slug=spec.slug)
    assert layer.published_version.feature_count == source_count == spec.expected_count
    assert published_features(spec.slug).count() == source_count
    assert layer.licence
    assert layer.attribution
    assert layer.title_ru
    assert layer.title_en


def test_seventeen_countries_and_the_five_members():
    assert Country.objects.count() == 17
    assert set(Country.objects.filter(is_member=True).values_list("iso3", flat=True)) == {
        "KAZ", "KGZ", "TJK", "TKM", "UZB"}


@pytest.mark.parametrize(("iso3", "km2"), [
    ("KAZ", 2_724_900), ("UZB", 448_978), ("TKM", 491_210), ("KGZ", 199_951), ("TJK", 143_100),
])
def test_member_areas_are_close_to_their_official_areas(iso3, km2):
    from hazards.selectors import countries_list

    area = countries_list().get(iso3=iso3).area_km2
    # Natural Earth 1:10m generalises coastlines and the Caspian shore: 2 % for Kazakhstan, 5 % for the rest.
    assert area == pytest.approx(km2, rel=0.02 if iso3 == "KAZ" else 0.05)


def test_kazakhstan_has_its_twenty_current_first_level_units():
    regions = AdminArea.objects.filter(country__iso3="KAZ", level=1)
    assert regions.count() == 20
    names = dict(regions.values_list("code", "name_ru"))
    assert names["KZ-10"] == "Абайская область"
    assert names["KZ-33"] == "Жетысуская область"
    assert names["KZ-62"] == "Улытауская область"
    assert names["KZ-75"] == "Алматы"
    assert regions.get(code="KZ-62").name_kk == "Ұлытау облысы"
    districts = AdminArea.objects.filter(country__iso3="KAZ", level=2)
    assert districts.count() == 224
    assert not districts.filter(parent__isnull=True).exists()


def test_admin_areas_of_every_member_with_russian_names():
    counts = {iso3: AdminArea.objects.filter(country__iso3=iso3, level=1).count()
              for iso3 in ("KGZ", "TJK", "TKM", "UZB")}
    assert counts == {"KGZ": 7, "TJK": 5, "TKM": 5, "UZB": 14}
    assert AdminArea.objects.get(code="TJ-SU").name_ru == "Согдийская область"
    assert AdminArea.objects.get(code="UZ-TK").name_ru == "Ташкент"
    assert AdminArea.objects.get(code="KG-Y").name_ru == "Иссык-Кульская область"
    assert not AdminArea.objects.filter(level=1, name_ru="").exists()
    assert AdminArea.objects.filter(country__iso3="UZB", level=2).count() == 199
    assert AdminArea.objects.filter(country__iso3="TJK", level=2).count() == 58


@pytest.mark.parametrize(("river", "countries"), [
    ("Syr  Darya", {"KAZ", "TJK", "UZB"}),
    ("Amu  Darya", {"AFG", "TJK", "TKM", "UZB"}),
])
def test_great_rivers_are_transboundary_and_touch_the_countries_they_cross(river, countries):
    parts = published_features("context-rivers").filter(properties__name=river)
    assert parts.exists()
    touched = {iso3 for part in parts for iso3 in part.countries}
    assert touched == countries
    assert all(part.transboundary for part in parts if len(part.countries) > 1)
    assert parts.filter(transboundary=True).exists()


def test_earthquake_levels_follow_the_magnitude_classes():
    quakes = published_features("seismic-earthquakes-emca")
    high = quakes.filter(hazard_level=HazardLevel.HIGH)
    assert high.count() == quakes.filter(properties__mag_mlh__gte=7).count() > 0
    assert not quakes.filter(properties__mag_mlh__lt=5, hazard_level__gt=HazardLevel.VERY_LOW).exists()
    assert quakes.filter(year__lt=0).exists()  # the catalogue reaches back to 2000 BC


def test_nuclear_explosions_and_dams_are_man_made_layers():
    nuclear = published_features("manmade-nuclear-explosions")
    assert set(nuclear.values_list("properties__event_type", flat=True)) == {"Nuclear Explosion"}
    assert nuclear.filter(countries__contains=["KAZ"]).count() > 0
    years = nuclear.values_list("year", flat=True)
    assert min(years) >= 1965
    assert max(years) <= 2016
    toktogul = published_features("manmade-hydropower-dams").get(properties__name__icontains="Toktogul")
    assert toktogul.countries == ["KGZ"]
    assert toktogul.hazard_level == HazardLevel.HIGH


def test_reloading_the_region_changes_nothing():
    before = (list(LayerVersion.objects.values_list("pk", "source_checksum").order_by("pk")),
              Feature.objects.count(), AdminArea.objects.count())
    call_command("load_region", verbosity=0)
    after = (list(LayerVersion.objects.values_list("pk", "source_checksum").order_by("pk")),
             Feature.objects.count(), AdminArea.objects.count())
    assert before == after


def test_if_empty_skips_a_loaded_database(capsys):
    call_command("load_region", "--if-empty")
    assert "already loaded" in capsys.readouterr().out
