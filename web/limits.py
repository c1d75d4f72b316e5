"""An upload handler that refuses files over ATLAS_UPLOAD_MAX_BYTES while they stream in."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooLarge(RequestDataTooBig):
    pass


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file and stops the request once the limit is passed."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            raise UploadTooLarge(f"the file is larger than the limit of {settings.UPLOAD_MAX_BYTES} bytes")
        return raw_data

    def file_complete(self, file_size):
        return None
