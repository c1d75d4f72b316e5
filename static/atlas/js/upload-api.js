// The REST calls of the upload page, the same a script would make: send the form (with transfer progress),
// follow the upload job, publish the version.

const FINISHED = new Set(["ready", "published", "failed"]);
const POLL_MS = 700;

// The human text of an API error body ({"error", "detail", "fields"?}).
export function errorText(body) {
  if (body.fields) return Object.entries(body.fields).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`).join("; ");
  return body.detail || JSON.stringify(body);
}

// POSTs `data` to `url` with an XHR (fetch reports no upload progress); onProgress(percent) while it goes.
// Resolves to { status, body } once the server answers; rejects when the connection is lost.
export function sendForm(url, data, csrfToken, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total));
    });
    xhr.addEventListener("load", () => {
      let body;
      try { body = JSON.parse(xhr.responseText || "{}"); } catch { body = { detail: `HTTP ${xhr.status}` }; }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener("error", () => reject(new Error(gettext("the connection was lost"))));
    xhr.send(data);
  });
}

// Reads the upload at `url` until its job has finished, calling onUpdate(upload) at each reading.
export async function followUpload(url, onUpdate) {
  for (;;) {
    const response = await fetch(url, { credentials: "same-origin" });
    const upload = await response.json();
    onUpdate(upload);
    if (FINISHED.has(upload.status)) return upload;
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}

// Publishes `version` at `url` (a layer's publish URL). Resolves to { ok, body }.
export async function publishVersion(url, version, csrfToken) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken, "Content-Type": "application/json" },
    body: JSON.stringify({ version }),
  });
  return { ok: response.ok, body: response.ok ? null : await response.json() };
}
