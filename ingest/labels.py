"""Which attribute names a feature: guessed once when a layer's first version arrives; editors and the admin
can change it (Layer.label_field). Only this guess knows common source attribute names."""

NAME_FIELDS = ("name", "name_ru", "name_kk", "name_en", "Name", "NAME", "location_name", "Lake_name", "lake_name",
               "fz_name", "shapeName", "title", "NAME_RU", "NAZV", "nazvanie")


def label_field_guess(fields: dict) -> str:
    """The first attribute among common name attributes, else the first text attribute, else ''."""
    for name in NAME_FIELDS:
        if name in fields:
            return name
    lowered = {name.lower(): name for name in fields}
    for name in NAME_FIELDS:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return next((name for name, kind in fields.items() if str(kind) in ("object", "str", "string")), "")
