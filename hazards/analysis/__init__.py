"""The transboundary analysis: per-feature reach (borders, influence, downstream), hazard levels per country and
admin area, population exposure. Everything is computed in SQL from the published layers; docs/analysis.md
explains each rule and threshold."""
