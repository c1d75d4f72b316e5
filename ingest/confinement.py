"""How the child process that reads an upload is confined, applied by the child to itself before it opens the
file: an address-space and a CPU-time limit, a network namespace of its own (no interface but a down loopback),
Landlock (only the upload's folder readable, a scratch folder writable, the libraries and GDAL/PROJ data it needs
readable, no TCP), an environment with GDAL's network and side-file access closed, and — for vector reads — no OGR
driver registered but the ones the detected format names. Each step that the system does not permit is skipped
and recorded in the returned dict (docs/security.md says what each needs)."""

import ctypes
import os
import resource
import sys
import sysconfig
import tempfile
from pathlib import Path

import pyogrio
import pyproj
import rasterio

from .landlock import landlock_restrict

# GDAL reads these as configuration options (CPLGetConfigOption falls back to the environment).
GDAL_ENVIRONMENT = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".atlas-no-network",  # no /vsicurl/ read, whatever a file names
    "GDAL_HTTP_MAX_RETRY": "0", "GDAL_HTTP_TIMEOUT": "1", "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",  # no sibling side files (.ovr, .aux.xml, .msk) found by listing
    "GDAL_PAM_ENABLED": "NO",  # no .aux.xml read or written
    "GDAL_VRT_ENABLE_PYTHON": "NO", "GDAL_VRT_ENABLE_RAWRASTERBAND": "NO",
    "GDAL_ALLOW_LARGE_LIBJPEG_MEM_ALLOC": "NO",
    "GDAL_CACHEMAX": "256", "CPL_DEBUG": "OFF",
    "OGR_SQLITE_LOAD_EXTENSIONS": "", "OGR_GPKG_INTEGRITY_CHECK": "NO",
}
KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "GDAL_DATA", "PROJ_DATA", "PROJ_LIB")


def _system_paths() -> list[Path]:
    """What a Python process with GDAL and PROJ reads while it works: the interpreter's libraries, the packages,
    GDAL's and PROJ's data, shared libraries and the devices every program uses."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sysconfig.get_paths()["stdlib"],
             sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], pyproj.datadir.get_data_dir(),
             os.path.dirname(pyogrio.__file__), os.path.dirname(rasterio.__file__),
             "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/proj", "/usr/share/gdal", "/usr/local/lib",
             "/dev/urandom", "/etc/ld.so.cache"}
    return sorted({Path(os.path.realpath(p)) for p in paths} | {Path(p) for p in paths})


def _limits(memory_mb: int, seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))  # SIGXCPU at `seconds`, SIGKILL later
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _network_off() -> bool:
    try:
        os.unshare(os.CLONE_NEWNET)
    except (OSError, AttributeError):
        try:
            os.unshare(os.CLONE_NEWUSER | os.CLONE_NEWNET)  # an unprivileged user may do both at once
        except (OSError, AttributeError):
            return False
    return True


def _environment(scratch: Path) -> None:
    kept = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    os.environ.clear()
    os.environ.update(kept, **GDAL_ENVIRONMENT, CPL_TMPDIR=str(scratch), TMPDIR=str(scratch))
    tempfile.tempdir = str(scratch)


def _loaded_gdal_libraries() -> list[str]:
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if "libgdal" in line.rsplit("/", 1)[-1]})


def drivers_keep(allowed: tuple[str, ...]) -> list[str]:
    """Deregister every GDAL driver but `allowed` in each GDAL library loaded (pyogrio's and rasterio's may be
    two): OGR then cannot open a file as anything but the detected format. Returns the drivers left."""
    pyogrio.list_drivers()  # make sure pyogrio has registered its drivers before some are taken away
    left = set()
    for name in _loaded_gdal_libraries():
        gdal = ctypes.CDLL(name)
        gdal.GDALGetDriver.restype = ctypes.c_void_p
        gdal.GDALGetDriverShortName.restype = ctypes.c_char_p
        gdal.GDALGetDriverShortName.argtypes = [ctypes.c_void_p]
        gdal.GDALDeregisterDriver.argtypes = [ctypes.c_void_p]
        for index in reversed(range(gdal.GDALGetDriverCount())):
            driver = gdal.GDALGetDriver(index)
            short = gdal.GDALGetDriverShortName(driver).decode()
            if short in allowed:
                left.add(short)
            else:
                gdal.GDALDeregisterDriver(driver)
    return sorted(left)


def confine(*, readable: list[Path], scratch: Path, memory_mb: int, seconds: int,
            drivers: tuple[str, ...] | None) -> dict:
    """Confine this (child) process as the module says; `drivers` None keeps GDAL's drivers (rasters: rasterio
    names the driver itself and rio-cogeo needs its own). Returns what is in force."""
    applied = {"drivers": drivers_keep(drivers) if drivers is not None else None}
    _environment(scratch)
    _limits(memory_mb, seconds)
    applied["network_namespace"] = _network_off()
    applied["landlock"] = landlock_restrict(readable=[*_system_paths(), *readable],
                                            writable=[scratch, Path(os.devnull)])
    return applied
