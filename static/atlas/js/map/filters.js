// The client-side filters (country, transboundary, years), applied by the map as MapLibre filters (overlays.js),
// and the form that sets them. The filters are part of the page's store: { country, transboundary, from, to }.

export const NO_FILTERS = Object.freeze({ country: "", transboundary: false, from: null, to: null });

// Fills the country list with the member states (names in `lang`), shows the store's filters in the form and
// puts each change the user makes back into the store.
export function bindFilterForm(store, { members, lang }) {
  const country = document.getElementById("filter-country");
  const transboundary = document.getElementById("filter-transboundary");
  const from = document.getElementById("filter-from");
  const to = document.getElementById("filter-to");
  for (const member of members) country.append(new Option(member[`name_${lang}`] || member.name_en, member.iso3));

  const { filters } = store.get();
  country.value = filters.country;
  transboundary.checked = filters.transboundary;
  from.value = filters.from ?? "";
  to.value = filters.to ?? "";

  const year = (input) => (input.value === "" ? null : Number(input.value));
  const change = (patch) => store.set({ filters: Object.freeze({ ...store.get().filters, ...patch }) });
  country.addEventListener("change", () => change({ country: country.value }));
  transboundary.addEventListener("change", () => change({ transboundary: transboundary.checked }));
  for (const input of [from, to]) input.addEventListener("change", () => change({ from: year(from), to: year(to) }));
}
