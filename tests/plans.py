"""Query plans for tests that assert how PostgreSQL reads: EXPLAIN's nodes, flattened."""

import json

from django.db import connection, transaction


def _flattened(plan) -> list[dict]:
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, pending = [], [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        found.append(node)
        pending += node.get("Plans", [])
    return found


def plan_nodes(sql: str, params=None, *, analyze: bool = False, seqscan: bool = True) -> list[dict]:
    """Every node of the plan of `sql`, parents before children. Parallel workers are off, so the plan is the one a
    single backend runs (a parallel plan names its scans differently). `analyze` runs the statement (EXPLAIN
    ANALYZE: actual rows and loops per node); `seqscan=False` prices sequential scans out, the plan a bigger table
    gets than the test database's few pages."""
    nodes, _ = plan_and_rows(sql, params, analyze=analyze, seqscan=seqscan, rows=False)
    return nodes


def plan_and_rows(sql: str, params=None, *, analyze: bool = True, seqscan: bool = True,
                  rows: bool = True) -> tuple[list[dict], list[tuple]]:
    """As plan_nodes, and the statement's answer (run again in the same transaction) when `rows`."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(f"SET LOCAL enable_seqscan = {'on' if seqscan else 'off'}")
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        answer = []
        if rows:
            cursor.execute(sql, params)
            answer = cursor.fetchall()
    return _flattened(plan), answer
