"""Set up Django for a benchmark script run as `python bench/NAME.py` from the checkout."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings")
    import django

    django.setup()


def pg_dsn() -> str:
    """The Django database as a libpq connection string (for ogr2ogr and psql)."""
    from django.db import connection

    s = connection.settings_dict
    parts = {"host": s.get("HOST"), "port": s.get("PORT"), "dbname": s["NAME"], "user": s.get("USER"),
             "password": s.get("PASSWORD")}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)
