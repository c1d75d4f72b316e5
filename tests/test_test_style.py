"""The tests' own style, kept by walking their syntax trees: no assertion that a branch can skip.

An `assert` under an `if` (or a `match` case, or the `else` of a `for`/`while`) checks nothing when the branch is
not taken, so a test can pass without having looked. Assert the condition itself, or split the test (one case per
parametrised run). Each rule below is a function of one assertion and where it stands; a new rule of style (e.g.
compound `assert a and b`) is one more function in RULES.
"""

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Site:
    """An assertion, the function it is in, and the statements around it inside that function."""

    path: str
    function: str
    node: ast.Assert
    branches: tuple[str, ...]  # "if", "match", "for-else", "while-else", outermost first


def _skippable(site: Site) -> str | None:
    if site.branches:
        return f"assert under {' / '.join(site.branches)}"
    return None


RULES: list[Callable[[Site], str | None]] = [_skippable]

# (file under tests/, function): why the rule does not apply there.
EXCEPTIONS = {
    ("alerts/test_escalation_machine.py", "_check_step"):
        "a Hypothesis rule's check of the step it drew: both branches assert, and which facts hold depends on the "
        "step (the resend reaches the focal point itself, the next contact the centre and the night contact)",
}


def _branches_of(parent: ast.AST, child: ast.AST) -> tuple[str, ...]:
    """Which skippable branch of `parent` holds `child`, if any."""
    if isinstance(parent, ast.If) and child is not parent.test:
        return ("if",)
    if isinstance(parent, ast.match_case):
        return ("match",)
    if isinstance(parent, ast.For | ast.AsyncFor | ast.While) and child in parent.orelse:
        return (f"{'while' if isinstance(parent, ast.While) else 'for'}-else",)
    return ()


def _sites_in(node: ast.AST, path: str, function: str, branches: tuple[str, ...]) -> Iterator[Site]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _sites_in(child, path, child.name, ())  # a function nested in another is judged on its own
        elif isinstance(child, ast.Assert) and function:
            yield Site(path, function, child, branches + _branches_of(node, child))
        else:
            yield from _sites_in(child, path, function, branches + _branches_of(node, child) if function else ())


def sites(source: str, path: str = "<source>") -> list[Site]:
    """Every assertion inside a function of `source`, with the branches that hold it."""
    return list(_sites_in(ast.parse(source), path, "", ()))


def findings(source: str, path: str = "<source>") -> list[str]:
    """What the rules find in `source`, one line each."""
    return [f"{site.path}:{site.node.lineno} {site.function}: {message}"
            for site in sites(source, path) if (site.path, site.function) not in EXCEPTIONS
            for message in [rule(site) for rule in RULES] if message]


def test_no_test_has_an_assertion_a_branch_can_skip():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        found += findings(path.read_text(), str(path.relative_to(TESTS)))
    assert found == []


def test_each_exception_still_names_a_function_with_such_an_assertion():
    for path, function in EXCEPTIONS:
        skippable = [site for site in sites((TESTS / path).read_text(), path)
                     if site.function == function and _skippable(site)]
        assert skippable, (path, function)


@pytest.mark.parametrize(("source", "found"), [
    ("def test_a(x):\n    if x:\n        assert x == 1\n", ["<source>:3 test_a: assert under if"]),
    ("def test_a(x):\n    if x:\n        pass\n    else:\n        assert x\n", ["<source>:5 test_a: assert under if"]),
    ("def test_a(xs):\n    for x in xs:\n        pass\n    else:\n        assert xs\n",
     ["<source>:5 test_a: assert under for-else"]),
    ("def test_a(x):\n    while x:\n        if x > 2:\n            assert x\n        x -= 1\n",
     ["<source>:4 test_a: assert under if"]),
    ("def test_a(x):\n    match x:\n        case 1:\n            assert x\n",
     ["<source>:4 test_a: assert under match"]),
    ("def helper(x):\n    if x:\n        assert x\n", ["<source>:3 helper: assert under if"]),
    ("def test_a(x):\n    def check():\n        if x:\n            assert x\n    check()\n",
     ["<source>:4 check: assert under if"]),
])
def test_the_rule_finds_an_assertion_under_a_branch(source, found):
    assert findings(source) == found


@pytest.mark.parametrize("source", [
    "def test_a(x):\n    assert x == (1 if x else 2)\n",
    "def test_a(xs):\n    for x in xs:\n        assert x\n",
    "def test_a(x):\n    if x:\n        x += 1\n    assert x\n",
    "if True:\n    assert 1\n",
    "def test_a(x):\n    assert [y for y in x if y]\n",
])
def test_the_rule_leaves_an_assertion_that_always_runs(source):
    assert findings(source) == []
