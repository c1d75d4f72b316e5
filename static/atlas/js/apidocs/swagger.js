// Swagger UI at /api/docs/, started from a static file (the CSP allows no inline script). The page hands over the
// schema URL, drf-spectacular's SWAGGER_UI_SETTINGS and the CSRF token in <script id="api-docs-config"
// type="application/json">; the body gets data-ready="true" once the operations are drawn.
import { readConfig } from "../shared/config.js";

const config = readConfig("api-docs-config", ["url"]);

// "Try it out" of a POST/PATCH/DELETE with the session sends the CSRF token, as the atlas's own forms do.
function requestInterceptor(request) {
  if (!["GET", "HEAD", undefined].includes(request.method)) {
    request.headers[config.csrfHeader] = config.csrfToken;
  }
  return request;
}

window.ui = window.SwaggerUIBundle({
  url: config.url,
  dom_id: "#swagger-ui",
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  requestInterceptor,
  ...structuredClone(config.settings),  // a copy: the config is frozen
  onComplete: () => { document.body.dataset.ready = "true"; },
});
