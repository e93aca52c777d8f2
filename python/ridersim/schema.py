"""The lever schema, the trades and the money components, as the C++ core declares them.

Each lever is declared once in the core (key, type, bounds, default, unit, labels in English and
Chinese, doc); the scenario compiler, ``docs/scenario.md`` and these functions all read it.
"""

from __future__ import annotations

import pandas as pd

from ridersim import _core

_UNIT_ZH = {"yuan": "元", "yuan/job": "元/单", "yuan/km": "元/公里", "yuan/min": "元/分钟", "yuan/h": "元/小时",
            "yuan/day": "元/天", "yuan/trip": "元/单", "share": "比例", "min": "分钟", "h": "小时", "s": "秒",
            "km": "公里", "km/h": "公里/小时"}


def levers(trade: str | None = None) -> pd.DataFrame:
    """Every lever, one row each: key, type, unit, min, max, default, required, choices, label_en,
    label_zh, trades ("" = every trade), doc. With ``trade``, only the levers that apply to it.

    >>> ridersim.levers("ride_hailing").set_index("key").loc["rules.commission.worker_rate", "default"]
    0.0
    """
    table = pd.DataFrame(_core.levers())
    if trade is not None:
        if trade not in trades():
            raise ValueError(f"no trade named {trade!r}; trades: {', '.join(trades())}")
        table = table[(table.trades == "") | table.trades.str.split().apply(lambda t: trade in t)]
    return table.reset_index(drop=True)


def scenario_levers(scenario) -> pd.DataFrame:
    """The levers one can set on a scenario: those of its trade, with a per-vehicle lever
    (``rules.fare.<vehicle>.per_km_yuan``) written out for each vehicle class the scenario has."""
    table = levers(scenario.trade)
    fares = scenario.spec.get("rules", {}).get("fare", {})
    vehicles = sorted(k for k, v in fares.items() if isinstance(v, dict) and k != "sources") \
        if isinstance(fares, dict) else []
    rows = []
    for _, row in table.iterrows():
        if "<vehicle>" not in row["key"]:
            rows.append({**row, "vehicle": ""})
            continue
        rows += [{**row, "key": row["key"].replace("<vehicle>", vehicle), "vehicle": vehicle} for vehicle in vehicles]
    return pd.DataFrame(rows)


def trades() -> list[str]:
    """The names of the trades that come with ridersim."""
    return list(_core.trades())


def money_components() -> pd.DataFrame:
    """Every money component: name, column, payer, payee, when it is settled (job, day, month), its
    role (by which settlement and the KPIs add it up) and doc."""
    return pd.DataFrame(_core.money_components())


def policies() -> list[str]:
    """The dispatch policies registered in the core that run on their own (`external` takes a
    policy written in Python: see `ridersim.run`)."""
    return [p["name"] for p in _core.dispatch_policies() if p["runs_alone"]]


def unit_zh(unit: str) -> str:
    """A unit in Chinese (元 for yuan)."""
    return _UNIT_ZH.get(unit, unit)


def _bounds_text(row) -> str:
    if row["min"] is None or pd.isna(row["min"]):
        return ""
    lo = "(" if row["min_open"] else "["
    hi = ")" if row["max_open"] else "]"
    fmt = lambda v: "inf" if v == float("inf") else f"{v:g}"
    return f"{lo}{fmt(row['min'])}, {fmt(row['max'])}{hi}"


def levers_markdown() -> str:
    """The lever table of docs/scenario.md, generated from the schema."""
    lines = ["| lever | type | unit | range | default | trades | label (en / zh) | meaning |",
             "|---|---|---|---|---|---|---|---|"]
    for _, row in levers().iterrows():
        if row["type"] == "choice":
            kind = "one of " + ", ".join(f"`{c}`" for c in row["choices"])
        else:
            kind = row["type"]
        default = "required" if row["required"] else ("" if row["default"] is None else f"`{row['default']}`")
        if isinstance(row["default"], float):
            default = f"`{row['default']:g}`"
        lines.append(f"| `{row['key']}` | {kind} | {row['unit']} | {_bounds_text(row)} | {default} | "
                     f"{row['trades'] or 'all'} | {row['label_en']} / {row['label_zh']} | {row['doc']} |")
    return "\n".join(lines) + "\n"
