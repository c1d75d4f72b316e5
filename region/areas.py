"""Which file gives which country's admin areas (the most current open source for each; SOURCES.md)."""

from .boundaries import AreaSource

GEOKZ = "geokz 2024 (A. Rodionov, from OCHA COD-AB)"
GB_OSM = "geoBoundaries gbOpen (OpenStreetMap)"
ODBL = "ODbL 1.0, © OpenStreetMap contributors"
# Districts the source's own file does not place and whose largest overlap with the regions is the wrong one
# (region/nesting.py takes the region overlapped most otherwise).
UZB_DISTRICT_PARENTS = {
    # Sergeli, a district of the city of Tashkent (gazeta.uz 2016-09-26 "Sergeli district of Tashkent"; daryo.uz
    # 2019-04-16 "Тошкент шаҳрининг Сергели тумани"): the OCHA 2020 polygon lies two thirds in OSM's Tashkent Region
    # after the city's 2019-2020 boundary changes.
    "79887680B58716268454454": "UZ-TK",
}

ADMIN_AREAS = [
    AreaSource("kaz_admin1_2024_geokz.geojson", "KAZ", 1, code="iso_3166_2_current", name_en="adm1_en",
               name_ru="adm1_ru", name_kk="adm1_kk", source=GEOKZ, licence="CC BY 4.0"),
    AreaSource("kaz_admin2_2024_geokz.geojson", "KAZ", 2, code="adm2_pcode", name_en="adm2_en",
               name_ru="adm2_ru", name_kk="adm2_kk", parent="adm1_pcode", source=GEOKZ, licence="CC BY 4.0"),
    AreaSource("kgz_admin1_geoboundaries_osm.geojson", "KGZ", 1, code="shapeISO", name_en="shapeName",
               source=GB_OSM, licence=ODBL, ru_names_from_wof=True),
    AreaSource("tjk_admin1_geoboundaries_osm.geojson", "TJK", 1, code="shapeISO", name_en="shapeName",
               source=GB_OSM, licence=ODBL, ru_names_from_wof=True),
    AreaSource("tjk_admin2_geoboundaries_osm.geojson", "TJK", 2, code="shapeID", name_en="shapeName",
               source=GB_OSM, licence=ODBL),
    AreaSource("uzb_admin1_geoboundaries_osm.geojson", "UZB", 1, code="shapeISO", name_en="shapeName",
               source=GB_OSM, licence=ODBL, ru_names_from_wof=True),
    AreaSource("uzb_admin2_geoboundaries_ocha.geojson", "UZB", 2, code="shapeID", name_en="shapeName",
               source="geoBoundaries gbOpen (OCHA ROCCA 2020)", licence="CC BY 3.0 IGO", parents=UZB_DISTRICT_PARENTS),
    AreaSource("wof_admin1_central_asia_af_mn.geojson", "TKM", 1, code="hasc", name_en="name_en",
               name_ru="name_ru", name_kk="name_kk", source="Who's On First", licence="CC0 / CC BY (Who's On First)",
               where="iso_country = 'TM'"),
]
WOF_FILE = "wof_admin1_central_asia_af_mn.geojson"
