"""The validators of the answers computed from many rows — passports, the regional matrix, its cells, coverage —
in HTML, JSON and PDF alike (web.http.derived_freshness over hazards.passport_state and, for a passport, the
alerts it lists)."""

from alerts.selectors import country_alerts_changed
from hazards.passport_state import passports_state

from .http import Freshness, derived_freshness


def overview_freshness(request) -> Freshness:
    """Of the matrix, a cell and coverage: they read the analysis's results and the layers, not alerts."""
    state, changed = passports_state()
    return derived_freshness(request, state, changed)

def passport_freshness(request, iso3: str, alerts: list[dict]) -> Freshness:
    """Of the passport of member country `iso3` or one of its areas listing `alerts` (country_alerts' rows): the
    alerts listed and whether each is in force are part of the state; Last-Modified is the later of the
    passports' state and of the country's alerts."""
    state, changed = passports_state()
    listed = ",".join(f"{row['identifier']}:{row['msg_type']}:{row['active']}" for row in alerts)
    times = [t for t in (changed, country_alerts_changed(iso3)) if t]
    return derived_freshness(request, f"{state}|{listed}", max(times, default=None))

