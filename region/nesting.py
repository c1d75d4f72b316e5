"""Admin areas made to nest: every region inside its country, every district inside its region.

The boundaries come from different sources per country (region/areas.py) whose edges disagree, so a district may
reach into a neighbouring region and a region into a neighbouring country; the levels (hazards.analysis.levels)
raise a region by its districts and a country by its regions, so such a spill lets one area's evidence lift
another. The rule (docs/analysis.md, "Admin boundaries"):

1. a region loses what lies inside another country of Natural Earth admin-0 (the geometry the country's own level
   is computed on); what lies in no country (the Caspian shore) is kept;
2. a district's region is the one its source names (geokz's parent code) or, where the source names none, the
   region it overlaps most; a district overlapping no region (a sliver between two sources' edges) goes to the
   nearest region within ORPHAN_GAP_DEG, which takes it in;
3. a district is clipped to its region.
"""

from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

ORPHAN_GAP_DEG = 0.01  # about 1 km: how far from every region a district may lie and still be taken in


@dataclass
class NestArea:
    """One admin area being nested: its country, level, code, shape, and (districts) its region's code."""

    iso3: str
    level: int
    code: str
    shape: BaseGeometry
    parent_code: str = ""


def areas_nest(areas: list[NestArea], *, countries: dict[str, BaseGeometry]) -> None:
    """Clip `areas` in place by the rule of this module; `countries` maps ISO3 codes to Natural Earth shapes."""
    for shape in countries.values():
        shapely.prepare(shape)
    for iso3 in sorted({a.iso3 for a in areas}):
        regions = {a.code: a for a in areas if a.iso3 == iso3 and a.level == 1}
        for region in regions.values():
            region.shape = _without_foreign(region.shape, iso3, countries)
        districts = [a for a in areas if a.iso3 == iso3 and a.level == 2]
        for district in districts:
            _parent_assign(district, regions, iso3, countries)
        for district in districts:
            if district.parent_code in regions:
                district.shape = _valid(shapely.intersection(district.shape, regions[district.parent_code].shape))


def _valid(shape: BaseGeometry) -> BaseGeometry:
    return shape if shapely.is_valid(shape) else shapely.make_valid(shape)


def _without_foreign(shape: BaseGeometry, iso3: str, countries: dict[str, BaseGeometry]) -> BaseGeometry:
    foreign = [g for code, g in countries.items() if code != iso3 and shapely.intersects(g, shape)]
    if not foreign:
        return shape
    return _valid(shapely.difference(_valid(shape), shapely.union_all(foreign)))


def _parent_assign(district: NestArea, regions: dict[str, NestArea], iso3: str,
                   countries: dict[str, BaseGeometry]) -> None:
    """Set the district's region: the source's code, else the largest overlap, else the nearest (taking it in)."""
    if district.parent_code in regions:
        return
    overlaps = {code: shapely.area(shapely.intersection(district.shape, r.shape)) for code, r in regions.items()
                if shapely.intersects(district.shape, r.shape)}
    overlaps = {code: area for code, area in overlaps.items() if area > 0}
    if overlaps:
        district.parent_code = max(overlaps, key=lambda code: overlaps[code])
        return
    distances = {code: shapely.distance(district.shape, r.shape) for code, r in regions.items()}
    nearest = min(distances, key=lambda code: distances[code], default="")
    if nearest and distances[nearest] <= ORPHAN_GAP_DEG:
        district.parent_code = nearest
        region = regions[nearest]
        region.shape = _valid(shapely.union(region.shape, _without_foreign(district.shape, iso3, countries)))
