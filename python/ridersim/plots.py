"""Plots of a comparison, as matplotlib figures (the report embeds them; notebooks show them)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ridersim.comparison import Comparison

DELTA_KPIS = ["on_time_rate", "ctd_mean_min", "violations_per_1000_orders", "rider_net_per_online_hour_p10",
              "rider_net_per_online_hour_p50", "share_rider_days_below_min_wage", "penalties_per_rider_day_yuan",
              "rider_cost_per_order_yuan", "platform_net_revenue_yuan", "orders_delivered"]



def colours(names) -> dict:
    """One colour per scenario, distinct for every scenario of a comparison: the baseline grey,
    the proposals from a qualitative palette (tab10, then tab20, then evenly spaced hues)."""
    import matplotlib
    names = list(names)
    proposals = names[1:]
    if len(proposals) <= 9:
        palette = [matplotlib.colormaps["tab10"](i) for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)]
    elif len(proposals) <= 20:
        palette = [matplotlib.colormaps["tab20"](i) for i in range(20)]
    else:
        palette = [matplotlib.colormaps["hsv"](i / len(proposals)) for i in range(len(proposals))]
    return {names[0]: (0.35, 0.35, 0.35, 1.0), **{n: palette[i] for i, n in enumerate(proposals)}}


def _names(comparison: Comparison) -> list[str]:
    return [comparison.baseline.name] + [p.name for p in comparison.proposals]


def _plain(text) -> str:
    """A user's name as plain text in a plot: a $ would start matplotlib's mathtext."""
    return str(text).replace("$", r"\$")

def earnings_distribution(comparison: Comparison, xlabel: str = "net yuan per online hour",
                          title: str = "Rider net earnings per online hour (riders over all replications)"):
    """Histograms of rider net earnings per online hour: the baseline against each proposal."""
    colour = colours(_names(comparison))
    hourly = comparison.rider_hourly
    names = [p.name for p in comparison.proposals]
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False, sharex=True)
    base = hourly[hourly.scenario == comparison.baseline.name].net_per_online_hour
    high = np.nanpercentile(hourly.net_per_online_hour, 99.5)
    bins = np.linspace(min(0.0, np.nanmin(hourly.net_per_online_hour)), high, 40)
    for ax, name in zip(axes.flat, names):
        prop = hourly[hourly.scenario == name].net_per_online_hour
        ax.hist(base, bins=bins, histtype="stepfilled", alpha=0.35, label=_plain(comparison.baseline.name), density=True,
                color=colour[comparison.baseline.name])
        ax.hist(prop, bins=bins, histtype="step", linewidth=1.8, label=_plain(name), density=True, color=colour[name])
        ax.set_title(_plain(name), fontsize=10)
        ax.set_xlabel(xlabel)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def kpi_deltas(comparison: Comparison, kpis=DELTA_KPIS, labels: dict | None = None,
               xlabel: str = "change against the baseline, % (bars: 95% paired interval)"):
    """Relative change of each KPI with its 95% paired interval, per proposal; `labels` names
    the KPIs (their code names otherwise)."""
    colour = colours(_names(comparison))
    kpis = [k for k in kpis if k in set(comparison.table.kpi)]
    table = comparison.table[comparison.table.kpi.isin(kpis)]
    names = [p.name for p in comparison.proposals]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(kpis) * (1 + 0.12 * len(names)) + 1.2))
    height = 0.8 / len(names)
    for j, name in enumerate(names):
        rows = table[table.proposal == name].set_index("kpi").reindex(kpis)
        scale = rows.baseline_mean.abs().replace(0, np.nan)
        mid = 100 * rows.diff_mean / scale
        lo = 100 * rows.ci_low / scale
        hi = 100 * rows.ci_high / scale
        y = np.arange(len(kpis)) + j * height
        ax.barh(y, mid, height=height, label=_plain(name), alpha=0.8, color=colour[name])
        ax.errorbar(mid, y, xerr=[np.nan_to_num(mid - lo), np.nan_to_num(hi - mid)], fmt="none", ecolor="black",
                    capsize=2, linewidth=0.8)
    ax.set_yticks(np.arange(len(kpis)) + 0.4 - height / 2)
    ax.set_yticklabels([_plain((labels or {}).get(k, k)) for k in kpis], fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.invert_yaxis()
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def service_vs_earnings(comparison: Comparison, xlabel: str = "median rider net earnings per online hour (yuan)",
                        ylabel: str = "on-time rate", title: str = "Service against earnings (x: mean of the replications)"):
    """On-time rate against median rider earnings: one point per scenario and replication."""
    s = comparison.summaries
    colour = colours(_names(comparison))
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for name in _names(comparison):
        rows = s[s.scenario == name].pivot(index="replication", columns="kpi", values="value")
        ax.scatter(rows.rider_net_per_online_hour_p50, rows.on_time_rate, s=14, alpha=0.6, label=_plain(name),
                   color=colour[name])
        # the mean in the scenario's own colour (an uncoloured marker would take the next colour of the cycle)
        ax.scatter(rows.rider_net_per_online_hour_p50.mean(), rows.on_time_rate.mean(), s=90, marker="X",
                   color=colour[name], edgecolors="black", linewidths=0.6)
    ax.set_xlabel(_plain(xlabel))
    ax.set_ylabel(_plain(ylabel))
    ax.set_title(_plain(title))
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def frontier(bargain):
    """The candidates' utilities, the Pareto frontier, the disagreement point and the solutions."""
    c = bargain.candidates
    p1, p2 = bargain.parties
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter(c[p1], c[p2], s=16, color="0.6", label="simulated rule sets")
    front = c[c.frontier].sort_values(p1)
    ax.plot(front[p1], front[p2], "-o", color="C0", markersize=4, label="Pareto frontier")
    ax.scatter([bargain.disagreement[0]], [bargain.disagreement[1]], marker="s", s=70, color="black",
               label="disagreement point")
    markers = {"nash": "*", "asymmetric-nash": "P", "kalai-smorodinsky": "D", "egalitarian": "^"}
    for i, (name, point) in enumerate(bargain.solutions.items()):
        if point is None:
            continue
        ax.scatter([c.loc[point, p1]], [c.loc[point, p2]], marker=markers[name], s=140 - 20 * i,
                   color=f"C{i + 1}", edgecolors="black", linewidths=0.5, label=_plain(name), zorder=3)
    ax.axvline(bargain.disagreement[0], color="black", linewidth=0.6, linestyle=":")
    ax.axhline(bargain.disagreement[1], color="black", linewidth=0.6, linestyle=":")
    ax.set_xlabel(f"{p1} utility")
    ax.set_ylabel(f"{p2} utility")
    ax.legend(fontsize=7)
    ax.set_title("Rule sets against the disagreement point")
    fig.tight_layout()
    return fig


def sobol(indices):
    """First-order and total Sobol indices of each factor with their bootstrap intervals
    (a `ridersim.sensitivity.sobol` table)."""
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(indices) + 1.5))
    y = np.arange(len(indices))
    for offset, (column, label, colour) in enumerate([("S1", "first order", "C0"), ("ST", "total", "C1")]):
        values = indices[column].to_numpy()
        low = values - indices[f"{column}_low"].to_numpy()
        high = indices[f"{column}_high"].to_numpy() - values
        ax.barh(y + 0.38 * offset, values, height=0.36, color=colour, label=label,
                xerr=[np.clip(low, 0, None), np.clip(high, 0, None)], capsize=2)
    ax.set_yticks(y + 0.19)
    ax.set_yticklabels([_plain(f) for f in indices.factor], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("Sobol index (bars: 95% bootstrap interval)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def morris(elementary_effects):
    """Morris screening: mean absolute elementary effect (mu*) against their spread (sigma); a factor
    far right matters, one high up acts through interactions or non-linearly."""
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(elementary_effects.mu_star, elementary_effects.sigma, s=30)
    for row in elementary_effects.itertuples():
        ax.annotate(_plain(row.factor), (row.mu_star, row.sigma), fontsize=8, xytext=(4, 2), textcoords="offset points")
    top = float(max(elementary_effects.mu_star.max(), elementary_effects.sigma.max(), 1e-12))
    ax.plot([0, top], [0, top], ":", color="0.5", linewidth=0.8, label="sigma = mu*")
    ax.set_xlabel("mu* (mean absolute elementary effect)")
    ax.set_ylabel("sigma (spread of the effects)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def discovery(box):
    """PRIM's peeling trajectory (coverage against density of each box it tried), the chosen box marked."""
    fig, ax = plt.subplots(figsize=(6, 4.5))
    t = box.trajectory
    ax.plot(t.coverage, t.density, "-o", markersize=3, color="C0", label="boxes peeled in turn")
    ax.scatter([box.coverage], [box.density], s=120, marker="*", color="C3", zorder=3, label="chosen box")
    ax.set_xlabel("coverage (share of the failing draws inside the box)")
    ax.set_ylabel("density (share of the box's draws that fail)")
    ax.set_title(_plain(box.describe()), fontsize=8, wrap=True)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
