"""The focal-point registry, written by regional administrators (role `admin`, superusers among them): register a
focal point, change it (contacts, languages, its place in its country's escalation chain) and deactivate it. A
focal point is never deleted — deliveries, acknowledgements and escalations keep pointing at it; a deactivated one
is no longer addressed. The REST API and the admin both come here."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hazards.access import can_issue_any_alerts, is_admin
from hazards.errors import DomainError, Forbidden
from hazards.models import Country

from .models import FocalPoint
from .selectors import focal_points_of
from .signing import certificate_error
from .users import AnyUser

FIELDS = ("duty_unit", "address", "emails", "webhook_url", "languages", "escalation_order", "is_regional_centre",
          "active", "certificate", "senders", "is_relay")


def focal_points_readable(user: AnyUser) -> QuerySet[FocalPoint]:
    """The registry as `user` may read it: whole for duty officers, regional administrators and focal points'
    accounts, empty for everyone else."""
    points = FocalPoint.objects.select_related("country")
    return points if can_issue_any_alerts(user) or focal_points_of(user).exists() else points.none()


def registry_check(user: AnyUser) -> None:
    """Only regional administrators change the registry (403 for everyone else)."""
    if not is_admin(user):
        raise Forbidden("not_registry_admin", _("only regional administrators manage focal points"))


def _country(iso3: str | None) -> Country | None:
    if not iso3:
        return None
    country = Country.objects.filter(iso3=iso3.upper(), is_member=True).first()
    if country is None:
        raise DomainError("unknown_country", _("unknown member country %(iso3)s") % {"iso3": iso3})
    return country


def _account(username: str | None) -> User | None:
    if not username:
        return None
    account = get_user_model().objects.filter(username=username).first()
    if account is None:
        raise DomainError("unknown_user", _("no account named %(username)s") % {"username": username})
    return account


def _apply(point: FocalPoint, values: Mapping[str, Any]) -> FocalPoint:
    for name in FIELDS:
        if name in values:
            setattr(point, name, values[name])
    if "country" in values:
        point.country = _country(values["country"])
    if "user" in values:
        point.user = _account(values["user"])
    if point.certificate and (error := certificate_error(point.certificate)):
        raise DomainError("invalid_certificate", error)
    if point.is_regional_centre == (point.country is not None):
        raise DomainError("country_or_centre", _("a focal point is either a member's (with its country) or the "
                                                 "regional centre's (without one)"))
    if FocalPoint.objects.filter(address=point.address).exclude(pk=point.pk).exists():
        raise DomainError("address_taken", _("the CAP address %(address)s is taken") % {"address": point.address})
    point.save()
    return point


@transaction.atomic
def focal_point_create(*, user: AnyUser, values: Mapping[str, Any]) -> FocalPoint:
    """Register a focal point (`values`: the model's fields, `country` as ISO3, `user` as a username)."""
    registry_check(user)
    return _apply(FocalPoint(), values)


@transaction.atomic
def focal_point_update(*, user: AnyUser, point: FocalPoint,
                       values: Mapping[str, Any]) -> FocalPoint:
    """Change the fields given in `values` (the others stay)."""
    registry_check(user)
    return _apply(FocalPoint.objects.select_for_update().get(pk=point.pk), values)


@transaction.atomic
def focal_point_deactivate(*, user: AnyUser, point: FocalPoint) -> FocalPoint:
    """Take a focal point out of the chain: no longer addressed, kept with its history."""
    registry_check(user)
    return _apply(FocalPoint.objects.select_for_update().get(pk=point.pk), {"active": False})
