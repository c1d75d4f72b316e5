"""Every storage name is made in hazards.media."""

import ast
from pathlib import Path

from hazards.media import export_file_name, export_prefix, raster_cog_name, upload_folder, upload_source_name

ROOT = Path(__file__).resolve().parents[2]
STORAGE_FOLDERS = ("uploads/", "rasters/", "exports/")
# The packages that store media; web is left out, where "uploads/" begins URL routes, not storage names.
STORING_PACKAGES = ("accounts", "alerts", "atlas", "hazards", "ingest", "region", "serving")


def _leading_text(node: ast.AST) -> str | None:
    """The text a string constant or an f-string starts with (None for any other node)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None


def _storage_names_made(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if (text := _leading_text(node)) is not None and text.startswith(STORAGE_FOLDERS)]


def test_every_storage_name_is_made_in_hazards_media():
    sources = [path for package in STORING_PACKAGES for path in (ROOT / package).rglob("*.py")
               if "migrations" not in path.parts]
    made = [where for path in sources for where in _storage_names_made(path)]
    assert {where.split(":")[0] for where in made} == {"hazards/media.py"}


def test_storage_names_keep_their_layout():
    assert upload_folder("0e1d") == "uploads/0e1d"
    assert upload_source_name("0e1d", "towns.zip") == "uploads/0e1d/towns.zip"
    assert raster_cog_name(layer_slug="quakes", number=3, checksum="0123456789abcdef" * 4) == \
        "rasters/quakes/v3-0123456789ab.tif"
    assert export_file_name(7, "gpkg", "quakes-v3.gpkg") == f"{export_prefix(7)}/gpkg/quakes-v3.gpkg"
