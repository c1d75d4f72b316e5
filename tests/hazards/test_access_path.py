"""A layer's access changes through one service only (hazards.services.layers.layer_access_set): a write of
`access` anywhere else — an assignment, an `update(access=…)`, `update_fields=["access"]` — would change who may
read the layer without its derived outputs, history and caches following. Read from the source, like a lint."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["atlas", "hazards", "ingest", "serving", "web", "region", "alerts"]
ALLOWED = {"hazards/services/layers.py": "the service itself",
           "hazards/admin.py": "puts the form's old value back before calling the service"}


def _writes(tree: ast.AST) -> list[int]:
    """Line numbers of the writes of an `access` attribute or column in a module."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            flat = [t for target in targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
            lines += [node.lineno for t in flat if isinstance(t, ast.Attribute) and t.attr == "access"]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
            lines += [node.lineno for k in node.keywords if k.arg == "access"]
        if isinstance(node, ast.keyword) and node.arg == "update_fields" and "'access'" in ast.unparse(node.value):
            lines.append(node.value.lineno)
    return lines


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), filename=str(path))


def test_access_is_written_only_by_its_service():
    found = {name: _writes(tree) for name, tree in _modules() if name not in ALLOWED}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_check_sees_each_kind_of_write():
    source = ("layer.access = 'restricted'\nLayer.objects.filter(pk=1).update(access='public')\n"
              "layer.save(update_fields=['access'])\nlayer.access, other = 'public', 1\n")
    assert sorted(_writes(ast.parse(source))) == [1, 2, 3, 4]


def test_the_service_is_where_the_check_finds_the_write():
    tree = ast.parse((ROOT / "hazards/services/layers.py").read_text())
    assert _writes(tree) != []
