"""Hazard level classifications of a layer, turned into SQL over a feature's JSONB attributes.

A classification is stored on the layer as JSON, one of:

    {"field": "mag_mlh", "ranges": [[7.0, "high"], [6.0, "medium"], [5.0, "low"], [null, "very_low"]]}
        the first class whose lower bound the number reaches (bounds descending; null = any number);
    {"field": "event_type", "values": {"Nuclear Explosion": "high", "Explosion": "medium"}}
        exact text values;
    {"level": "high"}
        one level for every feature.

Features whose attribute is missing or not a number get no level (NULL, "no data")."""

from .errors import DomainError
from .models.hazard import HazardLevel

NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$"


def classification_validate(classification: dict) -> None:
    """Raise DomainError("invalid_classification") with a readable message unless `classification` has one of
    the shapes above."""
    if not classification:
        return
    try:
        if "level" in classification:
            HazardLevel.from_code(classification["level"])
        elif not isinstance(classification.get("field"), str) or not classification["field"]:
            raise ValueError("'field' must name an attribute")
        elif "ranges" in classification:
            _validate_ranges(classification["ranges"])
        elif "values" in classification:
            for level in classification["values"].values():
                HazardLevel.from_code(level)
        else:
            raise ValueError("use 'ranges', 'values' or 'level'")
    except (DomainError, ValueError, TypeError, AttributeError) as exc:
        raise DomainError("invalid_classification", f"invalid classification: {exc}") from exc


def _validate_ranges(ranges: list) -> None:
    bounds = [float(bound) for bound, _ in ranges if bound is not None]
    if bounds != sorted(bounds, reverse=True):
        raise ValueError("range bounds must be in descending order")
    for _, level in ranges:
        HazardLevel.from_code(level)


def level_sql(classification: dict, properties: str = "properties") -> tuple[str, list]:
    """An SQL expression giving the level (1-4 or NULL) of a row whose attributes are in `properties`."""
    classification_validate(classification)
    if not classification:
        return "NULL::smallint", []
    if "level" in classification:
        return "%s::smallint", [int(HazardLevel.from_code(classification["level"]))]
    value = f"({properties} ->> %s)"
    field = classification["field"]
    if "values" in classification:
        whens, params = [], [field]
        for text, level in classification["values"].items():
            whens.append("WHEN %s THEN %s")
            params += [str(text), int(HazardLevel.from_code(level))]
        return f"(CASE {value} {' '.join(whens)} END)::smallint", params
    number = f"(CASE WHEN {value} ~ %s THEN {value}::float8 END)"
    whens, params = [], []
    for bound, level in classification["ranges"]:
        if bound is None:
            whens.append("WHEN n.v IS NOT NULL THEN %s")
            params.append(int(HazardLevel.from_code(level)))
        else:
            whens.append("WHEN n.v >= %s THEN %s")
            params += [float(bound), int(HazardLevel.from_code(level))]
    sql = f"(SELECT (CASE {' '.join(whens)} END)::smallint FROM (SELECT {number} AS v) n)"
    return sql, [*params, field, NUMBER, field]


def year_sql(field: str, properties: str = "properties") -> tuple[str, list]:
    """An SQL expression giving the year of a row from an attribute holding a year (negative = BC, "1877.0"
    accepted), an ISO date ("2010-08-06…") or a US date ("8/6/2010 …"); NULL otherwise."""
    if not field:
        return "NULL::integer", []
    value = f"({properties} ->> %s)"
    sql = (
        f"(CASE WHEN {value} ~ '^\\s*-?[0-9]{{1,4}}(\\.0*)?\\s*$' THEN split_part(trim({value}), '.', 1)::integer"
        f" WHEN {value} ~ '^[0-9]{{4}}-[0-9]{{2}}' THEN left({value}, 4)::integer"
        f" WHEN {value} ~ '^[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}' THEN substring({value} from '/([0-9]{{4}})')::integer"
        " END)"
    )
    return sql, [field] * sql.count("%s")
