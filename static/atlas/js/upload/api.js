// The REST calls of the upload page after the transfer (shared/api.js sends the form with its progress), the
// same a script would make: follow the upload job, publish the version.

import { getJson, postJson } from "../shared/api.js";

const FINISHED = new Set(["ready", "published", "failed"]);
const POLL_MS = 700;

// Reads the upload at `url` until its job has finished, calling onUpdate(upload) at each reading.
export async function followUpload(url, onUpdate) {
  for (;;) {
    const upload = await getJson(url);
    onUpdate(upload);
    if (FINISHED.has(upload.status)) return upload;
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}

// Publishes `version` at `url` (a layer's publish URL); rejects with an ApiError when the API refuses.
export function publishVersion(url, version) {
  return postJson(url, { version });
}
