// The page's configuration: the JSON that the Django view renders into the page (`json_script`). Every URL the
// front end requests comes from it (or from links in the API's own answers), so the view is the one place that
// knows the URL map. URL templates name their parts in braces: "/api/v1/layers/{slug}/features/{id}/".

function lookup(object, path) {
  return path.split(".").reduce((node, key) => node?.[key], object);
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// The config in the page's <script id=elementId type="application/json">, frozen. Fails at start-up, with the
// names of what is missing, when one of the `urls` (dotted paths such as "api.search") is not a string.
export function readConfig(elementId, urls = []) {
  const element = document.getElementById(elementId);
  if (!element) throw new Error(`the page has no #${elementId} config`);
  const config = JSON.parse(element.textContent);
  const missing = urls.filter((path) => typeof lookup(config, path) !== "string");
  if (missing.length) throw new Error(`the page's #${elementId} config lacks ${missing.join(", ")}`);
  return deepFreeze(config);
}

// A URL from a template: fillUrl("/api/v1/uploads/{id}/", { id }) → "/api/v1/uploads/3f…/". Values are
// URL-encoded; a placeholder with no value is an error (Leaflet fills its own {z}/{x}/{y}, not this).
export function fillUrl(template, values) {
  return template.replace(/\{(\w+)\}/g, (placeholder, name) => {
    if (values[name] === undefined || values[name] === null) throw new Error(`no ${name} for the URL ${template}`);
    return encodeURIComponent(values[name]);
  });
}
