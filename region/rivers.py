"""The river topology of the region's basins from fixtures/basins/rivers.csv (cited per row in SOURCES.md)."""

import csv
from pathlib import Path

from hazards.analysis.matching import name_fold
from hazards.models import River

from .boundaries import row_upsert

# The reviewable list of the same objects matched across layers (python manage.py objects_matches --write).
MATCHES_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "basins" / "matches.csv"


def river_aliases(row: dict) -> list[str]:
    """The folded spellings of a river (its code, English name and `names_alt`), as the analysis compares them."""
    names = [row["code"], row["name_en"], row["name_ru"], row["name_kk"], *row.get("names_alt", "").split(";")]
    return sorted({name_fold(name).replace(" ", "") for name in names if name.strip()})


def rivers_load(path: Path) -> int:
    """Upsert every river of the file; returns how many rows were created or changed."""
    changed = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            _, fields = row_upsert(River, {"code": row["code"]}, {
                "name_en": row["name_en"], "name_ru": row["name_ru"], "name_kk": row["name_kk"],
                "flows_into": row["flows_into"], "basin": row["basin"], "sources": row["source_ids"][:200],
                "countries": [c for c in row["countries"].split(";") if c],
                "joins_at": int(row["joins_at"]) if row["joins_at"] else None,
                "aliases": river_aliases(row),
            })
            changed += bool(fields)
    return changed
