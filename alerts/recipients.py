"""Who a regional message is for. Each country's focal points form an escalation chain (their escalation order):
the first send addresses the chain's first level only — per country in the reach, its active focal points of the
lowest order — and the regional centre; an escalation step reaches the next level. A message's recipients are the
focal points it addresses and those an escalation step sent it to: they may acknowledge it, and their answers count
for their country."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Alert, Delivery, FocalPoint


def first_contacts(countries: set[str]) -> list[FocalPoint]:
    """The first level of each country's chain: its active focal points of the lowest escalation order."""
    points = list(FocalPoint.objects.filter(active=True, is_regional_centre=False, country__iso3__in=countries)
                  .order_by("escalation_order", "address"))
    first: dict[int | None, int] = {}
    for point in points:
        first.setdefault(point.country_id, point.escalation_order)
    return [point for point in points if point.escalation_order == first[point.country_id]]


def regional_centres() -> list[FocalPoint]:
    return list(FocalPoint.objects.filter(active=True, is_regional_centre=True))


def next_contacts(point: FocalPoint) -> list[FocalPoint]:
    """The chain's next level after `point` in its country: the active focal points of the next escalation order
    (none at the chain's end)."""
    chain = FocalPoint.objects.filter(country=point.country_id, active=True, is_regional_centre=False,
                                      escalation_order__gt=point.escalation_order).order_by("escalation_order")
    following = chain.first()
    return [p for p in chain if p.escalation_order == following.escalation_order] if following else []


def recipients_of(alert: Alert) -> QuerySet[FocalPoint]:
    """The focal points `alert` was sent to: addressed by it, or reached by one of its escalation steps."""
    delivered = Delivery.objects.filter(alert=alert, focal_point=OuterRef("pk"))
    return FocalPoint.objects.filter(Q(address__in=alert.address_tokens()) | Q(Exists(delivered)))


def same_country(point: FocalPoint) -> QuerySet[FocalPoint]:
    """The focal points whose answers count for `point`: its country's (itself alone when it has no country)."""
    if point.country_id is None:
        return FocalPoint.objects.filter(pk=point.pk)
    return FocalPoint.objects.filter(country=point.country_id)
