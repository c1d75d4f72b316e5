"""Writes other processes can see: the tests' own connection sits in a transaction that is rolled back, so what a
real server, worker or browser must read is written from a thread of its own, in autocommit."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connections


def in_own_connection(fn):
    """Run `fn` in a thread with its own (autocommit) database connection, so what it writes is committed at once;
    returns what `fn` returns and raises what it raises."""

    def run():
        try:
            return fn()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()
