"""URL templates for the front end: reverse() with named {placeholders} instead of values, so the page's config
carries every URL the JavaScript requests and the URL map stays in one place (the urlconfs)."""

from django.urls import reverse

# A value each path converter accepts and no real URL part contains, swapped for the {placeholder} afterwards.
SENTINELS = {"slug": "placeholder-slug", "int": 987654321, "uuid": "00000000-0000-4000-8000-000000000000",
             "str": "placeholder-str"}


def url_template(name: str, **parts: tuple[str, str]) -> str:
    """reverse(name) with each URL argument written as {placeholder}: parts maps the argument to (converter,
    placeholder), e.g. url_template("api:layer-feature", slug=("slug", "slug"), fid=("int", "id"))."""
    url = reverse(name, kwargs={arg: SENTINELS[kind] for arg, (kind, _) in parts.items()})
    for kind, placeholder in parts.values():
        url = url.replace(str(SENTINELS[kind]), "{" + placeholder + "}", 1)
    return url
