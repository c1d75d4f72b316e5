"""Adds the OGC API - Features paths to the atlas's OpenAPI schema (/api/schema/), under /ogc."""

from .openapi import openapi_document


def add_ogc_paths(result, generator, request, public):
    ogc = openapi_document("/ogc")
    for path, item in ogc["paths"].items():
        for operation in item.values():
            operation.setdefault("tags", ["ogc"])
        result["paths"][f"/ogc{path if path != '/' else '/'}"] = item
    return result
