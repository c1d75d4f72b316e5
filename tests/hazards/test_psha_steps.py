"""Each step of the seismic hazard model (hazards/analysis/psha.py) against values computed by hand: the
Gardner–Knopoff windows and declustering of a known sequence, the b-value of synthetic catalogues (Aki, Weichert),
truncated Gutenberg–Richter rates, Shebalin's intensity, the hazard curve of one source at one site, and the
475-year rate."""

import math

import numpy as np
import pytest

from hazards.analysis import psha


def test_the_gardner_knopoff_window_of_a_magnitude_7_is_about_70_km_and_915_days():
    # Gardner & Knopoff's (1974) table: M 7.0 → 70 km, 915 days; the fitted formulas give 70.7 km and 918 days.
    km, days = psha.gk_window(np.array([7.0]))
    assert (round(float(km[0]), 1), round(float(days[0]))) == (70.7, 918)


def test_the_gardner_knopoff_window_of_a_magnitude_6_is_53_km_and_499_days():
    # 10^(0.1238·6 + 0.983) = 10^1.7258 = 53.2 km; 10^(0.5409·6 − 0.547) = 10^2.6984 = 499.3 days
    km, days = psha.gk_window(np.array([6.0]))
    assert (round(float(km[0]), 1), round(float(days[0]), 1)) == (53.2, 499.3)


def test_declustering_keeps_the_mainshock_and_the_events_outside_its_window():
    # An M 6.0 mainshock (window 53.2 km, 499.3 days); an aftershock 10 days and 20 km later; an M 4.0 100 days later
    # but 80 km away; an M 5.0 600 days later at 10 km (after the window); a foreshock 5 days before at 5 km.
    days = np.array([1000.0, 1010.0, 1100.0, 1600.0, 995.0])
    x = np.array([0.0, 20.0, 80.0, 10.0, 5.0])
    y = np.zeros(5)
    magnitude = np.array([6.0, 4.5, 4.0, 5.0, 4.2])
    kept = psha.decluster(days=days, x_km=x, y_km=y, magnitude=magnitude)
    assert kept.tolist() == [True, False, True, True, False]


def test_declustering_lets_a_larger_later_event_take_the_earlier_one_into_its_cluster():
    # An M 5.0 then, 30 days later at 10 km, an M 6.5: the M 6.5 is the mainshock, the M 5.0 its foreshock.
    kept = psha.decluster(days=np.array([0.0, 30.0]), x_km=np.array([0.0, 10.0]), y_km=np.zeros(2),
                          magnitude=np.array([5.0, 6.5]))
    assert kept.tolist() == [False, True]


def test_completeness_gives_each_magnitude_the_first_year_of_its_period():
    since = psha.complete_since(np.array([3.9, 4.0, 4.9, 5.0, 6.2, 6.5, 8.0]))
    assert since.tolist() == [math.inf, 1965, 1965, 1920, 1900, 1880, 1880]


def _synthetic(b: float, m_min: float, n: int) -> np.ndarray:
    # Quantiles of the exponential law of magnitudes: m = m_min − log10(1 − u) / b, u evenly spread over (0, 1).
    u = (np.arange(n) + 0.5) / n
    return m_min - np.log10(1 - u) / b


def test_akis_b_value_of_a_synthetic_gutenberg_richter_catalogue_is_its_b():
    assert psha.b_value_aki(_synthetic(1.0, 4.0, 20000), mc=4.0, dm=0.0) == pytest.approx(1.0, abs=0.01)


def test_akis_b_value_of_a_catalogue_with_b_0_8_is_0_8():
    assert psha.b_value_aki(_synthetic(0.8, 4.0, 20000), mc=4.0, dm=0.0) == pytest.approx(0.8, abs=0.01)


def _binned_catalogue(*, a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    # Expected counts per 0.1 bin of log10 N(≥m) = a − b·m a year: bins 4.0–4.9 observed 10 years, 5.0–6.9 100 years.
    magnitudes, years = [], []
    for centre in np.round(np.arange(4.0, 6.95, 0.1), 1):
        period = 10 if centre < 5 else 100
        count = round(period * (10 ** (a - b * (centre - 0.05)) - 10 ** (a - b * (centre + 0.05))))
        magnitudes += [centre] * count
        years += [period] * count
    return np.array(magnitudes), np.array(years, dtype=float)


def test_weicherts_b_value_over_two_observation_periods_is_the_catalogues_b():
    magnitudes, years = _binned_catalogue(a=6.0, b=1.0)
    b, _ = psha.b_value_weichert(magnitudes, years)
    assert b == pytest.approx(1.0, abs=0.01)


def test_weicherts_rate_over_two_observation_periods_is_the_yearly_rate_above_the_lowest_bin():
    # log10 N(≥3.95) = 6 − 3.95 = 2.05 → 112.2 events a year (the catalogue stops at 6.95: 112.2 − 0.0011)
    magnitudes, years = _binned_catalogue(a=6.0, b=1.0)
    _, rate = psha.b_value_weichert(magnitudes, years)
    assert rate == pytest.approx(10 ** 2.05, rel=0.01)


def test_truncated_gutenberg_richter_rates_split_the_rate_between_the_bins_by_hand():
    # b = 1, 4.0–5.0 in two bins: survival at 4.5 = (10^−0.5 − 10^−1) / (1 − 10^−1) = 0.240253
    centres, rates = psha.gr_rates(rate_above=1.0, b=1.0, m_min=4.0, m_max=5.0, dm=0.5)
    assert (centres.tolist(), np.round(rates, 6).tolist()) == ([4.25, 4.75], [0.759747, 0.240253])


def test_shebalins_intensity_of_a_magnitude_7_at_20_km_is_8_95():
    # 1.5·7 − 3.5·lg 20 + 3 = 10.5 − 4.5536 + 3 = 8.946
    assert float(psha.intensity(7.0, 20.0)) == pytest.approx(8.946, abs=0.001)


def test_the_hazard_curve_of_one_source_at_one_site_by_hand():
    # One magnitude bin, M 6.0 at 0.01 a year, at R = 10^(5/3.5) = 26.83 km where Shebalin's mean intensity is 7.0:
    # P(I ≥ 7.0) = 0.5 → 0.005 a year; P(I ≥ 7.7) = 1 − Φ(0.7/0.7) = 0.158655 → 0.00158655 a year;
    # P(I ≥ 6.3) = Φ(1) = 0.841345 → 0.00841345 a year.
    curve = psha.hazard_curve(np.array([6.3, 7.0, 7.7]), magnitudes=np.array([6.0]), rates=np.array([0.01]),
                              distance_km=10 ** (5 / 3.5), sigma=0.7)
    assert np.round(curve, 7).tolist() == [0.0084134, 0.005, 0.0015866]


def test_the_475_year_intensity_is_read_on_the_hazard_curve_in_log_rate():
    # Rates 1e-2 at 6, 1e-3 at 7: 1/475 = 2.105e-3 lies at (ln 1e-2 − ln 2.105e-3) / ln 10 = 0.6767 of the way.
    levels = np.array([6.0, 7.0, 8.0])
    intensity = psha.level_at_rate(levels, np.array([1e-2, 1e-3, 1e-4]), 1 / 475)
    assert float(intensity) == pytest.approx(6.6767, abs=0.0005)


def test_ten_percent_in_50_years_is_a_475_year_return_period():
    assert 1 / psha.return_period_rate(probability=0.10, years=50) == pytest.approx(474.56, abs=0.01)
