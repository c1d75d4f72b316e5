"""Passports, the matrix, a cell, coverage, the PDF and place search, warm, in process (Django's test client: every
middleware, the template or the JSON renderer, no network), beside the bare database time of the read-model queries
the same answers take (hazards.passports, hazards.coverage; for search, its feature query) measured in the same
run. Prints p50 / p95 / max in ms, the ratio of the request's p50 to its bare queries' p50, and the machine's load.

Run: ATLAS_DB_NAME=<a database with the region loaded and analysed> .venv/bin/python bench/passports.py
     (BENCH_REQUESTS: requests per page, default 30; BENCH_PDF_REQUESTS: 5; BENCH_AREA: KGZ/KG-J;
     BENCH_CELL: KGZ/UZB; BENCH_SEARCH: Osh)"""

import os
import sys
import time

import _django

_django.setup()

from _http import load_average
from django.db import connection
from django.test import Client

from hazards.analysis.audience import audience_params
from hazards.coverage import COVERAGE
from hazards.models import AdminArea, Audience, Country
from hazards.passports import CELL as CELL_SQL
from hazards.passports import DECADES, MATRIX, OUTLINE, PUBLISHED, SHARED, unit_sql
from hazards.search import FEATURES, feature_params

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
PDF_REQUESTS = int(os.environ.get("BENCH_PDF_REQUESTS", 5))
AREA = os.environ.get("BENCH_AREA", "KGZ/KG-J")
CELL = os.environ.get("BENCH_CELL", "KGZ/UZB")
SEARCH = os.environ.get("BENCH_SEARCH", "Osh")


def timed(fn, times: int) -> list[float]:
    """Milliseconds of `times` calls of `fn`, after one warm-up call."""
    fn()
    found = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        found.append((time.perf_counter() - started) * 1000)
    return found


def figures(ms: list[float]) -> tuple[float, float, float]:
    ordered = sorted(ms)
    return (ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], ordered[-1])


def bare_reads(sql_params: list[tuple[str, dict]]):
    """One call: every read-model query of an answer, fetched, on the request's own connection."""
    def run():
        with connection.cursor() as cursor:
            for sql, params in sql_params:
                cursor.execute(sql, params)
                cursor.fetchall()
    return run


def unit_reads(iso3: str, area_code: str | None) -> list[tuple[str, dict]]:
    country = Country.objects.get(iso3=iso3)
    area = AdminArea.objects.get(country=country, code=area_code) if area_code else None
    who = audience_params(Audience.PUBLIC)
    reads = [(sql, {**params, **who}) for sql, params in
             (unit_sql(template, country, area) for template in (SHARED, DECADES, OUTLINE))]
    return [*reads, (COVERAGE, {"members": [iso3], **who})]


def fold(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT atlas_fold(%s)", [text])
        return cursor.fetchone()[0]


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ru")
    who = audience_params(Audience.PUBLIC)
    members = list(Country.objects.filter(is_member=True).order_by("iso3").values_list("iso3", flat=True))
    origin, target = CELL.split("/")
    iso3, area = AREA.split("/")
    cases = []  # (name, path, requests, bare reads)
    for code in members:
        cases += [(f"passport {code} HTML", f"/passport/{code}/", REQUESTS, unit_reads(code, None)),
                  (f"passport {code} JSON", f"/api/v1/passports/{code}/", REQUESTS, unit_reads(code, None))]
    cases += [
        (f"area {AREA} HTML", f"/passport/{AREA}/", REQUESTS, unit_reads(iso3, area)),
        (f"area {AREA} JSON", f"/api/v1/passports/{AREA}/", REQUESTS, unit_reads(iso3, area)),
        ("matrix HTML", "/passport/", REQUESTS, [(MATRIX.format(published=PUBLISHED), who)]),
        ("matrix JSON", "/api/v1/passports/", REQUESTS, [(MATRIX.format(published=PUBLISHED), who)]),
        (f"cell {CELL}", f"/passport/matrix/{CELL}/", REQUESTS,
         [(CELL_SQL.format(published=PUBLISHED), {"origin": origin, "target": target, "limit": 500, **who})]),
        ("coverage JSON", "/api/v1/coverage/", REQUESTS, [(COVERAGE, {"members": members, **who})]),
        (f"search {SEARCH!r}", f"/api/v1/search/?q={SEARCH}", REQUESTS, [(FEATURES, feature_params(fold(SEARCH),
                                                                                              Audience.PUBLIC))]),
        (f"passport PDF {members[0]}", f"/passport/{members[0]}/pdf/", PDF_REQUESTS, None),
    ]
    print(f"{'':<24}{'p50':>9}{'p95':>9}{'max':>9}{'bare p50':>10}{'ratio':>8}   ({load_average()})")

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    for name, path, times, reads in cases:
        p50, p95, worst = figures(timed(lambda p=path: get(p), times))
        bare = figures(timed(bare_reads(reads), times))[0] if reads else None
        ratio = f"{p50 / bare:>7.1f}×" if bare else f"{'':>8}"
        bare_text = f"{bare:>10.1f}" if bare else f"{'—':>10}"
        print(f"{name:<24}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{bare_text}{ratio}")
    print(f"ms, {REQUESTS} warm requests each ({PDF_REQUESTS} for the PDF); {load_average()}")


if __name__ == "__main__":
    sys.exit(main())
