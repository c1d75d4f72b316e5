// ReDoc at /api/redoc/, started from a static file (the CSP allows no inline script). The page hands over the
// schema URL and drf-spectacular's REDOC_UI_SETTINGS in <script id="api-docs-config" type="application/json">;
// the body gets data-ready="true" once the operations are drawn (ReDoc's search runs in a blob: worker, which
// the CSP's worker-src allows).
import { readConfig } from "../shared/config.js";

const config = readConfig("api-docs-config", ["url"]);

// The libraries get their own copy of the settings: the config is frozen.
window.Redoc.init(config.url, structuredClone(config.settings), document.getElementById("redoc-container"), (error) => {
  if (error) {
    console.error("ReDoc could not render the API definition", error);
  }
  document.body.dataset.ready = "true";
});
