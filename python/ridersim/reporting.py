"""A self-contained HTML report of a comparison, for people who do not read code."""

from __future__ import annotations

import base64
import html
import io
import json
import math
import os
from pathlib import Path

from ridersim.files import write_atomic
from ridersim import __version__
from ridersim.comparison import HIGHER_IS_BETTER, Comparison, headline_kpis, who_pays
from ridersim.power import rare_event_lines

CSS = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.88em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td.name, th.name { text-align: left; }
td.good { background: #e3f4e1; } td.bad { background: #fbe3e1; } td.ns { color: #888; }
.note { color: #555; font-size: 0.9em; } img { max-width: 100%; }
code { background: #f5f5f5; padding: 0 0.2em; }
"""


#: what a lever diff shows for a value one side does not set (its default applies)
ABSENT = "(not set)"



def source_revision() -> str:
    """The git commit the package runs from ("commit ABC", "commit ABC, modified"), or
    "installed" outside a checkout."""
    import subprocess
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                                text=True, timeout=5)
        if commit.returncode != 0:
            return "installed"
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return f"commit {commit.stdout.strip()}" + (", modified" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "installed"

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _png(fig) -> str:
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _fmt(value: float) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _flatten(node, prefix="") -> dict:
    """Dotted paths of every leaf, without the sources."""
    out = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources":
                continue
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
    else:
        out[prefix] = node
    return out


def _source_of(spec: dict, path: str) -> str:
    """The source noted beside the value at a dotted path, or beside the nearest object holding it."""
    parts = path.split(".")
    for depth in range(len(parts) - 1, -1, -1):
        node = spec
        for part in parts[:depth]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        sources = node.get("sources", {}) if isinstance(node, dict) else {}
        if isinstance(sources, dict) and parts[depth] in sources:
            return sources[parts[depth]]
    return ""


def lever_changes(baseline_spec: dict, proposal_spec: dict) -> list[tuple[str, object, object, str]]:
    """(path, baseline value, proposal value, source) for every value a proposal changes."""
    a, b = _flatten(baseline_spec), _flatten(proposal_spec)
    rows = []
    for path in sorted(set(a) | set(b)):
        if path in ("name", "description"):
            continue
        if a.get(path, None) != b.get(path, None):
            # a changed array shows under its own path
            rows.append((path, a.get(path, ABSENT), b.get(path, ABSENT), _source_of(proposal_spec, path)))
    return rows


def _headline(comparison: Comparison) -> str:
    names = [p.name for p in comparison.proposals]
    t = comparison.table.set_index(["proposal", "kpi"])
    head = "<tr><th class='name'>KPI</th><th>" + _e(comparison.baseline.name) + "</th>" + "".join(
        f"<th>{_e(n)}: change [95% interval]</th>" for n in names) + "</tr>"
    body = []
    for kpi in headline_kpis(comparison.baseline.trade):
        if (names[0], kpi) not in t.index:
            continue
        cells = [f"<td class='name'>{_e(kpi)}</td>", f"<td>{_fmt(t.loc[(names[0], kpi), 'baseline_mean'])}</td>"]
        for n in names:
            row = t.loc[(n, kpi)]
            css = "ns"
            if row.significant and kpi in HIGHER_IS_BETTER:
                better = (row.diff_mean > 0) == HIGHER_IS_BETTER[kpi]
                css = "good" if better else "bad"
            elif row.significant:
                css = ""
            sign = "+" if row.diff_mean > 0 else ""
            cells.append(f"<td class='{css}'>{sign}{_fmt(row.diff_mean)} [{_fmt(row.ci_low)}, {_fmt(row.ci_high)}]</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + head + "".join(body) + "</table>"


# the few figures a one-line summary of a proposal gives, with how to say them
BRIEF = [
    ("rider_net_per_online_hour_p50", "median rider earnings {sign}{v} yuan per online hour"),
    ("on_time_rate", "on-time deliveries {sign}{pct} points"),
    ("violations_per_1000_orders", "traffic violations {sign}{rel}%"),
    ("orders_delivered", "deliveries {sign}{v} a day"),
    ("platform_net_revenue_yuan", "platform net revenue {sign}{v} yuan a day"),
]


def brief(comparison: Comparison) -> list[tuple[str, str]]:
    """One plain sentence per proposal: the changes whose intervals exclude 0."""
    t = comparison.table.set_index(["proposal", "kpi"])
    out = []
    for p in comparison.proposals:
        parts = []
        for kpi, pattern in BRIEF:
            if (p.name, kpi) not in t.index:
                continue
            row = t.loc[(p.name, kpi)]
            if not row.significant:
                continue
            sign = "+" if row.diff_mean > 0 else "-"
            rel = abs(100 * row.diff_mean / row.baseline_mean) if row.baseline_mean else float("nan")
            parts.append(pattern.format(sign=sign, v=_fmt(abs(row.diff_mean)), pct=_fmt(abs(100 * row.diff_mean)),
                                        rel=f"{rel:.0f}"))
        winners = comparison.winners
        w = winners[(winners.proposal == p.name) & (winners.rider_type == "all")].iloc[0]
        workers = comparison.baseline.words["workers"]
        parts.append(f"{100 * w.winners_share:.0f}% of {workers} gain, {100 * w.losers_share:.0f}% lose")
        out.append((p.name, "; ".join(parts) if parts else "no change beyond chance in the headline figures"))
    return out


MERCHANT_LEVERS = ("rules.commission.merchant_rate", "rules.commission.per_order_cap_yuan",
                   "rules.commission.average_cap")


def commission_notes(comparison: Comparison) -> list[tuple[str, str]]:
    """Why a merchant-commission change leaves workers' pay alone where workers are paid piece rates."""
    if comparison.baseline.pay_basis != "piece_rate":
        return []
    out = []
    base = comparison.baseline.spec
    words = comparison.baseline.words
    for p in comparison.proposals:
        keys = [k for k, *_ in lever_changes(base, p.spec)]
        if any(k.startswith(MERCHANT_LEVERS) for k in keys):
            out.append((p.name, f"{words['workers'].capitalize()} are paid piece rates by the platform, not out of the "
                                "merchant commission: a change in the commission moves money between merchants and "
                                f"the platform, and changes {words['workers']}' pay by exactly 0 unless the platform "
                                "changes their rates too."))
    return out


def _who_pays_table(comparison: Comparison) -> str:
    pays = who_pays(comparison)
    if pays.empty:
        return ""
    pays = pays.assign(party=pays.party_name)
    return _table(pays, ["proposal", "party", "baseline_yuan", "change_yuan", "ci_low", "ci_high"])


def _table(df, columns) -> str:
    head = "<tr>" + "".join(f"<th class='name'>{_e(c)}</th>" if i == 0 else f"<th>{_e(c)}</th>"
                            for i, c in enumerate(columns)) + "</tr>"
    rows = []
    for _, r in df.iterrows():
        cells = []
        for i, c in enumerate(columns):
            v = r[c]
            text = _fmt(v) if isinstance(v, float) else _e(v)
            cells.append(f"<td class='name'>{text}</td>" if i == 0 or not isinstance(v, float) else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + head + "".join(rows) + "</table>"


def report(comparison: Comparison, path: str | os.PathLike, command: str | None = None) -> Path:
    """Writes the comparison as one self-contained HTML file (images embedded) and returns its path."""
    from ridersim import plots  # matplotlib is imported only when a report is made
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    base_spec = comparison.baseline.spec
    names = [p.name for p in comparison.proposals]
    title = f"What the proposals change: {comparison.baseline.name} vs {', '.join(names)}"

    changes = []
    for p in comparison.proposals:
        # provenance as the compiled scenario keeps it
        rows = [(k, a, b, p.source_of(k) or src) for k, a, b, src in lever_changes(base_spec, p.spec)]
        shown = lambda v: v if v is ABSENT else json.dumps(v, ensure_ascii=False)  # noqa: E731
        items = "".join(f"<tr><td class='name'><code>{_e(k)}</code></td><td>{_e(shown(a))}</td>"
                        f"<td>{_e(shown(b))}</td><td class='name'>{_e(src)}</td></tr>"
                        for k, a, b, src in rows)
        changes.append(f"<h3>{_e(p.name)}</h3><p>{_e(p.description)}</p>"
                       "<table><tr><th class='name'>lever</th><th>baseline</th><th>proposal</th>"
                       f"<th class='name'>source</th></tr>{items}</table>")

    winners = comparison.winners.copy()
    distribution = comparison.distribution.copy()
    reps = len(comparison.seeds)
    sources = [(k, v) for k, v in _sources(base_spec)]
    assumptions = "".join(f"<tr><td class='name'><code>{_e(k)}</code></td><td class='name'>{_e(v)}</td></tr>"
                          for k, v in sources)
    command = command or ("ridersim compare " + " ".join([comparison.baseline.origin] +
                                                        [p.origin for p in comparison.proposals]) +
                          f" --replications {reps} --seed {comparison.seed}")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{CSS}</style></head>
<body>
<h1>{_e(title)}</h1>
<p>{_e(comparison.baseline.description)}</p>
<p class="note">Each scenario was simulated {reps} times. Replication r of every scenario uses the same
seed, so the same customers order at the same times and the same riders start their shifts in the same
places (common random numbers): the differences below are caused by the rules. An interval that
excludes 0 is shaded: green where the change is better for those it describes, red where worse,
grey where the interval includes 0.</p>

<h2>In brief</h2>
<ul>{"".join(f"<li><b>{_e(name)}</b>: {_e(text)}.</li>" for name, text in brief(comparison))}</ul>
<p class="note">Only changes whose 95% interval excludes 0 are named; winners and losers gain or lose
more than {comparison.threshold_yuan:g} yuan per online hour.</p>

{"".join(f"<p class='note'><b>{_e(name)}</b>: {_e(text)}</p>" for name, text in commission_notes(comparison))}

<h2>What changed</h2>
{''.join(changes)}

<h2>Headline: change against the baseline</h2>
<p class="note">Mean over replications of proposal minus baseline, with the 95% paired t interval.
The share below the minimum wage counts online hours; the share "on floor hours" counts the hours the
floor in force pays for (engaged hours, for a floor per engaged hour), so a floor can leave riders
below the minimum wage per online hour while nobody is below it on its own hours.</p>
{_headline(comparison)}
<img alt="KPI changes with intervals" src="{_png(plots.kpi_deltas(comparison))}">

<h2>Who gains and who pays</h2>
<p class="note">The change in each party's money over a simulated run (yuan, mean and 95% paired
interval): {_e(comparison.baseline.words["customers"])}, the platform, merchants, {_e(comparison.baseline.words["workers"])},
the insurer, the pension fund, and what {_e(comparison.baseline.words["workers"])} pay for their vehicles. The
changes of each proposal add up to zero, as the ledger does.</p>
{_who_pays_table(comparison)}

<h2>Rare events</h2>
<p class="note">Crashes are rare: they are pooled over every replication and given exact (Poisson)
intervals, and two scenarios are compared by the exact test of their rate ratio.</p>
<ul>{"".join(f"<li>{_e(line)}</li>" for line in rare_event_lines(comparison))}</ul>

<h2>{_e(comparison.baseline.words['workers'].capitalize())}: earnings</h2>
<img alt="rider earnings distributions" src="{_png(plots.earnings_distribution(comparison))}">
<h3>By type (net yuan per online hour, each person's totals over the day)</h3>
{_table(distribution, ["scenario", "rider_type_name", "count", "mean", "p10", "p50", "p90"])}

<h2>Winners and losers</h2>
<p class="note">{_e(comparison.baseline.words['workers'].capitalize())} matched by id within each replication (the same person under both rules). A
winner gains more than {comparison.threshold_yuan:g} yuan per online hour; a loser loses more than that.</p>
{_table(winners, ["proposal", "rider_type", "riders", "winners_share", "losers_share", "unchanged_share",
                  "mean_change_yuan_per_h"])}

<h2>Service and earnings</h2>
<img alt="on-time rate against rider earnings" src="{_png(plots.service_vs_earnings(comparison))}">

<h2>Assumptions and reproduction</h2>
<p>Reproduce with <code>{_e(command)}</code> (ridersim {_e(__version__)}, {_e(source_revision())}).
Comparison seed {comparison.seed}; replication seeds {_e(", ".join(str(s) for s in comparison.seeds))}.</p>
<details><summary>Every baseline value and its source ({len(sources)})</summary>
<table><tr><th class='name'>value</th><th class='name'>source</th></tr>{assumptions}</table></details>
</body></html>
"""
    write_atomic(path, page)
    return path


def _sources(spec: dict, prefix: str = ""):
    """(dotted path, source) for every source noted in a spec."""
    if not isinstance(spec, dict):
        return
    for key, note in spec.get("sources", {}).items():
        yield (f"{prefix}.{key}" if prefix else key), note
    for key, value in spec.items():
        if key == "sources":
            continue
        if isinstance(value, dict):
            yield from _sources(value, f"{prefix}.{key}" if prefix else key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from _sources(item, f"{prefix}.{key}[{i}]" if prefix else f"{key}[{i}]")


def bargain_report(bargain, info: dict, path: str | os.PathLike, proposals: dict[str, str] | None = None) -> Path:
    """Writes the bargaining analysis as one self-contained HTML file."""
    from ridersim import plots

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = bargain.candidates
    p1, p2 = bargain.parties
    rows = []
    for name, point in bargain.solutions.items():
        if point is None:
            rows.append(f"<tr><td class='name'>{_e(name)}</td><td colspan='5' class='name'>no simulated rule set "
                        "leaves both parties better off than the disagreement point</td></tr>")
            continue
        rule = "<br>".join(f"<code>{_e(k)}</code> = {_e(json.dumps(v))}" for k, v in c.loc[point, "rule_set"].items())
        file = _e(proposals.get(name, "")) if proposals else ""
        rows.append(f"<tr><td class='name'>{_e(name)}</td><td>{point}</td><td>{_fmt(c.loc[point, p1] - bargain.disagreement[0])}</td>"
                    f"<td>{_fmt(c.loc[point, p2] - bargain.disagreement[1])}</td><td>{_fmt(c.loc[point, 'robustness'])}</td>"
                    f"<td class='name'>{rule}<br><small>{file}</small></td></tr>")
    ranked = c.drop(columns=["rule_set"]).sort_values("robustness", ascending=False).head(15).reset_index()
    head = "".join(f"<th>{_e(k)}</th>" for k in ranked.columns)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(v) if isinstance(v, float) else _e(v)}</td>" for v in r) + "</tr>"
                   for r in ranked.itertuples(index=False))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(info["name"])}: bargaining</title><style>{CSS}</style></head>
<body>
<h1>Finding the deal: {_e(info["name"])}</h1>
<p>{_e(info["spec"].get("description", ""))}</p>
<p class="note">Each candidate is a rule set simulated under every uncertainty draw ({_e(", ".join(info["uncertainties"]) or "none")})
with common random numbers. Utilities: {_e(p1)} and {_e(p2)} (see the utility weights in the package's documentation).
The disagreement point is the baseline's utilities: ({_fmt(bargain.disagreement[0])}, {_fmt(bargain.disagreement[1])}).
Robustness is the share of uncertainty draws in which the rule set beats the disagreement point for both parties.
Asymmetric Nash uses bargaining power alpha = {bargain.alpha:g} for {_e(p1)}.</p>
<h2>Solutions</h2>
<table><tr><th class='name'>solution</th><th>candidate</th><th>{_e(p1)} gain</th><th>{_e(p2)} gain</th><th>robustness</th>
<th class='name'>rule set (proposal file)</th></tr>{"".join(rows)}</table>
<img alt="frontier" src="{_png(plots.frontier(bargain))}">
<h2>The most robust candidates</h2>
<table><tr>{head}</tr>{body}</table>
</body></html>
"""
    write_atomic(path, page)
    return path
