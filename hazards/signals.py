"""A version deleted by any path (a service, the admin, a shell) loses its partitions before its row goes: the
database has no foreign key from the features to the version (migration 0019), so no partition is left behind
(unless a reader holds it: then the periodic sweep drops it)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from hazards.models import LayerVersion
from hazards.services.versions import version_partitions_drop


@receiver(pre_delete, sender=LayerVersion, dispatch_uid="hazards.version_partitions_drop")
def version_partitions_drop_before_delete(sender, instance: LayerVersion, **kwargs) -> None:
    version_partitions_drop([instance.pk])
