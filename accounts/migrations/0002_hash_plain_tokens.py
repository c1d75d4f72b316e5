"""The plain-text keys of rest_framework.authtoken become hashed ApiTokens, so the national systems that hold
them keep working: each key's SHA-256 and first 8 characters, the scopes of its user's role (as of this
migration: admin read+upload+alerts, editor read+upload, issuer and analyst read+alerts, no role read), expiring
90 days after the migration ran (docs/security.md: rotate them before). The old table (with its migration records and
permissions) is then dropped: keys in plain text are what this replaces. A database that never had rest_framework.authtoken has nothing to do."""

import hashlib
from datetime import timedelta

from django.db import migrations
from django.utils import timezone

MIGRATED_TOKEN_DAYS = 90
ROLE_SCOPES = {"admin": ["read", "upload", "alerts"], "editor": ["read", "upload"],
               "issuer": ["read", "alerts"], "analyst": ["read", "alerts"]}


def hash_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    Membership = apps.get_model("hazards", "Membership")
    roles = dict(Membership.objects.values_list("user_id", "role"))
    expires_at = timezone.now() + timedelta(days=MIGRATED_TOKEN_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create([
        ApiToken(user_id=user_id, name="migrated from rest_framework.authtoken", prefix=key[:8],
                 key_hash=hashlib.sha256(key.encode()).hexdigest(), scopes=ROLE_SCOPES.get(roles.get(user_id), ["read"]),
                 created_at=created, expires_at=expires_at)
        for key, user_id, created in rows])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")
        cursor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("hazards", "0015_issuer_role"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop, elidable=False),
    ]
