"""An upload handler that refuses files over ATLAS_UPLOAD_MAX_BYTES while they stream in, and leaves nothing of
them behind: the part already streamed to a temporary file (the next handler's) is deleted at once, not when the
garbage collector finds the request's frames."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooLarge(RequestDataTooBig):
    def __init__(self, limit: int):
        super().__init__(f"the file is larger than the limit of {limit} bytes")
        self.limit = limit


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file and stops the request once the limit is passed."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self._discard_partial_files()
            raise UploadTooLarge(settings.UPLOAD_MAX_BYTES)
        return raw_data

    def file_complete(self, file_size):
        return None

    def _discard_partial_files(self) -> None:
        """Close (and so delete: they are NamedTemporaryFiles) the files the other handlers are writing."""
        for handler in self.request.upload_handlers if self.request else ():
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
