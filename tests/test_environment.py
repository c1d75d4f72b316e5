"""The environment is read in one place (atlas/environment.py), and docs/settings.md lists exactly what it reads,
with the defaults it has."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atlas import environment
from atlas.environment import VARIABLES, Derived

ROOT = Path(settings.BASE_DIR)
DOC = ROOT / "docs" / "settings.md"
ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \| (.*?) \| (.*) \|$")

# Where the process environment may be touched outside atlas/environment.py, and why (docs/settings.md says the
# same). Tests, bench/ and scripts/ set and read their own variables and are not walked.
ENVIRONMENT_USERS = {
    "manage.py": "sets DJANGO_SETTINGS_MODULE before Django starts",
    "atlas/wsgi.py": "sets DJANGO_SETTINGS_MODULE before Django starts",
    "atlas/asgi.py": "sets DJANGO_SETTINGS_MODULE before Django starts",
    "ingest/confinement.py": "the confined reading child has no settings: it keeps a few variables, sets GDAL's",
    "serving/downloads.py": "passes the environment on to ogr2ogr, with the database password",
}
NOT_WALKED = {"tests", "bench", "scripts", "node_modules", "staticfiles", "build", "locale", "fixtures"}


def _documented() -> dict[str, str]:
    """Variable → default cell of the table under '## Read by the atlas'."""
    section = DOC.read_text().split("## Read by the atlas", 1)[1].split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines() if line.startswith("| `")]
    assert all(rows), [line for line in section.splitlines() if line.startswith("| `") and not ROW.match(line)]
    return {row[1]: row[2] for row in rows}


def _shown(default: object) -> str:
    """How a declared default is written in the table."""
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def _project_modules() -> list[Path]:
    return [path for path in ROOT.rglob("*.py")
            if not (path.relative_to(ROOT).parts[0] in NOT_WALKED or path.relative_to(ROOT).parts[0].startswith("."))
            and "migrations" not in path.parts]


def _reads_environment(tree: ast.AST) -> bool:
    """Whether the module names os.environ, os.environb, os.getenv or os.putenv, or imports one of them."""
    names = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names and getattr(node.value, "id", None) == "os":
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "os" and {a.name for a in node.names} & names:
            return True
    return False


def test_the_table_lists_exactly_the_declared_variables():
    assert sorted(_documented()) == sorted(VARIABLES)


def test_the_table_shows_each_declared_default():
    documented = _documented()
    wrong = {name: (variable.default, documented.get(name)) for name, variable in VARIABLES.items()
             if variable.default not in ("", None) and not isinstance(variable.default, Derived)
             and f"`{_shown(variable.default)}`" not in documented.get(name, "")}
    assert wrong == {}


def test_each_variable_is_declared_under_its_own_name():
    declared = {name: value for name, value in vars(environment).items() if isinstance(value, environment.Variable)}
    assert {name: variable.name for name, variable in declared.items()} == {name: name for name in VARIABLES}


def test_each_variable_says_what_it_means():
    assert [name for name, variable in VARIABLES.items() if not variable.doc.strip()] == []


def test_no_other_module_reads_the_environment():
    readers = sorted(str(path.relative_to(ROOT)) for path in _project_modules()
                     if _reads_environment(ast.parse(path.read_text(), filename=str(path))))
    assert readers == sorted(["atlas/environment.py", *ENVIRONMENT_USERS])


def test_the_walk_sees_the_settings_and_the_apps():
    walked = {str(path.relative_to(ROOT)) for path in _project_modules()}
    assert {"atlas/settings.py", "manage.py", "hazards/media.py", "alerts/checks.py"} <= walked


def test_a_derived_default_must_be_given_when_read():
    with pytest.raises(TypeError, match="ATLAS_MEDIA_ROOT"):
        environment.ATLAS_MEDIA_ROOT.read()


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("ATLAS_HTTPS", "maybe", "ATLAS_HTTPS must be true or false, not 'maybe'"),
    ("ATLAS_DB_POOL_SIZE", "ten", "ATLAS_DB_POOL_SIZE must be an integer, not 'ten'"),
    ("ATLAS_CAP_INBOX_BURST", "0", "ATLAS_CAP_INBOX_BURST must be a positive integer, not 0"),
    ("ATLAS_JOB_DB_RETRY_SECONDS", "-1", "ATLAS_JOB_DB_RETRY_SECONDS must be at least 0, not -1"),
    ("ATLAS_INGEST_MEMORY_MB", "255", "ATLAS_INGEST_MEMORY_MB must be at least 256 (the reading child needs it), "
                                      "not 255"),
    ("ATLAS_INGEST_MEMORY_MB", "0", "ATLAS_INGEST_MEMORY_MB must be a positive integer, not 0"),
    ("ATLAS_MEDIA_STORAGE", "gcs", "ATLAS_MEDIA_STORAGE must be fs or s3, not 'gcs'"),
    ("ATLAS_S3_ADDRESSING", "dns", "ATLAS_S3_ADDRESSING must be path or virtual, not 'dns'"),
    ("ATLAS_TRUSTED_PROXIES", "10.0.0.1,proxy", "ATLAS_TRUSTED_PROXIES must list IP addresses or networks (CIDR), "
                                                "not 'proxy'"),
])
def test_a_bad_value_stops_the_start_naming_the_variable(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ImproperlyConfigured) as refused:
        VARIABLES[variable].read()
    assert str(refused.value) == message


@pytest.mark.parametrize(("variable", "value", "read"), [
    ("ATLAS_HTTPS", "On", True), ("ATLAS_HTTPS", "", False), ("ATLAS_DB_POOL_SIZE", "", 10),
    ("ATLAS_CAP_LANGUAGES", " ru, kk ,,", ["ru", "kk"]), ("ATLAS_NODE_COUNTRY", " uzb ", "UZB"),
    ("ATLAS_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8", ["127.0.0.1", "10.0.0.0/8"]),
    ("ATLAS_S3_PREFIX", "", ""),
])
def test_good_values_are_read_as_before(monkeypatch, variable, value, read):
    monkeypatch.setenv(variable, value)
    assert VARIABLES[variable].read() == read


def test_an_unset_variable_reads_its_default(monkeypatch):
    monkeypatch.delenv("ATLAS_CAP_LANGUAGES", raising=False)
    assert environment.ATLAS_CAP_LANGUAGES.read() == ["ru", "en", "kk"]
