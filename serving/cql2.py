"""CQL2 text filters (OGC API - Features Part 3, Basic CQL2 and S_INTERSECTS) turned into parameterised SQL
over hazards_feature. pygeofilter parses; this module only translates, never pastes a literal into SQL."""

import json
from dataclasses import dataclass
from typing import NoReturn

from lark.exceptions import LarkError
from pygeofilter import ast, values
from pygeofilter.backends.evaluator import Evaluator, handle
from pygeofilter.parsers.cql2_text import parse

from hazards.classification import NUMBER
from hazards.errors import DomainError
from hazards.models import HazardLevel

from .errors import ParamError

COMPARISON = {ast.ComparisonOp.EQ: "=", ast.ComparisonOp.NE: "<>", ast.ComparisonOp.LT: "<",
              ast.ComparisonOp.LE: "<=", ast.ComparisonOp.GT: ">", ast.ComparisonOp.GE: ">="}
SPATIAL = {ast.SpatialComparisonOp.INTERSECTS: "ST_Intersects", ast.SpatialComparisonOp.DISJOINT: "ST_Disjoint",
           ast.SpatialComparisonOp.CONTAINS: "ST_Contains", ast.SpatialComparisonOp.WITHIN: "ST_Within"}
COLUMNS = {"year": "f.year", "transboundary": "f.transboundary", "hazard_level": "f.hazard_level", "id": "f.fid"}
GEOMETRY_NAMES = {"geom", "geometry"}


@dataclass
class Attr:
    name: str


@dataclass
class Sql:
    text: str
    params: list


Literal = int | float | str | bool
Operand = Attr | Sql | Literal  # what the translator makes of a node of the tree


def _property(operand: Operand, operator: str) -> Attr:
    """The property `operator` applies to: a value in its place is a 400 naming the filter, not a crash."""
    if not isinstance(operand, Attr):
        raise ParamError("filter", f"{operator} needs a property on its left, not {operand!r}")
    return operand


COLUMN_KINDS = {"year": "number", "id": "number", "transboundary": "boolean", "hazard_level": "level"}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    raise ParamError("filter", f"{type(value).__name__} values cannot be compared with a property")


def _level(value: object) -> int:
    if isinstance(value, str):
        try:
            return int(HazardLevel.from_code(value))
        except DomainError as exc:
            raise ParamError("filter", exc.detail) from None
    if _kind(value) == "number" and value in (1, 2, 3, 4):
        return int(value)
    raise ParamError("filter", f"hazard_level is one of high, medium, low, very_low (or 4-1), not {value!r}")


def _value_sql(attr: Attr, values: list) -> tuple[str, list, list]:
    """SQL for a property compared with `values` (one, or several for BETWEEN and IN), typed after the column
    or the values, which must all be of one kind: (sql, params, values). A mismatch is a 400 naming the
    property, never an SQL error."""
    kinds = {_kind(value) for value in values}
    expected = COLUMN_KINDS.get(attr.name)
    if expected == "level":
        return COLUMNS[attr.name], [], [_level(value) for value in values]
    if expected and kinds - {expected}:
        raise ParamError("filter", f"{attr.name} is a {expected}: {values[0]!r} cannot be compared with it")
    if len(kinds) > 1:
        raise ParamError("filter", f"the values compared with {attr.name} mix {' and '.join(sorted(kinds))}")
    if attr.name in COLUMNS:
        return COLUMNS[attr.name], [], values
    if kinds == {"boolean"}:
        return "(f.properties -> %s)::text", [attr.name], ["true" if value else "false" for value in values]
    if kinds == {"number"}:
        return "(CASE WHEN f.properties ->> %s ~ %s THEN (f.properties ->> %s)::float8 END)", \
            [attr.name, NUMBER, attr.name], values
    return "(f.properties ->> %s)", [attr.name], values


class _Translator(Evaluator):
    @handle(ast.Attribute)
    def attribute(self, node: ast.Attribute) -> Attr:
        return Attr(node.name)

    @handle(ast.Comparison, subclasses=True)
    def comparison(self, node: ast.Comparison, lhs: Operand, rhs: Operand) -> Sql:
        attr, literal = (lhs, rhs) if isinstance(lhs, Attr) else (rhs, lhs)
        if not isinstance(attr, Attr) or isinstance(literal, Attr | Sql):
            raise ParamError("filter", "comparisons need one property and one value")
        sql, params, (literal,) = _value_sql(attr, [literal])
        op = COMPARISON[node.op] if attr is lhs else COMPARISON[node.op].translate(str.maketrans("<>", "><"))
        return Sql(f"{sql} {op} %s", [*params, literal])

    @handle(ast.Between)
    def between(self, node: ast.Between, lhs: Operand, low: Literal, high: Literal) -> Sql:
        sql, params, (low, high) = _value_sql(_property(lhs, "BETWEEN"), [low, high])
        return Sql(f"{'NOT ' if node.not_ else ''}({sql} BETWEEN %s AND %s)", [*params, low, high])

    @handle(ast.Like)
    def like(self, node: ast.Like, lhs: Operand) -> Sql:
        lhs = _property(lhs, "LIKE")
        if COLUMN_KINDS.get(lhs.name):
            raise ParamError("filter", f"{lhs.name} is a {COLUMN_KINDS[lhs.name]}: LIKE compares text")
        sql, params, (pattern,) = _value_sql(lhs, [str(node.pattern)])
        op = "ILIKE" if node.nocase else "LIKE"
        return Sql(f"{sql} {'NOT ' if node.not_ else ''}{op} %s", [*params, pattern])

    @handle(ast.In)
    def in_(self, node: ast.In, lhs: Operand, *options: Literal) -> Sql:
        lhs = _property(lhs, "IN")
        if not options:
            raise ParamError("filter", f"IN needs at least one value for {lhs.name}")
        sql, params, compared = _value_sql(lhs, list(options))
        return Sql(f"{sql} {'NOT ' if node.not_ else ''}IN ({', '.join(['%s'] * len(compared))})",
                   [*params, *compared])

    @handle(ast.IsNull)
    def is_null(self, node: ast.IsNull, lhs: Operand) -> Sql:
        lhs = _property(lhs, "IS NULL")
        sql, params = (COLUMNS[lhs.name], []) if lhs.name in COLUMNS else ("(f.properties ->> %s)", [lhs.name])
        return Sql(f"{sql} IS {'NOT ' if node.not_ else ''}NULL", params)

    @handle(ast.And, ast.Or)
    def combination(self, node: ast.Combination, lhs: Sql, rhs: Sql) -> Sql:
        return Sql(f"({lhs.text} {node.op.value} {rhs.text})", [*lhs.params, *rhs.params])

    @handle(ast.Not)
    def not_(self, node: ast.Not, sub: Sql) -> Sql:
        return Sql(f"NOT ({sub.text})", sub.params)

    @handle(ast.SpatialComparisonPredicate, subclasses=True)
    def spatial(self, node: ast.SpatialComparisonPredicate, lhs: Operand, rhs: Operand) -> Sql:
        attr, shape = (lhs, rhs) if isinstance(lhs, Attr) else (rhs, lhs)
        if not (isinstance(attr, Attr) and attr.name in GEOMETRY_NAMES and isinstance(shape, Sql)):
            raise ParamError("filter", "spatial functions compare the geometry ('geometry') with a shape")
        if node.op not in SPATIAL:
            raise ParamError("filter", f"{node.op.value} is not supported; use S_INTERSECTS")
        return Sql(f"{SPATIAL[node.op]}(f.geom, {shape.text})", shape.params)

    @handle(values.Geometry)
    def geometry(self, node: values.Geometry) -> Sql:
        return Sql("ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)", [json.dumps(node.geometry)])

    @handle(values.Envelope)
    def envelope(self, node: values.Envelope) -> Sql:
        return Sql("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", [node.x1, node.y1, node.x2, node.y2])

    @handle(ast.Function)
    def function(self, node: ast.Function, *args: Operand) -> Sql:
        if node.name.lower() == "bbox" and len(args) == 4:
            return Sql("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", list(args))
        raise ParamError("filter", f"function {node.name} is not supported")

    @handle(int, float, str, bool)
    def literal(self, node: Literal) -> Literal:
        return node

    def adopt(self, node: object, *sub_args: object) -> NoReturn:
        raise ParamError("filter", f"{type(node).__name__} is not supported in filters")


def cql2_where(text: str) -> tuple[str, list]:
    """(sql, params) for a CQL2 text filter; ParamError naming `filter` when it cannot be used."""
    try:
        tree = parse(text)
    except (LarkError, ValueError) as exc:
        raise ParamError("filter", f"cannot parse the CQL2 text filter: {str(exc).splitlines()[0]}") from None
    result = _Translator().evaluate(tree)
    if not isinstance(result, Sql):
        raise ParamError("filter", "the filter must be a condition")
    return result.text, result.params
