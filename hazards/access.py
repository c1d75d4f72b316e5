"""The access policy of the atlas, in one place. Every endpoint (API, tiles, OGC, downloads, map) asks
these functions; a layer a user may not read answers 404 as if it did not exist.

    anonymous           public layers
    analyst             every layer (read)
    editor of country X public layers, and restricted layers owned by X; creates and updates X's layers
    regional admin      everything (superusers count as regional administrators); issues alerts for any country;
                        marks layers official or provisional (the permission hazards.mark_official)
    issuer of country X public layers, and restricted layers owned by X; issues CAP alerts for X (alerts/)
"""

from django.db.models import Q, QuerySet

from .models import Audience, Country, Layer, Membership


def _membership(user) -> Membership | None:
    if not (user and user.is_authenticated):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def is_admin(user) -> bool:
    membership = _membership(user)
    return bool(user and user.is_authenticated and (user.is_superuser or (
        membership and membership.role == Membership.Role.ADMIN)))


def readable_filter(user) -> Q:
    """A filter on Layer selecting the layers `user` may read."""
    if is_admin(user):
        return Q()
    public = Q(access=Layer.Access.PUBLIC)
    membership = _membership(user)
    if membership is None:
        return public
    if membership.role == Membership.Role.ANALYST:
        return Q()
    return public | Q(owner_id=membership.country_id)


def readable_key(user) -> str:
    """A text naming the set of layers `user` may read (equal for users who read the same layers), for caches."""
    return str(readable_filter(user))


def layers_readable(user) -> QuerySet[Layer]:
    """Every layer `user` may read, published or not."""
    return Layer.objects.filter(readable_filter(user))


def can_edit_country(user, country: Country | None) -> bool:
    """May `user` create or update layers owned by `country` (None: regional layers)?"""
    if is_admin(user):
        return True
    membership = _membership(user)
    return bool(membership and membership.role == Membership.Role.EDITOR and country is not None
                and membership.country_id == country.pk)


def can_edit_layer(user, layer: Layer) -> bool:
    return can_edit_country(user, layer.owner)


def can_mark_official(user) -> bool:
    """May `user` mark layers official or provisional (the permission hazards.mark_official: regional
    administrators and superusers carry it; an administrator may grant it to others)?"""
    return bool(user and user.is_authenticated and user.has_perm("hazards.mark_official"))


def can_upload(user) -> bool:
    """Regional administrators and country editors publish layers."""
    membership = _membership(user)
    return is_admin(user) or bool(membership and membership.role == Membership.Role.EDITOR)


def can_issue_alerts(user, country: Country | None) -> bool:
    """May `user` issue CAP alerts for `country`? Duty officers (issuers) for their own country, regional
    administrators for any."""
    if country is None:
        return False
    if is_admin(user):
        return True
    membership = _membership(user)
    return bool(membership and membership.role == Membership.Role.ISSUER and membership.country_id == country.pk)


def can_issue_any_alerts(user) -> bool:
    """Does `user` issue CAP alerts at all, for some country? Duty officers (issuers) and regional administrators
    (superusers among them): they compose, upload alert areas and read the focal-point registry."""
    return is_admin(user) or issuer_country_id(user) is not None


def issuer_country_id(user) -> int | None:
    """The country a duty officer issues alerts for (None for everyone else)."""
    membership = _membership(user)
    return membership.country_id if membership and membership.role == Membership.Role.ISSUER else None


def audience_for(user) -> str:
    """The audience whose derived outputs (levels, evidence, exposure, matrix, search, PDFs) `user` sees: every
    layer for those who may read every layer (analysts, regional administrators), public layers for everyone
    else — a country editor's own restricted layers stay out of outputs that mix countries."""
    return Audience.FULL if readable_filter(user) == Q() else Audience.PUBLIC
