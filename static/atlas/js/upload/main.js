// The upload page's entry module: send the file with a real transfer progress bar, follow the job, show the
// preview, publish; everything through the REST API, as a script would. The page's state lives in one store,
// { submitted, transfer, upload, published, failure }, and render() shows it.

import { sendForm } from "../shared/api.js";
import { fillUrl, readConfig } from "../shared/config.js";
import { createStore } from "../shared/store.js";
import { followUpload, publishVersion } from "./api.js";
import { createExtentMap, mapLinkFor, renderPreview } from "./preview.js";

const URLS = ["api.layers", "api.versions", "api.publish", "api.upload", "tiles.countries", "pages.map", "vendor.maplibre",
  "vendor.maplibreLeaflet"];
const INITIAL = Object.freeze({ submitted: false, transfer: 0, upload: null, published: false, failure: null });
const $ = (id) => document.getElementById(id);
const STATUS = Object.freeze({ queued: gettext("queued"), processing: gettext("processing"),
  ready: gettext("ready to publish"), published: gettext("published"), failed: gettext("failed") });

function bindDropZone(drop, fileInput) {
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); fileInput.files = e.dataTransfer.files; });
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fileInput.click(); }
  });
}

// The form's fields for the API: empty ones left out; where to send them (a new layer or a new version).
function request(form, config) {
  const data = new FormData(form);
  for (const [key, value] of [...data.entries()]) if (value === "") data.delete(key);
  const url = data.get("target") === "version" ? fillUrl(config.api.versions, { slug: data.get("slug") }) : config.api.layers;
  data.delete("target");
  data.delete("slug");
  return { url, data };
}

function render(state, previous, { config, extentMap }) {
  const { upload } = state;
  $("progress").hidden = !state.submitted;
  $("transfer").value = state.transfer;
  $("processing").value = upload?.progress ?? 0;
  $("stage").textContent = upload ? `${STATUS[upload.status] || upload.status} · ${upload.stage_label || ""}` : "";
  $("failure").hidden = !state.failure;
  $("failure").textContent = state.failure ? `${gettext("The upload failed")}: ${state.failure}` : "";
  const done = upload && (upload.status === "ready" || upload.status === "published");
  $("preview").hidden = !done;
  if (done && upload !== previous.upload) renderPreview(upload, extentMap);
  const published = state.published || upload?.status === "published";
  $("publish").hidden = !done || published;
  $("published").hidden = !published;
  if (published) $("layer-link").href = mapLinkFor(config.pages.map, upload.layer, upload.preview?.bbox);
}

function main() {
  const config = readConfig("upload-config", URLS);
  const form = $("upload-form");
  const store = createStore(INITIAL);
  const extentMap = createExtentMap("preview-map", config.tiles.countries, config.vendor, config.tiles.basemap);
  store.subscribe((state, previous) => render(state, previous, { config, extentMap }));
  const fail = (message) => store.set({ failure: message });

  bindDropZone($("drop"), $("file"));
  form.querySelectorAll("[name=target]").forEach((radio) => radio.addEventListener("change", () => {
    $("metadata").disabled = form.target.value === "version";
  }));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { url, data } = request(form, config);
    store.set({ ...INITIAL, submitted: true });
    try {
      const body = await sendForm(url, data, (transfer) => store.set({ transfer }));
      store.set({ transfer: 100 });
      const upload = await followUpload(fillUrl(config.api.upload, { id: body.id }), (reading) => store.set({ upload: reading }));
      if (upload.status === "failed") fail(upload.errors.map((error) => error.detail).join("; "));
    } catch (error) {
      fail(error.message);
    }
  });

  $("publish").addEventListener("click", async () => {
    const { upload } = store.get();
    try {
      await publishVersion(fillUrl(config.api.publish, { slug: upload.layer }), upload.version);
      store.set({ published: true });
    } catch (error) {
      fail(error.message);
    }
  });
}

main();
