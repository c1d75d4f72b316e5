// What the composer shows after the API's answers: the draft's reach (countries, regions, downstream, people)
// and the messages sent (their CAP links, the addressees, the dashboard).

const $ = (id) => document.getElementById(id);

function reachList(title, items) {
  const section = document.createElement("div");
  section.append(Object.assign(document.createElement("h3"), { textContent: title }));
  const list = document.createElement("ul");
  list.replaceChildren(...(items.length ? items : [gettext("none")]).map((text) =>
    Object.assign(document.createElement("li"), { textContent: text })));
  section.append(list);
  return section;
}

// Fills #reach with the API's `reach` of the draft; country names and numbers as the page's `config` says.
export function showReach(reach, config) {
  const number = new Intl.NumberFormat(config.lang === "kk" ? "kk-KZ" : config.lang);
  const name = (iso3) => config.names[iso3] || iso3;
  const areaNames = reach.admin_areas.filter((a) => a.level === 1).map((a) =>
    `${a[`name_${config.lang}`] || a.name_en} (${name(a.country)})`);
  // Each object once, grouped by river, in the page's language (the API's downstream_by_river).
  const downstream = reach.downstream_by_river.map((group) => interpolate(gettext("%s: %s → %s"), [
    group.river || gettext("not on a named river"), group.objects.join("; ") || "—",
    group.countries.map(name).join(", ")]));
  const exposed = Object.entries(reach.exposed).map(([iso3, e]) =>
    interpolate(gettext("%s: %s people in %s places"), [name(iso3), number.format(e.population), number.format(e.places)]));
  $("reach-body").replaceChildren(
    reachList(gettext("Countries the area touches"), reach.countries.map(name)),
    reachList(gettext("Regions the area touches"), areaNames),
    reachList(interpolate(gettext("Countries within the influence distance (%s km)"), [number.format(reach.influence_km)]),
      reach.influence_countries.map(name)),
    reachList(gettext("Countries downstream"), downstream),
    reachList(gettext("People exposed"), exposed));
  $("reach").hidden = false;
}

function capLink(message, label) {
  const item = document.createElement("li");
  const link = Object.assign(document.createElement("a"), { href: message.cap_url, textContent: message.identifier });
  item.append(`${label}: `, link);
  return item;
}

// Fills #sent with the API's answer to sending: the national and the regional message, who they went to.
export function showSent(sent, dashboardUrl) {
  const list = document.createElement("ul");
  list.append(capLink(sent.national, gettext("National public alert")),
    capLink(sent.regional, gettext("Regional message to the neighbours")));
  const recipients = sent.regional.addresses.split(" ").join(", ");
  const dashboard = Object.assign(document.createElement("a"), { href: dashboardUrl,
    textContent: gettext("Follow the deliveries and acknowledgements") });
  $("sent-body").replaceChildren(list, Object.assign(document.createElement("p"), {
    textContent: `${gettext("Addressed to")}: ${recipients}` }), dashboard);
  $("sent").hidden = false;
}
