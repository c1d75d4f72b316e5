"""Uploads: store the file (request side), then process it (job side) into a new layer version.

The request only streams the file to disk and queues the job. The job unpacks and checks the file, then in one
transaction creates the layer (for a new one), loads the version, publishes it if asked, and records history;
any failure leaves no layer, version or feature behind and the upload marked failed with a readable reason."""

import hashlib
import json
import logging
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from hazards.jobs import job_defer
from hazards.media import media_delete_tree, media_local_copy, media_save, upload_folder, upload_source_name
from hazards.models import Feature, Layer, LayerEvent, LayerVersion
from hazards.retry import DATABASE_INTERRUPTIONS
from hazards.services.layers import event_record, layer_create, layer_publish
from ingest.errors import IngestError
from ingest.models import Upload
from ingest.pipeline import ingest_file

from .archive import find_geodata, unpack
from .formats import CONTAINERS, content_check, reader_class_for
from .progress import ProgressReporter

log = logging.getLogger(__name__)
INTERNAL_ERROR = gettext_noop("the file could not be processed because of an error in the atlas; the administrators "
                              "can find it in the server log")
PREVIEW_ROWS = 10



def upload_store(*, uploaded, user, layer: Layer | None, layer_metadata: dict, options: dict) -> Upload:
    """Store the received file (already streamed to a temporary file) as media `uploads/<id>/<name>` with its
    checksum, and create the queued Upload."""
    upload = Upload(layer=layer, layer_metadata=layer_metadata, options=options, created_by=user,
                    original_name=Path(uploaded.name).name[:300], size=uploaded.size)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks(1 << 20):
        digest.update(chunk)
    uploaded.seek(0)
    upload.file = media_save(upload_source_name(upload.pk, upload.original_name), uploaded)
    upload.checksum = digest.hexdigest()
    upload.save()
    return upload


def upload_enqueue(upload: Upload) -> None:
    """Run the job now (ATLAS_UPLOADS_INLINE, tests) or hand it to the worker once the request commits."""
    if settings.UPLOADS_INLINE:
        upload_process(upload.pk)
        return
    upload_id = str(upload.pk)
    transaction.on_commit(lambda: job_defer("process_upload", upload_id=upload_id))


def _folder(upload: Upload) -> str:
    return upload_folder(upload.pk)


def _geodata(upload: Upload, work: Path) -> Path:
    """The file to ingest: the upload itself (on an object store, a copy downloaded into `work`), or the dataset
    inside its archive; checks content vs name."""
    path = media_local_copy(upload.file, work / "source")
    suffix = path.suffix.lower()
    if content_check(path, upload.original_name) != "zip":
        return path
    files = unpack(path, work / "unpacked")
    inner = CONTAINERS[suffix]
    return find_geodata([f for f in files if inner is None or f.suffix.lower() in inner],
                        upload.options.get("member"))


# The preview map draws the first features of the new version (simplified, 4 decimals) over the base map.
PREVIEW_FEATURES = 500
PREVIEW_SQL = """
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
               'type', 'Feature', 'id', f.fid,
               'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(f.geom, 0.0005), 4)::json)), '[]'::json))
    FROM (SELECT fid, geom FROM hazards_feature WHERE version_id = %s::bigint ORDER BY fid LIMIT %s) f"""


def _preview_features(version) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(PREVIEW_SQL, [version.pk, PREVIEW_FEATURES])
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def _preview(version) -> dict:
    rows = Feature.objects.filter(version=version).order_by("fid").values_list("fid", "properties")[:PREVIEW_ROWS]
    return {"features": None if version.raster_info else _preview_features(version),
            "feature_count": version.feature_count, "bbox": version.bbox, "geometry_types": version.geometry_types,
            "countries": version.countries, "rows": [{"id": fid, **props} for fid, props in rows],
            "repaired": version.repaired_count, "dropped": version.dropped_count,
            "raster": version.raster_info or None}


@transaction.atomic
def _ingest(upload: Upload, reporter: ProgressReporter, work: Path) -> Upload:
    reporter.report("unpacking", 5)
    path = _geodata(upload, work)
    kind = reader_class_for(path).kind
    layer = upload.layer or layer_create(metadata=upload.layer_metadata, kind=kind)
    options = {"encoding": upload.options.get("encoding"), "source_layer": upload.options.get("layer")}
    srid = upload.options.get("srid")
    version = ingest_file(layer=layer, path=path, user=upload.created_by, srid=srid,
                          progress=reporter.report, **options)
    event_record(layer=layer, action=LayerEvent.Action.UPLOADED, user=upload.created_by, version=version,
                 detail=upload.original_name)
    upload.layer, upload.version = layer, version
    upload.status = Upload.Status.READY
    if upload.options.get("publish"):
        reporter.report("publishing", 95)
        layer_publish(layer=layer, version=version, user=upload.created_by)
        upload.status = Upload.Status.PUBLISHED
    upload.detected = {"format": version.source_format, "encoding": version.source_encoding,
                       "crs": version.source_crs, "file": path.name}
    upload.warnings = list(version.warnings)
    upload.preview = _preview(version)
    upload.progress, upload.stage, upload.errors = 100, "done", []
    upload.save()
    return upload


def upload_process(upload_id) -> Upload:
    """The job: process one upload; never raises for bad input (the upload records why it failed). A lost
    database connection is raised, for the job to retry (ingest.tasks): the load rolled back with it."""
    upload = Upload.objects.select_related("layer", "created_by").get(pk=upload_id)
    reporter = ProgressReporter(upload.pk)
    work = Path(tempfile.mkdtemp(prefix="atlas-upload-", dir=settings.FILE_UPLOAD_TEMP_DIR))
    try:
        return _ingest(upload, reporter, work)
    except DATABASE_INTERRUPTIONS:
        raise
    except IngestError as error:
        return _fail(upload, error.as_dict())
    except Exception:
        log.exception("upload %s failed", upload.pk)
        return _fail(upload, IngestError("internal_error", INTERNAL_ERROR).as_dict())
    finally:
        reporter.close()
        shutil.rmtree(work, ignore_errors=True)


def _fail(upload: Upload, error: dict) -> Upload:
    upload.refresh_from_db(fields=["layer"])
    upload.status, upload.stage, upload.errors = Upload.Status.FAILED, "failed", [error]
    upload.save(update_fields=["status", "stage", "errors", "updated_at"])
    if upload.layer_id:
        event_record(layer=upload.layer, action=LayerEvent.Action.FAILED, user=upload.created_by,
                     detail=f"{upload.original_name}: {error['detail']}")
    return upload


@transaction.atomic
def upload_version_publish(*, layer: Layer, version: LayerVersion, user: User | None) -> Layer:
    """Publish `version` of `layer` through the one publish path (hazards.services.layers.layer_publish) and mark
    the upload that made the version published, in one transaction; returns the layer."""
    layer = layer_publish(layer=layer, version=version, user=user)
    Upload.objects.filter(version=version).update(status=Upload.Status.PUBLISHED)
    return layer


def uploads_failed_purge(*, older_than_days: int | None = None) -> int:
    """Remove the stored files of uploads that failed more than `older_than_days` ago (the setting
    FAILED_UPLOAD_RETENTION_DAYS by default); the Upload rows and their reasons stay. Returns how many."""
    days = settings.FAILED_UPLOAD_RETENTION_DAYS if older_than_days is None else older_than_days
    old = Upload.objects.filter(status=Upload.Status.FAILED, updated_at__lt=timezone.now() - timedelta(days=days))
    removed = 0
    for upload in old.exclude(file=""):
        media_delete_tree(_folder(upload))
        removed += 1
    old.update(file="")
    return removed


def uploads_orphaned_purge() -> int:
    """Remove the stored files of uploads whose version was deleted (with its layer, or alone): the version's own
    files go when it is deleted (hazards.services.media); the Upload rows stay. Returns how many."""
    done = [Upload.Status.READY, Upload.Status.PUBLISHED]
    orphans = list(Upload.objects.filter(status__in=done, version__isnull=True).exclude(file=""))
    for upload in orphans:
        media_delete_tree(_folder(upload))
    Upload.objects.filter(pk__in=[u.pk for u in orphans]).update(file="")
    return len(orphans)
