"""Seismic levels follow a hazard model — Shebalin's macroseismic field equation over the whole catalogue — and
agree with the region's official zoning (MSK-64 intensity 8–9) for its capitals and their regions."""

import pytest

from hazards.analysis.seismic import intensity_level
from hazards.models import AdminArea, AreaLevel, Audience, HazardLevel, HazardType

pytestmark = pytest.mark.django_db
CAPITALS = {"Almaty": (76.9286, 43.2567), "Bishkek": (74.59, 42.87), "Dushanbe": (68.78, 38.56),
            "Tashkent": (69.24, 41.31), "Ashgabat": (58.38, 37.95)}


def test_intensity_classes():
    assert [intensity_level(i) for i in (9.1, 8.0, 7.9, 7.0, 6.5, 5.9, None)] == [4, 4, 3, 3, 2, 1, 1]


@pytest.mark.parametrize("capital", CAPITALS)
def test_capitals_and_their_regions_are_high(capital):
    from django.contrib.gis.geos import Point

    lon, lat = CAPITALS[capital]
    areas = AdminArea.objects.filter(level=1, geom__contains=Point(lon, lat, srid=4326))
    assert areas.exists(), capital
    for area in areas:
        row = AreaLevel.objects.get(area=area, hazard_type__code=HazardType.SEISMIC, audience=Audience.PUBLIC)
        assert row.level == HazardLevel.HIGH, (capital, area.name_en, row.evidence.get("intensity"))
        assert row.evidence["intensity"] >= 8 or row.evidence.get("raised_by_part"), row.evidence


def test_the_evidence_names_the_event_and_the_rule():
    row = AreaLevel.objects.filter(hazard_type__code=HazardType.SEISMIC, audience=Audience.PUBLIC,
                                   area__isnull=True, country__iso3="KGZ").get()
    assert "Shebalin" in row.evidence["rule"]
    assert row.evidence["intensity"] >= 9
    event = row.evidence["intensity_from"]
    assert event["magnitude"] >= 7
    assert event["layer"] == "seismic-earthquakes-emca"


def test_a_quiet_interior_is_not_high():
    # Mangystau (far west of Kazakhstan, on the Caspian): no strong catalogued earthquake nearby.
    from django.contrib.gis.geos import Point

    area = AdminArea.objects.get(level=1, geom__contains=Point(52.0, 44.0, srid=4326))
    row = AreaLevel.objects.get(area=area, hazard_type__code=HazardType.SEISMIC, audience=Audience.PUBLIC)
    assert row.level < HazardLevel.HIGH, row.evidence
