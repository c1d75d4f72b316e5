"""The names register (hazards.models.RegisterName) from fixtures/names/names.csv and the names of the rivers and
objects registers (fixtures/basins): one row per object with its current names and every spelling, cited per row
(fixtures/names/SOURCES.md, fixtures/basins/SOURCES.md). A names row whose `ref` names a river or object of the
basins registers (rivers:<code>, objects:<code>) adds its names to that object's."""

import csv
import re
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from hazards.analysis.search_entries import register_checksum, search_refresh
from hazards.models import Layer, RegisterName

NAME_FIELDS = ("name_ru", "name_kk", "name_en", "name_uz")
# Words of a parenthesis that describe rather than name (upper course: Alichur; source stream of …; planned).
DESCRIPTIVE = re.compile(r":|\b(course|stream|valley|planned|under construction|failed|Friendship|glacial lakes)\b|"
                         r"Afghanistan|Turkmenistan|\d")
PARENTHESIS = re.compile(r"\(([^)]*)\)")

# Each spelling folded, and the text a search reads: the folded spellings, each with its form without spaces.
FOLDED = """
UPDATE hazards_registername SET
    folds = ARRAY(SELECT DISTINCT atlas_fold(s) FROM unnest(spellings) s WHERE atlas_fold(s) <> ''),
    text = (SELECT string_agg(DISTINCT f || CASE WHEN strpos(f, ' ') > 0 THEN ' ' || replace(f, ' ', '') ELSE '' END,
                              ' | ') FROM (SELECT atlas_fold(s) AS f FROM unnest(spellings) s) x WHERE f <> '')
"""


def spellings_of(name: str) -> list[str]:
    """The spellings a register name stands for: the whole, the name before its parenthesis, the alternatives in
    it (Panj (Pyanj) → Panj, Pyanj; Kayrakkum Dam and Reservoir (Bahri Tojik) → … Bahri Tojik) and each side of
    a slash (Нурекская ГЭС / Нурекское водохранилище)."""
    name = name.strip()
    if not name:
        return []
    found = [name, PARENTHESIS.sub("", name).strip()]
    for inner in PARENTHESIS.findall(name):
        found += [part.strip() for part in re.split(r"[,;/]", inner) if part.strip() and not DESCRIPTIVE.search(part)]
    found += [part.strip() for text in list(found) if " / " in text for part in text.split(" / ")]
    return [s for s in dict.fromkeys(found) if s]


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _entry(key: str, kind: str, row: dict) -> dict:
    names = {field: PARENTHESIS.sub("", row.get(field) or "").split(" / ")[0].strip() for field in NAME_FIELDS}
    spellings = [s for field in NAME_FIELDS for s in spellings_of(row.get(field) or "")]
    spellings += [v.strip() for v in (row.get("variants") or "").split(";") if v.strip()]
    return {"key": key, "kind": kind, **names, "spellings": list(dict.fromkeys(spellings))}


def _merged(base: dict, extra: dict) -> dict:
    """A basins object with the names of the names row that refers to it: the names row's current names win."""
    names = {field: extra[field] or base[field] for field in NAME_FIELDS}
    return {**base, **names, "spellings": list(dict.fromkeys(base["spellings"] + extra["spellings"]))}


def register_rows(names: Path, rivers: Path, objects: Path) -> list[dict]:
    """Every object of the three registers with its names and spellings, keyed `<code>` for names rows,
    `river-<code>` and `object-<code>` for the basins registers."""
    entries = {f"river-{r['code']}": _entry(f"river-{r['code']}", "river", r) for r in _read(rivers)}
    entries |= {f"object-{r['code']}": _entry(f"object-{r['code']}", r["kind"], r) for r in _read(objects)}
    for row in _read(names):
        entry = _entry(row["key"], row["kind"], row)
        if row.get("ref"):
            register, code = row["ref"].split(":")
            target = f"{'river' if register == 'rivers' else 'object'}-{code}"
            entries[target] = _merged(entries[target], entry)
        else:
            entries[row["key"]] = entry
    return list(entries.values())


@transaction.atomic
def names_load(names: Path, rivers: Path, objects: Path) -> int:
    """Replace the register's rows by the files' (folded by atlas_fold) and, when it changed, write the search
    entries of the published versions again and move the named layers' `updated_at` (their tiles' labels changed:
    new ETags); returns how many objects it holds."""
    before = register_checksum()
    rows = register_rows(names, rivers, objects)
    RegisterName.objects.exclude(key__in=[r["key"] for r in rows]).delete()
    for row in rows:
        RegisterName.objects.update_or_create(key=row["key"], defaults=row)
    with connection.cursor() as cursor:
        cursor.execute(FOLDED)
    if register_checksum() != before:
        search_refresh()
        Layer.objects.filter(kind=Layer.Kind.VECTOR).exclude(label_field="").update(updated_at=timezone.now())
    return len(rows)
