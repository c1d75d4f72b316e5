"""Query plans for tests that assert how PostgreSQL reads: EXPLAIN's nodes, flattened."""

import json

from django.db import connection, transaction


def plan_nodes(sql: str, params) -> list[dict]:
    """Every node of the plan of `sql`, parents before children. Parallel workers are off, so the plan is the one a
    single backend runs (a parallel plan names its scans differently)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, pending = [], [plan[0]["Plan"]]
    while pending:
        node = pending.pop()
        found.append(node)
        pending += node.get("Plans", [])
    return found
