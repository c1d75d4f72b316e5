"""Background jobs (procrastinate; run by `manage.py procrastinate worker`)."""

from procrastinate.contrib.django import app

from ingest.uploads import upload_process


@app.task(queue="uploads", name="process_upload", pass_context=False)
def process_upload(upload_id: str) -> None:
    """Turn an upload into a layer version (see ingest.uploads)."""
    upload_process(upload_id)

