"""The base map's colours, shared by the web map's base style (static/atlas/js/map/basemap.js and layerstyle.js
hold the same values; tests/hazards/test_passport_map.py keeps them equal) and the passport's small map."""

WATER = "#8fbfe0"  # the sea and lakes; the map's background
LAND = "#f3f0e6"  # countries outside the atlas's members
MEMBER = "#fbf8ef"  # the five member countries
COUNTRY_BORDER = "#4a4a4a"  # the members' borders
WORLD_BORDER = "#b9b5aa"  # the other countries' borders
ADMIN_LINE = "#8a8a8a"  # first-level administrative boundaries
HIGHLIGHT = "#f5a700"  # the unit a page is about (the map's hovered area)
HIGHLIGHT_LINE = "#b36b00"
