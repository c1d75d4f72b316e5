// The language menu of the plain pages: choosing a language submits its form (no inline handler: the CSP
// allows no inline script). Without JavaScript the form's own button does it.
document.querySelectorAll("select[name=language]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
