"""Element boxes against the viewport, measured in the browser (getBoundingClientRect and computed styles): what a
phone user would have to scroll the whole page sideways to reach, could not reach at all, or could not read.

`fit_report(page)` returns the facts; `assert_fits(page)` fails with the offending elements named. An element may
stick out of the viewport only inside a container that scrolls sideways (`overflow-x: auto|scroll`) and itself
sits inside the viewport — a wide table scrolled in its own box."""

MEASURE = r"""
(exempt) => {
  const width = document.documentElement.clientWidth;
  const SLACK = 0.5;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    else if (el.classList.length) s += `.${[...el.classList].slice(0, 2).join(".")}`;
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    return text ? `${s} "${text.slice(0, 40)}"` : s;
  };
  const shown = (el) => {
    if (el.closest("[hidden], .visually-hidden, noscript, template")) return false;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility !== "visible" || Number(style.opacity) === 0) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const inside = (box) => box.left >= -SLACK && box.right <= width + SLACK;
  // An ancestor below the page that scrolls sideways (overflow-x auto or scroll) or, unless `scrolling`, clips (a
  // map's panes beyond its frame, an SVG's shapes) and itself sits inside the viewport: what sticks out of it is
  // reached by scrolling that box, or is not drawn.
  const container = (el, scrolling) => {
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      const kept = overflow === "auto" || overflow === "scroll" || (!scrolling && overflow !== "visible");
      if (kept && inside(p.getBoundingClientRect())) return p;
    }
    return null;
  };
  const reachable = (el, scrolling) => inside(el.getBoundingClientRect()) || Boolean(container(el, scrolling));
  const CONTROLS = "button, input:not([type=hidden]), select, textarea, summary, a[href], [role=button], [role=tab]";
  const all = [...document.body.querySelectorAll("*")].filter(shown);
  const outside = all.filter((el) => !reachable(el, false)).map(name);
  const controls = all.filter((el) => el.matches(CONTROLS));
  const controlsOutside = controls.filter((el) => !reachable(el, true)).map(name);
  // Text cut by its own box: a button, a heading, a cell… whose content is wider than the box (unless the excess
  // spills into a container that scrolls sideways), or a select whose chosen option does not fit beside its arrow
  // (measured with the select's own font).
  const canvas = document.createElement("canvas").getContext("2d");
  const ARROW = 20;
  const selectCut = (el) => {
    const option = el.selectedOptions[0];
    if (!option) return false;
    const s = getComputedStyle(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - ARROW;
    return canvas.measureText(option.text).width > room + 1;
  };
  const TEXT = "button, h1, h2, h3, label, summary, th, td, legend, p, li, dt, dd";
  const spills = (el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
  const cut = all.filter((el) => {
    const style = getComputedStyle(el);
    if (style.textOverflow === "ellipsis") return false;  // a deliberate, visible "…" (long attribute values)
    if (el.matches("select")) return selectCut(el);
    if (!el.matches(TEXT) || !spills(el)) return false;
    return style.overflowX !== "visible" || !container(el, true);
  }).map(name);
  // Targets too small to touch (WCAG 2.5.8: 24 × 24 CSS px): buttons, selects and text fields, outside `exempt`.
  const small = controls.filter((el) => el.matches("button, select, input:not([type=radio], [type=checkbox])")
    && !(exempt && el.closest(exempt)) && el.getBoundingClientRect().height < 24).map(name);
  return {innerWidth: window.innerWidth, clientWidth: width, scrollWidth: document.scrollingElement.scrollWidth,
          controls: controls.length, outside, controlsOutside, cut, small};
}
"""


def fit_report(page, small_exempt: str | None = None) -> dict:
    """The page's width facts and the elements that do not fit (each named by tag, id or class, and its text);
    controls inside `small_exempt` (a selector) are not held to the touch size."""
    return page.evaluate(MEASURE, small_exempt)


def assert_fits(page, width: int = 390, small_exempt: str | None = None) -> dict:
    """Fail unless the page scrolls only down: no sideways scroll, every visible element and control inside the
    viewport (or inside a sideways-scrolling box that is), no text cut by its own box, no button, select or text
    field lower than 24 px (outside `small_exempt`)."""
    report = fit_report(page, small_exempt)
    assert report["innerWidth"] == width, report
    assert report["clientWidth"] == width, report
    assert report["scrollWidth"] <= report["innerWidth"], report
    assert report["controls"] > 0, report
    assert report["controlsOutside"] == [], report["controlsOutside"]
    assert report["outside"] == [], report["outside"]
    assert report["cut"] == [], report["cut"]
    assert report["small"] == [], report["small"]
    return report
