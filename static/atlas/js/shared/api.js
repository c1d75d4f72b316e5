// The one API client of every page: each request the front end makes goes through here (no other fetch). It
// sends the session's cookies and, for a write, the CSRF token; it reads JSON; an error answer becomes an
// ApiError whose message is the translated text to show: the API's {"error", "detail", "fields"?} or a problem
// details document ({"title", "detail"}) as the server wrote it in the page's language, or, when the answer is
// not JSON (a proxy's HTML page, a lost connection), a sentence of our own from the JavaScript catalogue.

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

// A failed request: `message` is for the user; `status` is the HTTP status (0 when no answer came) and `body`
// the decoded error document (null when it was not JSON).
export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

// The CSRF token Django put in the page (every page's language form carries one), else its cookie.
export function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const meta = document.querySelector("meta[name=csrf-token]");
  if (meta) return meta.content;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
}

// The text to show for an error document of the API (or of a problem details answer) with HTTP `status`.
export function errorText(body, status) {
  if (body?.fields) {
    return Object.entries(body.fields).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`).join("; ");
  }
  if (typeof body?.detail === "string" && body.detail) return body.detail;
  if (typeof body?.title === "string" && body.title) return body.title;
  return interpolate(gettext("The server answered with an error (HTTP %s)."), [status]);
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

// The decoded answer, or an ApiError for a failed one. A 2xx answer that is not JSON decodes to null.
function decoded(status, text) {
  const body = parseJson(text);
  if (status >= 200 && status < 300) return body ?? null;
  throw new ApiError(errorText(body ?? null, status), status, body ?? null);
}

function headersFor(method, json) {
  const headers = json === undefined ? {} : { "Content-Type": "application/json", Accept: "application/json" };
  if (!SAFE.has(method)) headers["X-CSRFToken"] = csrfToken();
  return headers;
}

// Requests `url` and resolves to its decoded JSON. `json` is sent as a JSON body, `form` (FormData) as a
// multipart one. Rejects with an ApiError for an error answer or a lost connection.
export async function request(url, { method = "GET", json, form } = {}) {
  let response;
  try {
    response = await fetch(url, { method, credentials: "same-origin", headers: headersFor(method, json),
      body: json !== undefined ? JSON.stringify(json) : form });
  } catch {
    throw new ApiError(gettext("the connection was lost"), 0, null);
  }
  return decoded(response.status, await response.text());
}

export const getJson = (url) => request(url);
export const postJson = (url, json, method = "POST") => request(url, { method, json });
export const postForm = (url, form) => request(url, { method: "POST", form });

// POSTs the FormData `form` to `url` with an XHR (fetch reports no upload progress), calling onProgress(percent)
// while it goes. Resolves to the decoded answer; rejects as request() does.
export function sendForm(url, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total));
    });
    xhr.addEventListener("load", () => {
      try { resolve(decoded(xhr.status, xhr.responseText)); } catch (error) { reject(error); }
    });
    xhr.addEventListener("error", () => reject(new ApiError(gettext("the connection was lost"), 0, null)));
    xhr.send(form);
  });
}
