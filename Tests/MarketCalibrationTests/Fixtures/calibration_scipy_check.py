#!/usr/bin/env python3
"""Independent check of `bot4 calibrate`: recomputes fits and tests from the input files with scipy.

Usage: calibration_scipy_check.py TRADES KLINES WS_CAPTURE CALIBRATION_JSON
Prints one JSON object {key: {"scipy": value, "ours": value}}; the Swift test applies the tolerances.
Only the chi-square cell edges are taken from calibration.json (so that both sides bin alike); the observed
and expected counts in those cells are recomputed here from the data and scipy's distributions.
"""
import csv
import datetime
import json
import math
import sys

import numpy as np
from scipy import optimize, special, stats

trades_path, klines_path, ws_path, calibration_path = sys.argv[1:5]
ours = json.load(open(calibration_path))["models"]
out = {}


def put(key, scipy_value, our_value):
    out[key] = {"scipy": float(scipy_value), "ours": float(our_value)}


def fit_of(model, distribution, method="mle"):
    for f in ours[model]["fits"]:
        if f["distribution"] == distribution and f["method"] == method:
            return {p["name"]: p for p in f["parameters"]}
    raise KeyError(f"{model}: no {distribution} {method} fit")


def test_of(model, name, tested=None):
    for t in ours[model]["tests"]:
        if t["result"]["name"] == name and (tested is None or t["model"] == tested):
            return t
    raise KeyError(f"{model}: no {name} test")


def nbinom_mle(data):
    def nll(theta):
        return -np.sum(stats.nbinom.logpmf(data, np.exp(theta[0]), special.expit(theta[1])))

    m, v = data.mean(), data.var()
    start = [np.log(m * m / (v - m)), special.logit(m / v)]
    res = optimize.minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 20000})
    return np.exp(res.x[0]), special.expit(res.x[1]), -res.fun


def check_counts(model, counts):
    counts = np.asarray(counts)
    lam = counts.mean()
    put(f"{model}.poisson.lambda", lam, fit_of(model, "poisson")["lambda"]["value"])
    disp = np.sum((counts - lam) ** 2) / lam
    t = test_of(model, "dispersion")["result"]
    put(f"{model}.dispersion.statistic", disp, t["statistic"])
    put(f"{model}.dispersion.pValue", stats.chi2.sf(disp, len(counts) - 1), t["pValue"])
    r, p, ll = nbinom_mle(counts)
    nb = fit_of(model, "negativeBinomial")
    put(f"{model}.nbinom.r", r, nb["r"]["value"])
    put(f"{model}.nbinom.p", p, nb["p"]["value"])
    lr = 2 * (ll - np.sum(stats.poisson.logpmf(counts, lam)))
    put(f"{model}.likelihoodRatio.statistic", lr, test_of(model, "likelihood-ratio")["result"]["statistic"])
    for name, dist, ddof in [("poisson", stats.poisson(lam), 1), ("negativeBinomial", stats.nbinom(r, p), 2)]:
        t = test_of(model, "chi-square", name)
        edges = [int(e) for e in t["cells"]["lowerEdges"]]
        uppers = edges[1:] + [None]
        observed = [int(np.sum((counts >= lo) & (counts < hi if hi is not None else True))) for lo, hi in zip(edges, uppers)]
        expected = []
        for lo, hi in zip(edges, uppers):
            below = dist.cdf(lo - 1) if lo > 0 else 0.0
            upto = dist.cdf(hi - 1) if hi is not None else 1.0
            expected.append(len(counts) * (upto - below))
        chi = np.sum((np.asarray(observed) - np.asarray(expected)) ** 2 / np.asarray(expected))
        df = len(observed) - 1 - ddof
        put(f"{model}.chiSquare.{name}.statistic", chi, t["result"]["statistic"])
        put(f"{model}.chiSquare.{name}.pValue", stats.chi2.sf(chi, df), t["result"]["pValue"])


def check_lognormal(model, values):
    values = np.asarray(values)
    s, _, scale = stats.lognorm.fit(values, floc=0)
    fit = fit_of(model, "logNormal")
    put(f"{model}.logNormal.mu", math.log(scale), fit["mu"]["value"])
    put(f"{model}.logNormal.sigma", s, fit["sigma"]["value"])
    ks = stats.kstest(values, stats.lognorm(s, scale=scale).cdf, method="asymp")
    put(f"{model}.ks.statistic", ks.statistic, test_of(model, "ks")["result"]["statistic"])
    put(f"{model}.ks.pValue", ks.pvalue, test_of(model, "ks")["result"]["pValue"])
    ad = stats.anderson(np.log(values), "norm", method="interpolate")
    put(f"{model}.ad.statistic", ad.statistic, test_of(model, "anderson-darling")["result"]["statistic"])


# Trades: distinct timestamps are events.
times, sizes = [], []
with open(trades_path) as fh:
    for row in csv.DictReader(fh):
        times.append(int(row["time_ms"]))
        sizes.append(float(row["qty"]))
times = np.asarray(times)
events = np.unique(times)
gaps = np.diff(events) / 1000.0
_, scale = stats.expon.fit(gaps, floc=0)
put("tradeInterArrival.exponential.rate", 1 / scale, fit_of("tradeInterArrival", "exponential")["rate"]["value"])
ks = stats.kstest(gaps, stats.expon(scale=scale).cdf, method="asymp")
put("tradeInterArrival.ks.statistic", ks.statistic, test_of("tradeInterArrival", "ks")["result"]["statistic"])
ad = stats.anderson(gaps, "expon", method="interpolate")
put("tradeInterArrival.ad.statistic", ad.statistic, test_of("tradeInterArrival", "anderson-darling")["result"]["statistic"])
seconds = times // 1000
per_second = np.bincount(seconds - seconds[0])[:-1]
check_counts("tradeCountsPerSecond", per_second)
check_lognormal("tradeSizes", sizes)

# Klines.
counts, volumes, taker, closes = [], [], [], []
with open(klines_path) as fh:
    for row in csv.DictReader(fh):
        counts.append(int(row["count"]))
        volumes.append(float(row["volume"]))
        taker.append(float(row["taker_buy_volume"]))
        closes.append(float(row["close"]))
check_counts("tradeCountsPerMinute", counts)
volumes, taker = np.asarray(volumes), np.asarray(taker)
check_lognormal("minuteVolumes", volumes[volumes > 0])
shares = taker[volumes > 0] / volumes[volumes > 0]
shares = shares[(shares > 0) & (shares < 1)]
a, b, _, _ = stats.beta.fit(shares, floc=0, fscale=1)
beta = fit_of("takerBuyShare", "beta")
put("takerBuyShare.beta.alpha", a, beta["alpha"]["value"])
put("takerBuyShare.beta.beta", b, beta["beta"]["value"])
m, v = shares.mean(), shares.var()
c = m * (1 - m) / v - 1
moments = fit_of("takerBuyShare", "beta", "moments")
put("takerBuyShare.moments.alpha", m * c, moments["alpha"]["value"])
put("takerBuyShare.moments.beta", (1 - m) * c, moments["beta"]["value"])
ks = stats.kstest(shares, stats.beta(a, b).cdf, method="asymp")
put("takerBuyShare.ks.statistic", ks.statistic, test_of("takerBuyShare", "ks")["result"]["statistic"])
returns = np.diff(np.log(closes))
summary = ours["minuteLogReturns"]["summary"]
put("minuteLogReturns.mean", returns.mean(), summary["mean"])
put("minuteLogReturns.skewness", stats.skew(returns), summary["skewness"])
put("minuteLogReturns.excessKurtosis", stats.kurtosis(returns), summary["excessKurtosis"])
jb = stats.jarque_bera(returns)
put("minuteLogReturns.jarqueBera.statistic", jb.statistic, test_of("minuteLogReturns", "jarque-bera")["result"]["statistic"])

# Websocket capture: earliest local stamp minus E, in ms, less the whole-hour zone of the median.
offsets, events = [], []
with open(ws_path) as fh:
    for line in fh:
        parts = [p.strip() for p in line.split("|")]
        message = json.loads(parts[-1])
        stamps = [datetime.datetime.strptime(p, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc) for p in parts[:-1]]
        offsets.append(min(stamps).timestamp() * 1000 - message["E"])
        events.append(message["E"])
offsets = np.asarray(offsets)
zone = round(np.median(offsets) / 900000) * 900000
put("clockSkew.assumedZoneOffsetHours", zone / 3600000, ours["clockSkew"]["extra"]["assumedZoneOffsetHours"])
put("clockSkew.medianOffsetMs", np.median(offsets - zone), ours["clockSkew"]["extra"]["medianOffsetMs"])
slope = stats.linregress((np.asarray(events) - events[0]) / 1000.0, offsets - zone).slope
put("clockSkew.offsetDriftMsPerSecond", slope, ours["clockSkew"]["extra"]["offsetDriftMsPerSecond"])

json.dump(out, sys.stdout, indent=1, sort_keys=True)
