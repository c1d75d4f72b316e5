"""Validation of uploads: the file, the new layer's metadata, and the processing options."""

import codecs

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext
from pyproj import CRS
from pyproj.exceptions import CRSError
from rest_framework import serializers

from hazards.classification import classification_validate
from hazards.errors import DomainError
from hazards.labels import attribute_labels_validate
from hazards.models import Country, HazardType, Layer
from hazards.services.layers import RESERVED_SLUGS
from ingest.errors import error_text
from ingest.models import Upload
from ingest.progress import STAGES


def classification_validator(value) -> None:
    """The domain's check of a hazard level mapping, as a field validator (400 naming the field)."""
    try:
        classification_validate(value or {})
    except DomainError as exc:
        raise serializers.ValidationError(str(exc.detail)) from None


def attribute_labels_validator(value) -> None:
    """The domain's check of a layer's attribute labels, as a field validator (400 naming the field)."""
    try:
        attribute_labels_validate(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class CodeRelatedField(serializers.SlugRelatedField):
    """An object chosen by its code; a code with NUL is refused as DRF's CharField refuses it (400 naming the
    field) before the lookup, where psycopg's DataError on NUL escaped the field's own error handling (a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(ProhibitNullCharactersValidator.message,
                                              code=ProhibitNullCharactersValidator.code)
        return super().to_internal_value(data)


class UploadOptions(serializers.Serializer):
    file = serializers.FileField(help_text="Shapefile (.zip), GeoPackage, GeoJSON, KML/KMZ, CSV or GeoTIFF")
    encoding = serializers.CharField(required=False, max_length=40,
                                     help_text="attribute encoding, e.g. CP1251 (default: the file's own or detected)")
    srid = serializers.IntegerField(required=False, help_text="EPSG code of the coordinates, e.g. 28413")
    layer = serializers.CharField(required=False, max_length=200, help_text="layer inside a GeoPackage or KML")
    member = serializers.CharField(required=False, max_length=300, help_text="dataset inside a zip archive")
    publish = serializers.BooleanField(required=False, default=False, help_text="publish as soon as it is ready")

    def validate_encoding(self, value):
        try:
            codecs.lookup(value)
        except LookupError:
            raise serializers.ValidationError(f"unknown encoding {value!r}; e.g. UTF-8, CP1251, CP866") from None
        return value

    def validate_srid(self, value):
        try:
            CRS.from_epsg(value)
        except CRSError:
            raise serializers.ValidationError(f"EPSG:{value} is not a known coordinate system") from None
        return value

    def options(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k != "file"}


class NewLayerUpload(UploadOptions):
    slug = serializers.SlugField(required=False, max_length=100)
    title_ru = serializers.CharField(max_length=250)
    title_en = serializers.CharField(required=False, max_length=250, allow_blank=True, default="")
    title_kk = serializers.CharField(required=False, max_length=250, allow_blank=True, default="")
    description_ru = serializers.CharField(required=False, max_length=10000, allow_blank=True, default="")
    description_en = serializers.CharField(required=False, max_length=10000, allow_blank=True, default="")
    description_kk = serializers.CharField(required=False, max_length=10000, allow_blank=True, default="")
    hazard_type = CodeRelatedField(slug_field="code", queryset=HazardType.objects.all())
    country = CodeRelatedField(slug_field="iso3", queryset=Country.objects.all(), required=False,
                                           allow_null=True, help_text="ISO3 code of the owner country")
    access = serializers.ChoiceField(choices=Layer.Access.choices, default=Layer.Access.PUBLIC)
    source = serializers.CharField(required=False, max_length=500, allow_blank=True, default="")
    source_url = serializers.URLField(required=False, max_length=500, allow_blank=True, default="")
    licence = serializers.CharField(max_length=200)
    attribution = serializers.CharField(required=False, max_length=500, allow_blank=True, default="")
    classification = serializers.JSONField(required=False, default=dict, validators=[classification_validator])
    time_field = serializers.CharField(required=False, max_length=100, allow_blank=True, default="")
    attribute_labels = serializers.JSONField(
        required=False, default=dict, validators=[attribute_labels_validator],
        help_text='how popups and the layer page name attributes: {"mag": {"ru": "Магнитуда", "en": "Magnitude"}}')

    METADATA = ("slug", "title_ru", "title_en", "title_kk", "description_ru", "description_en", "description_kk",
                "access", "source", "source_url", "licence", "attribution", "classification", "time_field",
                "attribute_labels")

    def validate_slug(self, value):
        if value in RESERVED_SLUGS or Layer.objects.filter(slug=value).exists():
            raise serializers.ValidationError(f"the identifier {value!r} is taken")
        return value

    def metadata(self) -> dict:
        data = self.validated_data
        metadata = {k: data[k] for k in self.METADATA if k in data}
        metadata["hazard_type"] = data["hazard_type"].code
        metadata["country"] = data["country"].iso3 if data.get("country") else None
        return metadata

    def options(self) -> dict:
        return {k: v for k, v in super().options().items() if k in UploadOptions().fields}


class UploadStatus(serializers.ModelSerializer):
    layer = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True, allow_null=True)
    feature_count = serializers.IntegerField(source="version.feature_count", read_only=True, allow_null=True)
    errors = serializers.SerializerMethodField()
    stage_label = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = ["id", "status", "progress", "stage", "layer", "version", "feature_count", "original_name",
                  "size", "checksum", "detected", "warnings", "errors", "preview", "created_at", "updated_at",
                  "stage_label"]

    def get_errors(self, upload) -> list[dict]:
        """Each error with its detail in the reader's language (the job stored the message and its values)."""
        return [{key: value for key, value in {**error, "detail": error_text(error)}.items()
                 if key not in ("message", "params")} for error in upload.errors]

    def get_stage_label(self, upload) -> str:
        return gettext(STAGES.get(upload.stage, upload.stage)) if upload.stage else ""
