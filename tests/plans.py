"""Query plans for tests that assert how PostgreSQL reads: EXPLAIN's nodes, flattened, and how each table was read.

Each caller says which planner settings it runs with (`settings`), so one helper serves plan tests that price
sequential scans out, that run the statement (ANALYZE) or that keep the planner's own choice."""

import json

from django.db import connection, transaction

# The ways a plan reads a table through an index: a Bitmap Heap Scan is fed by Bitmap Index Scans below it (the
# planner's choice once a table holds more rows, as in a full run of the suite), the others name their index.
INDEXED = frozenset({"Index Scan", "Index Only Scan", "Bitmap Heap Scan"})


def explain(sql: str, params=None, *, settings: dict | None = None, analyze: bool = False,
            rows: bool = False) -> list[dict] | tuple[list[dict], list[tuple]]:
    """Every node of the plan of `sql`, parents before children, planned under `settings` (SET LOCAL name = value,
    within one transaction). analyze=True runs the statement (EXPLAIN ANALYZE); rows=True also returns its rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in (settings or {}).items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        answer = None
        if rows:
            cursor.execute(sql, params)
            answer = cursor.fetchall()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, pending = [], [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        found.append(node)
        pending += node.get("Plans", [])
    return (found, answer) if rows else found


def plan_nodes(sql: str, params) -> list[dict]:
    """The plan a single backend runs: parallel workers off (a parallel plan names its scans differently)."""
    return explain(sql, params, settings={"max_parallel_workers_per_gather": 0})


def _indexes(node: dict) -> set[str]:
    """The indexes a scan node reads: its own, or for a Bitmap Heap Scan those of the bitmap scans beneath it."""
    found, pending = set(), [node]
    while pending:
        current = pending.pop()
        if current.get("Index Name"):
            found.add(current["Index Name"])
        pending += [child for child in current.get("Plans", []) if child["Node Type"].startswith("Bitmap")]
    return found


def table_reads(nodes: list[dict], table: str) -> list[tuple[str, set[str]]]:
    """How the plan reads `table`: (node type, indexes used) for every scan of it."""
    return [(node["Node Type"], _indexes(node)) for node in nodes if node.get("Relation Name") == table]
