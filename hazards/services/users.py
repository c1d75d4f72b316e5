"""Creating and updating the atlas's users and their roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from hazards.errors import DomainError
from hazards.models import Country, Membership


@transaction.atomic
def user_set_role(*, username: str, role: str, country: str | None = None,
                  password: str | None = None) -> tuple[User, bool]:
    """Create the user if needed and give it `role` (admin, editor, analyst); editors need the ISO3 code of
    their country. Returns (user, created)."""
    if role not in Membership.Role.values:
        raise DomainError("unknown_role", f"unknown role {role!r}; use one of: {', '.join(Membership.Role.values)}")
    country_row = None
    if country:
        country_row = Country.objects.filter(iso3=country.upper()).first()
        if country_row is None:
            raise DomainError("unknown_country", f"unknown country {country!r}; use an ISO3 code such as KAZ or KGZ")
    if role in (Membership.Role.EDITOR, Membership.Role.ISSUER) and country_row is None:
        raise DomainError("country_required",
                          f"the role {role} needs --country (the ISO3 code of the country they work for)")
    user, created = get_user_model().objects.get_or_create(username=username)
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user_admin_site_sync(user=user, role=role, save=False)
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"role": role, "country": country_row})
    return user, created


def user_admin_site_sync(*, user: User, role: str, save: bool = True) -> None:
    """Open the admin site to a regional administrator and close it to every other role (superusers keep it).
    What an administrator may do there comes with the role itself (accounts.backends.RolePermissionBackend)."""
    user.is_staff = role == Membership.Role.ADMIN or user.is_superuser
    if save:
        user.save(update_fields=["is_staff"])
