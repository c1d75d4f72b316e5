"""Set-up as root from a folder the 'postgres' user cannot enter (mode 700: root's home, mktemp -d).

The private cluster then lives in /var/tmp behind the link .state/pg; the server's user must only ever be
given the real path, and run from a folder it may enter (issue 15)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(cmd, env, cwd, timeout=180):
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{cmd} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def test_db_starts_from_a_folder_closed_to_postgres():
    if os.geteuid() != 0:
        pytest.skip("the mode-700 problem exists only for root handing the cluster to the 'postgres' user")
    home = Path(tempfile.mkdtemp(prefix="atlas-home-"))  # mode 700, like root's home
    assert home.stat().st_mode & 0o777 == 0o700
    clone = home / "atlas"
    env = {k: v for k, v in os.environ.items() if k not in ("ATLAS_STATE_DIR", "DATABASE_URL", "ATLAS_DB_NAME")}
    link = clone / ".state" / "pg"
    cluster = None
    try:
        _run(["git", "clone", "-q", str(CHECKOUT), str(clone)], env, cwd=home)
        # The working copy's scripts, committed or not, are what is under test.
        shutil.copytree(CHECKOUT / "scripts", clone / "scripts", dirs_exist_ok=True)
        start = subprocess.run(["scripts/db.sh", "start"], env=env, cwd=clone, capture_output=True, text=True,
                               timeout=180)
        cluster = link.resolve() if link.is_symlink() else None
        assert start.returncode == 0, f"db.sh start failed:\n{start.stdout}\n{start.stderr}"
        assert link.is_symlink(), "cluster not relocated"
        assert str(cluster).startswith("/var/tmp/atlas-pg-"), "cluster not relocated"
        conf = (cluster / "data" / "postgresql.conf").read_text()
        assert f"unix_socket_directories = '{cluster}/run'" in conf  # the real path, not the link
        psql = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1])
        out = _run([str(psql), "-X", "-h", str(link / "run"), "-U", "atlas", "-d", "atlas", "-tAc", "select 1"],
                   env, cwd=clone)
        assert out.stdout.strip() == "1"
        _run(["scripts/db.sh", "stop"], env, cwd=clone)
        assert not (cluster / "data" / "postmaster.pid").exists()
    finally:
        if cluster is not None and (cluster / "data" / "postmaster.pid").exists():
            subprocess.run(["scripts/db.sh", "stop"], env=env, cwd=clone, capture_output=True, timeout=120)
        if cluster is not None and str(cluster).startswith("/var/tmp/atlas-pg-"):
            shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
