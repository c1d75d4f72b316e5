"""The units the levels are computed for — member countries, their admin areas and districts — kept cut into small
parts and buffered by the seismic rule's distance, in tables of their own (hazards.analysis.units), instead of being
cut and buffered again by every recomputation: that took most of the levels stage (about 4 s for the parts and 9 s
for the buffered zones of the 537 units, on a loaded machine), while the boundaries change about once a year. The
tables are a cache: hazards.analysis.units rebuilds them whenever the checksum of the boundaries (and of the buffer
distance) differs from the one stored with them."""

from django.db import migrations

FORWARD = """
CREATE TABLE hazards_analysis_unit (
    key text PRIMARY KEY, country_id bigint NOT NULL, area_id bigint, level integer NOT NULL, parent_key text,
    area_km2 double precision NOT NULL);
CREATE TABLE hazards_analysis_unit_part (key text NOT NULL, g geometry NOT NULL, g_m geometry NOT NULL);
CREATE INDEX hazards_analysis_unit_part_g ON hazards_analysis_unit_part USING gist (g);
CREATE INDEX hazards_analysis_unit_part_g_m ON hazards_analysis_unit_part USING gist (g_m);
CREATE TABLE hazards_analysis_unit_zone (key text NOT NULL, g geometry NOT NULL);
CREATE INDEX hazards_analysis_unit_zone_g ON hazards_analysis_unit_zone USING gist (g);
CREATE TABLE hazards_analysis_unit_source (checksum text NOT NULL);
"""
BACKWARD = """DROP TABLE hazards_analysis_unit, hazards_analysis_unit_part, hazards_analysis_unit_zone,
hazards_analysis_unit_source"""


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0024_equidistant_srid"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
