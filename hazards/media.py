"""Media: the atlas's files (uploaded sources, raster COGs, exports) behind Django's storage API, so that they live
on the file system under MEDIA_ROOT or in a bucket of an S3-compatible object store (settings.media_storage).

Names are storage names (`rasters/<layer>/v3-<checksum>.tif`), and every one is made here: an upload's source
under `uploads/<upload>/`, a version's COG under `rasters/<layer>/`, its download files under
`exports/<database>/<version>/`. Writers get a local file to write and the object is
stored when they finish; GDAL reads COGs in place (a local path, or `/vsis3/` with range requests); programs that
need a whole local file (ogr2ogr, archive unpacking) get a copy. Nothing here hands out a URL: media is served
only through the access-checked views."""

import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from rasterio.session import AWSSession
from storages.utils import clean_name


def _local(name: str) -> Path | None:
    """The file-system path of `name`, or None when the storage is not on the file system."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None


def _key(name: str) -> str:
    """The object key of `name` in the bucket (with the storage's prefix)."""
    return default_storage._normalize_name(clean_name(name))


def upload_folder(upload_id) -> str:
    """The folder of an upload's stored source file (removed as a whole when the source is purged)."""
    return f"uploads/{upload_id}"


def upload_source_name(upload_id, file_name: str) -> str:
    """The name an upload's source file `file_name` is stored under."""
    return f"{upload_folder(upload_id)}/{file_name}"


def raster_cog_name(*, layer_slug: str, number: int, checksum: str) -> str:
    """The name of the COG of version `number` of a raster layer, made from a source with this SHA-256."""
    return f"rasters/{layer_slug}/v{number}-{checksum[:12]}.tif"


def export_prefix(version_id: int) -> str:
    """The folder of a version's download files (made on first request by serving.downloads)."""
    return f"exports/{connection.settings_dict['NAME']}/{int(version_id)}"


def export_file_name(version_id: int, folder: str, file_name: str) -> str:
    """The name of the download file `file_name` of a version, in the `folder` of its format and revision."""
    return f"{export_prefix(version_id)}/{folder}/{file_name}"


def media_exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


@contextmanager
def media_writing(name: str) -> Iterator[Path]:
    """A local file to write the object `name` into: stored under that name (replacing it) when the block ends
    without error, never kept when it raises. On the file system it is the final file itself."""
    local = _local(name)
    if local is not None:
        local.parent.mkdir(parents=True, exist_ok=True)
        try:
            yield local
        except BaseException:
            local.unlink(missing_ok=True)
            raise
        return
    with tempfile.TemporaryDirectory(prefix="atlas-media-") as work:
        target = Path(work) / PurePosixPath(name).name
        yield target
        with target.open("rb") as content:
            default_storage.save(name, File(content, name=target.name))


def media_store_file(name: str, source: Path) -> str:
    """Store a copy of the local file `source` under `name` (replacing it); returns the name. Nothing is kept when
    the copy fails."""
    with media_writing(name) as target:
        shutil.copyfile(source, target)
    return name


def media_save(name: str, content) -> str:
    """Store a Django File (an upload) under `name`; returns the name it was stored under."""
    return default_storage.save(name, content)


def media_local_copy(name: str, folder: Path) -> Path:
    """A local file with the content of `name`: the file itself on the file system, else a copy downloaded into
    `folder` under the same base name (the caller removes the folder)."""
    local = _local(name)
    if local is not None:
        return local
    target = Path(folder) / PurePosixPath(name).name
    target.parent.mkdir(parents=True, exist_ok=True)
    default_storage.bucket.download_file(_key(name), str(target))
    return target


def media_size(name: str) -> int:
    """The size of `name` in bytes (a stat on the file system, a HEAD in the bucket)."""
    return default_storage.size(name)


class _Window(io.RawIOBase):
    """The bytes [start, start + length) of a binary file object, read in the caller's chunks (a file seeked to the
    window's start, or a bucket's ranged body). Positions are the source's: a server's sendfile (gunicorn) reads
    the descriptor's offset, sends from it and seeks the file past what it sent, which a local file allows."""

    def __init__(self, source, length: int, start: int = 0):
        self._source, self._position, self._stop = source, start, start + length

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        left = max(0, self._stop - self._position)
        size = left if size is None or size < 0 else min(size, left)
        data = self._source.read(size) if size else b""
        self._position += len(data)
        return data

    def fileno(self) -> int:
        """The descriptor of a local file (OSError otherwise): a server's sendfile then sends the window from the
        file's offset, as many bytes as the response's Content-Length, without copying them through Python."""
        return self._source.fileno()

    def seekable(self) -> bool:
        return self._source.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = self._source.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._source.close()
        super().close()


def media_range(name: str, start: int, stop: int) -> io.RawIOBase:
    """A binary file object yielding bytes [start, stop) of `name` and no more, streamed as it is read: a seek on
    the file system; in a bucket, a GET of that byte range (django-storages' S3File would download the whole object
    first)."""
    if stop <= start:
        return _Window(io.BytesIO(), 0)
    local = _local(name)
    if local is not None:
        handle = local.open("rb")
        handle.seek(start)
        return _Window(handle, stop - start, start)
    body = default_storage.bucket.Object(_key(name)).get(Range=f"bytes={start}-{stop - 1}")["Body"]
    return _Window(body, stop - start)


def media_delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def media_delete_tree(prefix: str) -> None:
    """Delete every object under the folder `prefix` (no error when there is none)."""
    local = _local(prefix)
    if local is not None:
        shutil.rmtree(local, ignore_errors=True)
        return
    default_storage.bucket.objects.filter(Prefix=_key(prefix).rstrip("/") + "/").delete()


def gdal_path(name: str) -> str:
    """The path GDAL opens `name` by: the local file, or `/vsis3/<bucket>/<key>` read with range requests."""
    local = _local(name)
    if local is not None:
        return str(local)
    return f"/vsis3/{default_storage.bucket_name}/{_key(name)}"


def gdal_options() -> dict:
    """rasterio.Env options that let GDAL reach the object store (nothing for the file system): a rasterio
    AWSSession with the storage's keys, region and endpoint, and the endpoint's scheme and addressing style."""
    if _local("") is not None:
        return {}
    storage = default_storage
    return dict(_s3_options(storage.access_key, storage.secret_key, storage.region_name, storage.endpoint_url,
                            storage.addressing_style))


@lru_cache(maxsize=4)
def _s3_options(access_key, secret_key, region, endpoint_url, addressing_style) -> tuple:
    options = {"AWS_VIRTUAL_HOSTING": "FALSE" if addressing_style == "path" else "TRUE"}
    endpoint = None
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        endpoint = parts.netloc
        options["AWS_HTTPS"] = "NO" if parts.scheme == "http" else "YES"
    options["session"] = AWSSession(aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                    region_name=region, endpoint_url=endpoint)
    return tuple(options.items())
