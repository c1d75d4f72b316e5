"""The permissions a role carries. A regional administrator (role `admin`) may do everything in the admin site
(README: "everything, including the admin pages"): every permission of every installed model, read from the
permission table on each request, so a model added by a later migration is covered without a data migration or
a group to keep in step. Other roles carry none (their rights are the access policy of hazards.access and the
alerts services, not the admin). Changing a user's role (atlas_user, the admin's roles page) changes this at
once; the admin site's own gate, is_staff, is set by hazards.services.users with the role."""

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

from hazards.models import Membership

CACHE = "_atlas_role_perm_cache"


def _is_admin(user) -> bool:
    if not (user.is_active and not user.is_anonymous):
        return False
    membership = Membership.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    return membership == Membership.Role.ADMIN


class RolePermissionBackend(BaseBackend):
    """Authenticates nobody (AUTHENTICATION_BACKENDS' others do); answers permission questions by role."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None:
            return set()
        if not hasattr(user_obj, CACHE):
            perms = set()
            if _is_admin(user_obj):
                perms = {f"{app}.{codename}" for app, codename in
                         Permission.objects.values_list("content_type__app_label", "codename")}
            setattr(user_obj, CACHE, perms)
        return getattr(user_obj, CACHE)

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
