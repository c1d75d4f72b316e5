"""Deleting a version deletes its features in the database, never through Django's collector.

Django forgets the cascade from LayerVersion to Feature (DO_NOTHING: the collector does not select a version's
features before deleting it, which for a 500,000-feature version took 20 s and 790 MiB); the database takes it
over: the foreign keys hazards_feature → hazards_layerversion and hazards_featureanalysis → hazards_feature become
ON DELETE CASCADE. hazards.services.versions deletes features set-based first, so the cascade normally finds
nothing; any other path (a shell, a test) still leaves no orphan. The constraints keep their names and stay
DEFERRABLE INITIALLY DEFERRED as Django made them."""

import django.db.models.deletion
from django.db import migrations, models

CASCADED = [("hazards_feature", "version_id", "hazards_layerversion"),
            ("hazards_featureanalysis", "feature_id", "hazards_feature")]


def _foreign_key(schema_editor, table: str, column: str) -> str:
    constraints = schema_editor.connection.introspection.get_constraints(schema_editor.connection.cursor(), table)
    return next(name for name, c in constraints.items() if c["foreign_key"] and c["columns"] == [column])


def _set_on_delete(action: str):
    def run(apps, schema_editor):
        for table, column, target in CASCADED:
            name = _foreign_key(schema_editor, table, column)
            schema_editor.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} FOREIGN KEY ({column}) "
                f"REFERENCES {target} (id) ON DELETE {action} DEFERRABLE INITIALLY DEFERRED NOT VALID")
            schema_editor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0017_search_trgm"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feature",
            name="version",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                    related_name="features", to="hazards.layerversion"),
        ),
        migrations.RunPython(_set_on_delete("CASCADE"), _set_on_delete("NO ACTION")),
    ]
