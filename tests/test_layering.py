"""The layering kept by a test: no module of the atlas imports inside a function — such an import hides an import
circle — except the documented exceptions below, each with its reason. The package stack, the "never" rules and
the acyclic packages are import-linter's contracts in pyproject.toml (`lint-imports`, run by make lint and
make test)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("atlas", "accounts", "alerts", "hazards", "ingest", "region", "serving", "web")

# (module, function, import statement): why the import stays inside the function.
EXCEPTIONS = {
    ("hazards.apps", "HazardsConfig.ready", "from . import signals"):
        "AppConfig.ready(): the signal receivers connect once the app registry is ready",
    ("alerts.apps", "AlertsConfig.ready", "from django.core import checks"):
        "AppConfig.ready(): the system check is registered once the app registry is ready",
    ("alerts.apps", "AlertsConfig.ready", "from .checks import signing_keys_check"):
        "AppConfig.ready(): the system check reads settings and models, ready only then",
}


def _modules(root: Path):
    """(dotted name, path) of every Python module of the atlas's packages, migrations left out."""
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            yield ".".join(parts), path


def _function_imports(tree: ast.Module):
    """(function's qualified name, import statement, line) of every import inside a function of `tree`."""
    def visit(node: ast.AST, scope: list[str], in_function: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inside = in_function or not isinstance(child, ast.ClassDef)
                yield from visit(child, [*scope, child.name], inside)
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                yield ".".join(scope), ast.unparse(child), child.lineno
            else:
                yield from visit(child, scope, in_function)
    yield from visit(tree, [], False)


def function_imports(root: Path) -> dict[tuple[str, str, str], str]:
    """Every import inside a function under `root`: (module, function, import statement) → where it is."""
    found = {}
    for module, path in _modules(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function, statement, line in _function_imports(tree):
            found[(module, function, statement)] = f"{path.relative_to(root)}:{line}"
    return found


def test_no_module_imports_inside_a_function_but_the_documented_exceptions():
    undocumented = {key: where for key, where in function_imports(ROOT).items() if key not in EXCEPTIONS}
    assert undocumented == {}, "import at the top of the module (a circle? defer a job by name, move the shared " \
                               "helper into a module both sides import), or document why in EXCEPTIONS"


def test_every_documented_exception_is_still_an_import_inside_a_function():
    stale = set(EXCEPTIONS) - set(function_imports(ROOT))
    assert stale == set(), "remove the exceptions that no longer exist"


def test_an_import_in_a_method_or_nested_function_is_found(tmp_path):
    package = tmp_path / "web"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(
        "import json\n\n"
        "class View:\n"
        "    def get(self):\n"
        "        from .ogc import alerts\n\n"
        "def outer():\n"
        "    def inner():\n"
        "        import hazards.tasks\n")
    assert function_imports(tmp_path) == {("web.views", "View.get", "from .ogc import alerts"): "web/views.py:5",
                                          ("web.views", "outer.inner", "import hazards.tasks"): "web/views.py:9"}
