"""A small server-side SVG chart (stacked bars of recorded events by decade) for passport pages and PDFs."""

WIDTH, HEIGHT, TOP, BOTTOM = 640, 220, 10, 40


def decade_chart(events_by_decade: list[dict], colours: dict[str, str], names: dict[str, str] | None = None) -> dict:
    """Bars (x, width, stacked segments with y/height/colour and the hazard type's name), axis labels and the
    largest total."""
    names = names or {}
    totals = [sum(d["counts"].values()) for d in events_by_decade]
    peak = max(totals, default=0) or 1
    n = max(len(events_by_decade), 1)
    step = WIDTH / n
    bars = []
    for i, decade in enumerate(events_by_decade):
        y = HEIGHT - BOTTOM
        segments = []
        for hazard, count in sorted(decade["counts"].items()):
            height = (HEIGHT - TOP - BOTTOM) * count / peak
            y -= height
            segments.append({"y": round(y, 1), "height": round(height, 1), "colour": colours.get(hazard, "#888"),
                             "hazard": names.get(hazard, hazard), "count": count})
        bars.append({"x": round(i * step + step * 0.1, 1), "width": round(step * 0.8, 1), "label": decade["decade"],
                     "label_x": round(i * step + step / 2, 1), "segments": segments,
                     "total": sum(decade["counts"].values())})
    return {"width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM, "bars": bars, "peak": peak}
