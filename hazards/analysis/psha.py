"""The steps of the seismic hazard model, in numpy, each checkable by hand (tests/hazards/test_psha_steps.py):
declustering (Gardner & Knopoff 1974), completeness by period, the Gutenberg–Richter b-value (Aki 1965 for one
period, Weichert 1980 for several), truncated Gutenberg–Richter rates, the macroseismic intensity of Shebalin's
equation with a normal scatter, and the hazard curve (Cornell 1968, McGuire 1976): the yearly rate at which a site's
intensity exceeds a level, summed over sources and magnitudes. hazards/analysis/seismic.py assembles them."""

import math

import numpy as np
from numpy.typing import ArrayLike

A, B, C = 1.5, 3.5, 3.0  # Shebalin: I = A·MLH − B·lg R + C, R hypocentral distance in km
# Scatter of MSK-64 intensity about a magnitude–distance relation in Central Asia: σ = 0.689–0.737 in the region's
# intensity prediction equations (Bindi et al. 2011, Geophys. J. Int. 187, 327–337)
SIGMA = 0.7
DAYS_PER_YEAR = 365.25
# Completeness of the EMCA catalogue (MLH) by period: magnitudes from the first value up are complete since the
# year (rates per decade stable from then on; docs/analysis.md shows the table).
COMPLETENESS = ((4.0, 1965), (5.0, 1920), (6.0, 1900), (6.5, 1880))
END_YEAR = 2010  # the catalogue ends with 2009


def gk_window(magnitude: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Gardner & Knopoff (1974) windows as fitted by their table (van Stiphout et al. 2012, CORSSA): distance
    L = 10^(0.1238·M + 0.983) km; time T = 10^(0.032·M + 2.7389) days for M ≥ 6.5, else 10^(0.5409·M − 0.547)."""
    m = np.asarray(magnitude, dtype=float)
    km = 10 ** (0.1238 * m + 0.983)
    days = np.where(m >= 6.5, 10 ** (0.032 * m + 2.7389), 10 ** (0.5409 * m - 0.547))
    return km, days


def decluster(*, days: np.ndarray, x_km: np.ndarray, y_km: np.ndarray, magnitude: np.ndarray) -> np.ndarray:
    """Mainshocks (True) of a catalogue by Gardner–Knopoff windows: from the largest event down, every smaller
    event within the larger one's distance and time window (after it: aftershocks; before it: foreshocks) belongs
    to its cluster and is removed; a removed event opens no window of its own."""
    order = np.argsort(days, kind="stable")
    t, x, y, m = (np.asarray(v, dtype=float)[order] for v in (days, x_km, y_km, magnitude))
    km, window = gk_window(m)
    main = np.ones(len(t), dtype=bool)
    for i in np.argsort(-m, kind="stable"):
        if not main[i]:
            continue
        lo, hi = np.searchsorted(t, t[i] - window[i]), np.searchsorted(t, t[i] + window[i], side="right")
        near = np.hypot(x[lo:hi] - x[i], y[lo:hi] - y[i]) <= km[i]
        near &= m[lo:hi] <= m[i]
        near[i - lo] = False
        main[lo:hi] &= ~near
    result = np.empty_like(main)
    result[order] = main
    return result


def complete_since(magnitude: np.ndarray, table: tuple = COMPLETENESS) -> np.ndarray:
    """The first year from which events of each magnitude are complete (inf below the table's lowest magnitude)."""
    m = np.asarray(magnitude, dtype=float)
    since = np.full(m.shape, np.inf)
    for threshold, year in table:
        since = np.where(m >= threshold, year, since)
    return since


def b_value_aki(magnitude: np.ndarray, *, mc: float, dm: float = 0.1) -> float:
    """Aki's (1965) maximum-likelihood b of magnitudes ≥ mc binned by dm (Utsu's half-bin correction)."""
    m = np.asarray(magnitude, dtype=float)
    m = m[m >= mc - 1e-9]
    return math.log10(math.e) / (m.mean() - (mc - dm / 2))


def b_value_weichert(magnitude: np.ndarray, years: np.ndarray, *, dm: float = 0.1) -> tuple[float, float]:
    """Weichert's (1980) maximum-likelihood b and the yearly rate of events in the lowest bin and above, for
    magnitudes observed over different periods: `years[k]` is how long an event of magnitude[k] has been complete.
    Bins are dm wide and centred on the magnitudes (rounded to dm)."""
    m = np.round(np.asarray(magnitude, dtype=float) / dm) * dm
    bins, counts = np.unique(m, return_counts=True)
    periods = np.array([np.asarray(years, dtype=float)[m == value][0] for value in bins])
    mean = (counts * bins).sum() / counts.sum()
    beta = 2.0
    for _ in range(50):  # Newton's method on Σ t·m·e^(−βm) / Σ t·e^(−βm) = mean magnitude
        w = periods * np.exp(-beta * bins)
        first = (w * bins).sum() / w.sum()
        second = (w * bins * bins).sum() / w.sum() - first * first
        step = (first - mean) / second
        beta += step
        if abs(step) < 1e-10:
            break
    w = periods * np.exp(-beta * bins)
    rate = counts.sum() * np.exp(-beta * bins).sum() / w.sum()
    return beta / math.log(10), float(rate)


def gr_rates(*, rate_above: float, b: float, m_min: float, m_max: float, dm: float = 0.1) -> tuple[np.ndarray,
                                                                                                     np.ndarray]:
    """Bin centres and yearly rates of a doubly truncated Gutenberg–Richter law with `rate_above` events a year at
    magnitude ≥ m_min and none above m_max, in bins dm wide."""
    edges = np.arange(m_min, m_max + dm / 2, dm)
    if len(edges) < 2:
        return np.empty(0), np.empty(0)
    beta = b * math.log(10)
    survival = (np.exp(-beta * (edges - m_min)) - math.exp(-beta * (m_max - m_min))) / (
        1 - math.exp(-beta * (m_max - m_min)))
    return (edges[:-1] + edges[1:]) / 2, rate_above * (survival[:-1] - survival[1:])


def intensity(magnitude: ArrayLike, distance_km: ArrayLike) -> np.ndarray:
    """The mean MSK-64 intensity at hypocentral distance R (km) of an event of magnitude MLH (Shebalin)."""
    return np.asarray(A * np.asarray(magnitude) - B * np.log10(np.asarray(distance_km)) + C)


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7): numpy has no erf and scipy is not installed
    sign, x = np.sign(x), np.abs(x)
    t = 1 / (1 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1 - poly * np.exp(-x * x))


def exceedance(level: ArrayLike, magnitude: ArrayLike, distance_km: ArrayLike, sigma: float = SIGMA) -> np.ndarray:
    """P(I ≥ level) for an event of `magnitude` at `distance_km`: the intensity normal about Shebalin's mean."""
    z = (np.asarray(level) - intensity(magnitude, distance_km)) / (sigma * math.sqrt(2))
    return 0.5 * (1 - _erf(z))


def hazard_curve(levels: np.ndarray, *, magnitudes: np.ndarray, rates: np.ndarray, distance_km: float,
                 sigma: float = SIGMA) -> np.ndarray:
    """Yearly rate at which the intensity at a site exceeds each of `levels`, from one source at `distance_km`
    with the given magnitude bins and yearly rates (Cornell–McGuire: Σ_m rate(m)·P(I ≥ level | m, R))."""
    p = exceedance(np.asarray(levels)[:, None], np.asarray(magnitudes)[None, :], distance_km, sigma)
    return (p * np.asarray(rates)[None, :]).sum(axis=1)


def level_at_rate(levels: np.ndarray, curve: np.ndarray, rate: float) -> np.ndarray:
    """The intensity exceeded at yearly `rate` (e.g. 1/475) on hazard curves (last axis along `levels`),
    interpolated in log rate; below the first level where even that level is exceeded less often."""
    curve = np.maximum(np.asarray(curve, dtype=float), 1e-30)
    logs = np.log(curve)
    target = math.log(rate)
    above = (logs >= target).sum(axis=-1)  # curves decrease: how many levels are exceeded at least that often
    i = np.clip(above - 1, 0, len(levels) - 2)
    lo, hi = np.take_along_axis(logs, i[..., None], -1)[..., 0], np.take_along_axis(logs, i[..., None] + 1, -1)[..., 0]
    frac = np.clip((lo - target) / np.where(lo - hi > 0, lo - hi, 1), 0, 1)
    result = levels[i] + frac * (levels[i + 1] - levels[i])
    return np.where(above == 0, levels[0], result)


def return_period_rate(*, probability: float = 0.10, years: float = 50) -> float:
    """The yearly rate whose Poisson probability of at least one exceedance in `years` is `probability`
    (10 % in 50 years: 1/475)."""
    return -math.log(1 - probability) / years
