"""Which columns of a CSV hold its coordinates: header names matched case-insensitively and trimmed (byte-order
mark, quotes, spaces; a space or hyphen inside counts as an underscore) against the names readers use in the
languages of the region. Where each word comes from: docs/glossary-kk.md ("CSV coordinate headers")."""

from dataclasses import dataclass

# The same order in both lists: the first name found wins when a file has two candidates.
X_NAMES = (
    # English and GIS habits
    "lon", "lng", "long", "longitude", "x", "lon_dd", "longitude_dd",
    # Russian (and its Latin transliteration)
    "долгота", "восточная_долгота", "dolgota",
    # Kazakh
    "бойлық", "бойлык",
    # Uzbek, Latin and Cyrillic
    "uzunlik", "uzoqlik", "узунлик", "узоқлик",
    # Kyrgyz
    "узундук",
    # Tajik
    "тӯл", "тул", "тӯли_ҷуғрофӣ",
)
Y_NAMES = (
    "lat", "latitude", "y", "lat_dd", "latitude_dd",
    "широта", "северная_широта", "shirota",
    "ендік", "ендик",
    "kenglik", "кенглик",
    "кеңдик", "кендик",
    "арз", "арзи_ҷуғрофӣ",
)
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "геометрия")


def header_key(name: str) -> str:
    """The form a header is compared in: no byte-order mark, quotes or outer spaces, case-folded, inner spaces and
    hyphens as underscores ("\ufeff "Широта " → "широта", "Северная широта" → "северная_широта")."""
    text = name.replace("\ufeff", "").strip().strip("\"'").strip().casefold()
    return "_".join(text.replace("-", " ").split())


@dataclass(frozen=True)
class CoordinateColumns:
    """The file's own names of its coordinate columns: longitude and latitude, or a WKT column."""

    x: str = ""
    y: str = ""
    wkt: str = ""

    def found(self) -> bool:
        return bool(self.wkt or (self.x and self.y))


def coordinate_columns(headers: list[str]) -> CoordinateColumns:
    """The coordinate columns among `headers` (as the file spells them), matched by `header_key`; empty names
    where none matches."""
    keys = {}
    for header in headers:
        keys.setdefault(header_key(header), header)

    def first(names: tuple[str, ...]) -> str:
        return next((keys[name] for name in names if name in keys), "")

    x, y = first(X_NAMES), first(Y_NAMES)
    return CoordinateColumns(x=x, y=y) if x and y else CoordinateColumns(wkt=first(WKT_NAMES))


def expected_names() -> str:
    """The names looked for, for an error message."""
    return "; ".join(["/".join(X_NAMES), "/".join(Y_NAMES), "/".join(WKT_NAMES)])
