// The upload page: send the file with a real transfer progress bar (XHR), follow the job, show the preview,
// publish. Everything goes through the REST API the same way a script would.

const config = JSON.parse(document.getElementById("upload-config").textContent);
const form = document.getElementById("upload-form");
const $ = (id) => document.getElementById(id);
const csrf = () => form.querySelector("[name=csrfmiddlewaretoken]").value;
let current = null;

function show(id, on = true) { $(id).hidden = !on; }

function fail(message) {
  show("failure");
  $("failure").textContent = `${gettext("The upload failed")}: ${message}`;
}

function errorText(body) {
  if (body.fields) return Object.entries(body.fields).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`).join("; ");
  return body.detail || JSON.stringify(body);
}

const drop = $("drop");
for (const type of ["dragenter", "dragover"]) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); $("file").files = e.dataTransfer.files; });
drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });

form.querySelectorAll("[name=target]").forEach((radio) => radio.addEventListener("change", () => {
  $("metadata").disabled = form.target.value === "version";
}));

form.addEventListener("submit", (e) => {
  e.preventDefault();
  show("failure", false);
  show("preview", false);
  const data = new FormData(form);
  for (const [key, value] of [...data.entries()]) if (value === "") data.delete(key);
  const version = data.get("target") === "version";
  const url = version ? `${config.layers}${data.get("slug")}/versions/` : config.create;
  data.delete("target");
  data.delete("slug");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", url);
  xhr.setRequestHeader("X-CSRFToken", csrf());
  xhr.upload.addEventListener("progress", (ev) => {
    if (ev.lengthComputable) $("transfer").value = Math.round((100 * ev.loaded) / ev.total);
  });
  xhr.addEventListener("load", () => {
    const body = JSON.parse(xhr.responseText || "{}");
    if (xhr.status !== 202) { fail(errorText(body)); return; }
    $("transfer").value = 100;
    follow(body.id);
  });
  xhr.addEventListener("error", () => fail(gettext("the connection was lost")));
  show("progress");
  xhr.send(data);
});

async function follow(id) {
  const response = await fetch(`${config.uploads}${id}/`, { credentials: "same-origin" });
  const upload = await response.json();
  current = upload;
  $("processing").value = upload.progress;
  $("stage").textContent = `${upload.status} · ${upload.stage || ""}`;
  if (upload.status === "failed") { fail(upload.errors.map((e) => e.detail).join("; ")); return; }
  if (upload.status === "ready" || upload.status === "published") { preview(upload); return; }
  setTimeout(() => follow(id), 700);
}

function preview(upload) {
  show("preview");
  const p = upload.preview;
  const d = upload.detected;
  $("summary").textContent = `${upload.layer} · v${upload.version} · ${p.feature_count} ${gettext("features")} · `
    + `${d.format} · ${gettext("encoding")} ${d.encoding || "—"} · ${gettext("coordinate system")} ${d.crs || "—"}`
    + (p.repaired ? ` · ${gettext("geometries repaired")}: ${p.repaired}` : "")
    + (p.dropped ? ` · ${gettext("empty geometries dropped")}: ${p.dropped}` : "");
  $("warnings").replaceChildren(...upload.warnings.map((w) => Object.assign(document.createElement("li"), { textContent: w })));
  const rows = p.rows || [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 12);
  const table = $("rows");
  table.replaceChildren();
  const head = table.insertRow();
  keys.forEach((k) => { const th = document.createElement("th"); th.textContent = k; head.append(th); });
  rows.forEach((r) => { const tr = table.insertRow(); keys.forEach((k) => { tr.insertCell().textContent = r[k] ?? ""; }); });
  if (p.bbox) {
    const [w, s, e, n] = p.bbox;
    const map = L.map("preview-map", { attributionControl: false }).fitBounds([[s, w], [n, e]]);
    L.vectorGrid?.protobuf?.("/tiles/countries/{z}/{x}/{y}.pbf")?.addTo(map);
    L.rectangle([[s, w], [n, e]], { color: "#bd0026", weight: 2 }).addTo(map);
  }
  show("publish", upload.status === "ready");
  if (upload.status === "published") published(upload.layer);
}

function published(slug) {
  show("published");
  $("layer-link").href = `/?layers=${encodeURIComponent(slug)}`;
}

$("publish").addEventListener("click", async () => {
  const response = await fetch(`${config.layers}${current.layer}/publish/`, {
    method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
    body: JSON.stringify({ version: current.version }),
  });
  if (response.ok) { show("publish", false); published(current.layer); } else fail(errorText(await response.json()));
});
