"""Writes tests/data/uploads/csv_headers: the CSVs people send, byte for byte as Excel writes them ("CSV
(разделители — точка с запятой)": CP1251, semicolons, decimal commas, CRLF; "CSV UTF-8": the same in UTF-8 with a
byte-order mark), with coordinate headers in the region's languages and in any case. Run from the checkout:
python tests/data/uploads/make_csv_headers.py"""

from pathlib import Path

OUT = Path(__file__).parent / "csv_headers"
# Five towns of Kazakhstan where GeoNames puts them (the corpus's TOWNS, make_corpus.py).
TOWNS = [("Алматы", 76.92861, 43.25667), ("Талдыкорган", 78.37389, 45.01556), ("Усть-Каменогорск", 82.61444, 49.97143),
         ("Шымкент", 69.59601, 42.3), ("Караганда", 73.10208, 49.80187)]
BOM = "\ufeff"


def excel(header: list[str], *, lat_first: bool = True, separator: str = ";", decimal: str = ",") -> str:
    lines = [separator.join(header)]
    for name, lon, lat in TOWNS:
        first, second = (lat, lon) if lat_first else (lon, lat)
        lines.append(separator.join([name, str(first).replace(".", decimal), str(second).replace(".", decimal)]))
    return "\r\n".join(lines) + "\r\n"


FILES = {
    # Russian Excel, ANSI (CP1251): capitalised headers, the case that was refused.
    "ru_excel_cp1251.csv": (excel(["Название", "Широта", "Долгота"]), "cp1251"),
    # All capitals in CP1251: read as KOI8-R they would be small letters.
    "ru_capitals_cp1251.csv": (excel(["НАЗВАНИЕ", "ШИРОТА", "ДОЛГОТА"]), "cp1251"),
    "ru_excel_utf8_bom.csv": (BOM + excel(["Название", "Северная широта", "Восточная долгота"]), "utf-8"),
    "kk_excel_utf8_bom.csv": (BOM + excel(["Атауы", "Ендік", "Бойлық"]), "utf-8"),
    "uz_latin_comma.csv": (excel(["Nomi", "Kenglik", "Uzunlik"], separator=",", decimal="."), "utf-8"),
    "uz_cyrillic_utf8_bom.csv": (BOM + excel(["Номи", "Кенглик", "Узунлик"]), "utf-8"),
    "ky_excel_utf8_bom.csv": (BOM + excel(["Аталышы", "КЕҢДИК", "Узундук"]), "utf-8"),
    "tg_excel_utf8_bom.csv": (BOM + excel(["Ном", "Арз", "Тӯл"]), "utf-8"),
    "en_quoted_spaced.csv": (excel(['"Name"', ' "LNG" ', ' "Lat"'], lat_first=False, separator=",", decimal="."),
                             "utf-8"),
    "no_coordinates_cp1251.csv": ("Название;Население, тыс.\r\nАлматы;2228\r\n", "cp1251"),
}

if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, (text, encoding) in FILES.items():
        (OUT / name).write_bytes(text.encode(encoding))
