"""Clusters of the EMCA catalogue at low zoom in Chromium: circles with their counts, single points again from the
threshold zoom; filters change the counts; no console error."""

import pytest

pytestmark = pytest.mark.slow
EMCA = "seismic-earthquakes-emca"


def _rendered(page, layer, prop):
    return page.page.evaluate("([layer, prop]) => window.atlas.glMap.queryRenderedFeatures({layers: [layer]})"
                              ".map((f) => f.properties[prop])", [layer, prop])


def test_clusters_show_counts_at_low_zoom_and_points_above(page):
    page.open(f"/?lang=ru&z=5&lat=41.5&lon=72&layers={EMCA}")
    page.wait_idle()
    counts = _rendered(page, f"{EMCA}::clusters", "count")
    assert counts
    assert all(count > 1 for count in counts)
    assert max(counts) > 50
    assert _rendered(page, f"{EMCA}::cluster-counts", "count")      # the counts are written on them
    page.shot("map-clusters-ru")
    page.page.select_option("#filter-country", "TJK")
    # The filter re-adds the source; until MapLibre has loaded it again its `tiles` is not there yet.
    page.page.wait_for_function(
        f"() => window.atlas.glMap.getSource('{EMCA}')?.tiles?.[0]?.includes('country=TJK') === true")
    total = (f"() => window.atlas.glMap.queryRenderedFeatures({{layers: ['{EMCA}::clusters']}})"
             ".reduce((sum, f) => sum + f.properties.count, 0)")
    page.page.wait_for_function(f"() => ({total})() < {sum(counts)} && ({total})() > 0", timeout=30_000)
    page.wait_idle()
    assert 0 < sum(_rendered(page, f"{EMCA}::clusters", "count")) < sum(counts)
    page.page.select_option("#filter-country", "")
    page.page.evaluate("() => window.atlas.map.jumpTo({center: [76.9, 42.9], zoom: 8})")  # the permalink's z=9
    page.wait_idle()
    assert not _rendered(page, f"{EMCA}::clusters", "count")
    assert len(_rendered(page, f"{EMCA}::points", "year")) > 10       # single events again
    assert page.errors == []
    assert page.external == []
