"""CQL2 text filters (OGC API - Features Part 3, Basic CQL2 and S_INTERSECTS) turned into parameterised SQL
over hazards_feature. pygeofilter parses; this module only translates, never pastes a literal into SQL."""

import json
from dataclasses import dataclass

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


def _value_sql(attr: Attr, literal) -> tuple[str, list, object]:
    """SQL for an attribute compared with `literal`, typed after the literal: (sql, params, literal)."""
    if attr.name == "hazard_level" and isinstance(literal, str):
        try:
            return COLUMNS["hazard_level"], [], int(HazardLevel.from_code(literal))
        except DomainError as exc:
            raise ParamError("filter", exc.detail) from None
    if attr.name in COLUMNS:
        return COLUMNS[attr.name], [], literal
    if isinstance(literal, bool):
        return "(f.properties -> %s)::text", [attr.name], "true" if literal else "false"
    if isinstance(literal, int | float):
        return "(CASE WHEN f.properties ->> %s ~ %s THEN (f.properties ->> %s)::float8 END)", \
            [attr.name, NUMBER, attr.name], literal
    return "(f.properties ->> %s)", [attr.name], literal


class _Translator(Evaluator):
    @handle(ast.Attribute)
    def attribute(self, node):
        return Attr(node.name)

    @handle(ast.Comparison, subclasses=True)
    def comparison(self, node, lhs, rhs):
        attr, literal = (lhs, rhs) if isinstance(lhs, Attr) else (rhs, lhs)
        if not isinstance(attr, Attr) or isinstance(literal, Attr | Sql):
            raise ParamError("filter", "comparisons need one property and one value")
        sql, params, literal = _value_sql(attr, literal)
        op = COMPARISON[node.op] if attr is lhs else COMPARISON[node.op].translate(str.maketrans("<>", "><"))
        return Sql(f"{sql} {op} %s", [*params, literal])

    @handle(ast.Between)
    def between(self, node, lhs, low, high):
        sql, params, low = _value_sql(lhs, low)
        return Sql(f"{'NOT ' if node.not_ else ''}({sql} BETWEEN %s AND %s)", [*params, low, high])

    @handle(ast.Like)
    def like(self, node, lhs):
        sql, params, pattern = _value_sql(lhs, str(node.pattern))
        op = "ILIKE" if node.nocase else "LIKE"
        return Sql(f"{sql} {'NOT ' if node.not_ else ''}{op} %s", [*params, pattern])

    @handle(ast.In)
    def in_(self, node, lhs, *options):
        sql, params, _ = _value_sql(lhs, options[0] if options else "")
        return Sql(f"{sql} {'NOT ' if node.not_ else ''}IN ({', '.join(['%s'] * len(options))})",
                   [*params, *options])

    @handle(ast.IsNull)
    def is_null(self, node, lhs):
        sql, params, _ = _value_sql(lhs, "")
        return Sql(f"{sql} IS {'NOT ' if node.not_ else ''}NULL", params)

    @handle(ast.And, ast.Or)
    def combination(self, node, lhs, rhs):
        return Sql(f"({lhs.text} {node.op.value} {rhs.text})", [*lhs.params, *rhs.params])

    @handle(ast.Not)
    def not_(self, node, sub):
        return Sql(f"NOT ({sub.text})", sub.params)

    @handle(ast.SpatialComparisonPredicate, subclasses=True)
    def spatial(self, node, lhs, rhs):
        attr, shape = (lhs, rhs) if isinstance(lhs, Attr) else (rhs, lhs)
        if not (isinstance(attr, Attr) and attr.name in GEOMETRY_NAMES and isinstance(shape, Sql)):
            raise ParamError("filter", "spatial functions compare the geometry ('geometry') with a shape")
        if node.op not in SPATIAL:
            raise ParamError("filter", f"{node.op.value} is not supported; use S_INTERSECTS")
        return Sql(f"{SPATIAL[node.op]}(f.geom, {shape.text})", shape.params)

    @handle(values.Geometry)
    def geometry(self, node):
        return Sql("ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)", [json.dumps(node.geometry)])

    @handle(values.Envelope)
    def envelope(self, node):
        return Sql("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", [node.x1, node.y1, node.x2, node.y2])

    @handle(ast.Function)
    def function(self, node, *args):
        if node.name.lower() == "bbox" and len(args) == 4:
            return Sql("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", list(args))
        raise ParamError("filter", f"function {node.name} is not supported")

    @handle(int, float, str, bool)
    def literal(self, node):
        return node

    def adopt(self, node, *sub_args):
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
