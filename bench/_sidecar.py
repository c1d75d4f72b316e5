"""The reference servers of the serving benchmarks, in their own virtualenv (never the project's): tipg (OGC API -
Features and vector tiles over PostGIS tables and views) and titiler (COG tiles), one FastAPI app under uvicorn:
bench/sidecar/app.py (a folder of its own, so `make bench` never runs it in the project's venv). The venv is made
on first use in .state/bench/tipg-venv from PyPI.

    .venv/bin/python bench/_sidecar.py      # only create the venv (what the benchmarks do when it is missing)"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".state" / "bench" / "tipg-venv"
# tipg 1.6 as the issue names it; titiler.core from the same resolver run, so both share one FastAPI/morecantile.
REQUIREMENTS = ["tipg>=1.6,<1.7", "titiler.core", "uvicorn[standard]"]
SCHEMA = "bench_tipg"  # the only schema tipg is shown: views of the benchmarked layers' rows


def venv_python() -> Path:
    """The side venv's python, creating the venv (with the project's interpreter) and installing on first use."""
    python = VENV / "bin" / "python"
    stamp = VENV / "installed.txt"
    if stamp.exists() and stamp.read_text() == "\n".join(REQUIREMENTS):
        return python
    VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *REQUIREMENTS], check=True)
    stamp.write_text("\n".join(REQUIREMENTS))
    return python


def versions() -> str:
    """tipg, titiler.core and uvicorn as installed in the side venv."""
    code = ("from importlib.metadata import version as v; "
            "print(', '.join(f'{p} {v(p)}' for p in ('tipg', 'titiler.core', 'uvicorn')))")
    return subprocess.run([str(venv_python()), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Poll `url` until it answers 200; RuntimeError if `proc` exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


def start(dsn: str, port: int, workers: int, cog_dir: Path | None = None) -> subprocess.Popen:
    """tipg + titiler on 127.0.0.1:port (tipg at /, titiler at /cog), over the views in schema SCHEMA of the
    database `dsn` (a postgresql:// URL). Stop it with stop()."""
    env = {**os.environ, "DATABASE_URL": dsn, "TIPG_DB_SCHEMAS": f'["{SCHEMA}"]',
           "TIPG_MAX_FEATURES_PER_QUERY": "10000",
           "TIPG_DEFAULT_FEATURES_LIMIT": "1000", "TIPG_DEBUG": "false", "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
           "PYTHONPATH": str(Path(__file__).resolve().parent / "sidecar")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen([str(venv_python().parent / "uvicorn"), "app:app", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(workers), "--log-level", "warning",
                             "--no-access-log"], env=env, cwd=cog_dir or ROOT, start_new_session=True)
    wait_http(f"http://127.0.0.1:{port}/collections", proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started here (its whole process group: uvicorn's or gunicorn's workers too)."""
    from tests.scale.stack import process_group_stop

    process_group_stop(proc)


if __name__ == "__main__":
    print(versions())
