"""Replaying recorded days: MDRPlib instances and a CSV trace format for users' own data.

MDRPlib (Reyes et al. 2018; `scenarios/traces/mdrplib/`) follows the instances' own timing rules:
travel = ceil(distance / meters_per_minute) minutes, half the service time before and after each
hand-over, couriers' recorded shifts, no pickup after a shift ends, pay = max(pay per order x
orders, guaranteed pay per hour x shift hours).

The CSV trace format (times in seconds from midnight of day 0, places in metres):

    orders.csv    order_id,placed_s,ready_s,pickup_x_m,pickup_y_m,dropoff_x_m,dropoff_y_m[,merchant_id][,basket_yuan]
                  [,promised_s][,pickup_service_s][,dropoff_service_s][,logged_delivered_s][,logged_courier_id]
    couriers.csv  courier_id,x_m,y_m,on_s,off_s[,type]

Orders come in order of placement (an unsorted file is an error naming the line). The ids are
the file's own and are kept through to the outputs: `label_ids` puts `order_id` and `courier_id`
beside the results (the command line writes them into orders.csv and riders.csv). A malformed row
raises TraceError naming the file, the line and the column; the format is in docs/replay.md.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ridersim.results import Results, run
from ridersim.paths import data_path
from ridersim.scenario import Scenario

MDRPLIB = data_path("scenarios", "traces", "mdrplib")

#: the dispatch rules replays use unless told otherwise, by policy name
REPLAY_DISPATCH = {
    "rolling_horizon": {"policy": "rolling_horizon", "batch_interval_s": 60, "horizon_min": 15, "max_bundle": 2,
                        "candidates_per_order": 20, "max_pickup_km": 100},
    "bundling": {"policy": "bundling", "batch_interval_s": 60, "max_bundle": 2, "candidates_per_order": 10,
                 "max_pickup_km": 100, "lateness_weight": 1.0},
    "batched": {"policy": "batched", "batch_interval_s": 60, "candidates_per_order": 10, "max_pickup_km": 100},
    "nearest_idle": {"policy": "nearest_idle", "max_pickup_km": 100},
}


class TraceError(ValueError):
    """A trace file that cannot be read: `file`, `line` (1-based) and what is wrong."""

    def __init__(self, file, line, message):
        self.file, self.line = str(file), line
        super().__init__(f"{file}:{line}: {message}")


@dataclass
class MdrpInstance:
    name: str
    scenario: Scenario
    meters_per_minute: float
    pickup_service_min: float
    dropoff_service_min: float
    target_ctd_min: float
    max_ctd_min: float
    pay_per_order: float
    pay_per_hour: float
    order_ids: list[str]


def _read_table(path: Path, columns: dict[str, type], optional: tuple[str, ...] = (), delimiter: str = ",",
                max_bytes: int | None = None, nullable: tuple[str, ...] = ()):
    """Rows of a delimited file as dicts, each value converted, with file:line errors."""
    if not path.exists():
        raise TraceError(path, 0, "no such file")
    if not path.is_file():
        raise TraceError(path, 0, "not a regular file (a folder or a device?)")
    limit = MAX_TRACE_BYTES if max_bytes is None else max_bytes
    if path.stat().st_size > limit:
        raise TraceError(path, 0, f"larger than {limit // 1_000_000} MB; split the trace into days, or raise the limit "
                                  "(replay csv --max-trace-mb)")
    try:
        return _read_rows(path, columns, optional, delimiter, nullable)
    except UnicodeDecodeError as error:
        raise TraceError(path, 0, f"not UTF-8 text (byte {error.start} of a chunk): save it as UTF-8") from None


#: traces larger than this are refused before they are read (a day of a city is far smaller)
MAX_TRACE_BYTES = 200_000_000


def _read_rows(path: Path, columns: dict[str, type], optional: tuple[str, ...], delimiter: str,
               nullable: tuple[str, ...] = ()):
    # utf-8-sig: spreadsheets write a byte-order mark before the header
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise TraceError(path, 1, "empty file; expected a header line") from None
        missing = [c for c in columns if c not in header and c not in optional]
        if missing:
            raise TraceError(path, 1, f"missing column(s) {', '.join(missing)}; the header is {','.join(header)}")
        rows = []
        end = reader.line_num
        for fields in reader:
            # the row's first physical line (blank lines and quoted newlines counted)
            line, end = end + 1, reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise TraceError(path, line, f"expected {len(header)} fields, got {len(fields)}")
            row = {}
            for name, kind in columns.items():
                if name not in header:
                    continue
                text = fields[header.index(name)].strip()
                if name in nullable and text == "":
                    row[name] = None  # a nullable column's empty cell: did not happen
                    continue
                try:
                    value = kind(text)
                except ValueError:
                    what = "a whole number" if kind is int else "a number" if kind is float else "text"
                    raise TraceError(path, line, f"column {name}: expected {what}, got {text!r}") from None
                if kind in (int, float) and not math.isfinite(value):
                    raise TraceError(path, line, f"column {name}: expected a finite number, got {text!r}")
                row[name] = value
            row["_line"] = line
            rows.append(row)
    if not rows:
        raise TraceError(path, 2, "no rows")
    return rows


def _check(path, line, ok, message):
    if not ok:
        raise TraceError(path, line, message)


def trace_section(orders: list[dict], couriers: list[dict] | None) -> dict:
    """The scenario's `trace` section from order and courier rows (orders sorted by placement)."""
    merchants: dict = {}
    merchant_ids = []
    for o in orders:
        key = o.get("merchant_id", (o["pickup_x_m"], o["pickup_y_m"]))
        merchant_ids.append(merchants.setdefault(key, len(merchants)))
    section = {"orders": {
        "placed_s": [o["placed_s"] for o in orders], "ready_s": [o["ready_s"] for o in orders],
        "merchant_id": merchant_ids,
        "pickup_x_m": [o["pickup_x_m"] for o in orders], "pickup_y_m": [o["pickup_y_m"] for o in orders],
        "dropoff_x_m": [o["dropoff_x_m"] for o in orders], "dropoff_y_m": [o["dropoff_y_m"] for o in orders],
        "basket_yuan": [o.get("basket_yuan", 0.0) for o in orders]}}
    # the platform's own promise and service times, where the trace gives them
    for column in ("promised_s", "pickup_service_s", "dropoff_service_s"):
        if column in orders[0]:
            section["orders"][column] = [o[column] for o in orders]
    if couriers:
        section["couriers"] = {"x_m": [c["x_m"] for c in couriers], "y_m": [c["y_m"] for c in couriers],
                               "on_s": [c["on_s"] for c in couriers], "off_s": [c["off_s"] for c in couriers]}
        if "type" in couriers[0]:
            section["couriers"]["type"] = [c["type"] for c in couriers]
    return section


def _extent(section: dict) -> tuple[float, float]:
    xs = section["orders"]["pickup_x_m"] + section["orders"]["dropoff_x_m"] + section.get("couriers", {}).get("x_m", [])
    ys = section["orders"]["pickup_y_m"] + section["orders"]["dropoff_y_m"] + section.get("couriers", {}).get("y_m", [])
    return max(xs) + 1.0, max(ys) + 1.0


def load_mdrplib(instance_dir: str | os.PathLike, policy: str = "rolling_horizon", dispatch: dict | None = None) -> MdrpInstance:
    """An MDRPlib instance as a scenario that follows the instance's own rules."""
    folder = Path(instance_dir)
    params_rows = _read_table(folder / "instance_parameters.txt", {
        "meters_per_minute": float, "pickup service minutes": float, "dropoff service minutes": float,
        "target click-to-door": float, "maximum click-to-door": float, "pay per order": float,
        "guaranteed pay per hour": float}, delimiter="\t")
    p = params_rows[0]
    restaurants = {r["restaurant"]: r for r in _read_table(folder / "restaurants.txt", {"restaurant": str, "x": float, "y": float},
                                                           delimiter="\t")}
    raw_orders = _read_table(folder / "orders.txt", {"order": str, "x": float, "y": float, "placement_time": int,
                                                     "restaurant": str, "ready_time": int}, delimiter="\t")
    raw_couriers = _read_table(folder / "couriers.txt", {"courier": str, "x": float, "y": float, "on_time": int,
                                                         "off_time": int}, delimiter="\t")
    orders = []
    for line, o in enumerate(raw_orders, start=2):
        _check(folder / "orders.txt", line, o["restaurant"] in restaurants, f"unknown restaurant {o['restaurant']!r}")
        r = restaurants[o["restaurant"]]
        orders.append({"id": o["order"], "placed_s": o["placement_time"] * 60, "ready_s": o["ready_time"] * 60,
                       "pickup_x_m": r["x"], "pickup_y_m": r["y"], "dropoff_x_m": o["x"], "dropoff_y_m": o["y"],
                       "merchant_id": o["restaurant"]})
    orders.sort(key=lambda o: (o["placed_s"], o["id"]))
    couriers = [{"x_m": c["x"], "y_m": c["y"], "on_s": c["on_time"] * 60, "off_s": c["off_time"] * 60} for c in raw_couriers]
    section = trace_section(orders, couriers)
    width, height = _extent(section)
    # the tuned rules of the policies compared in docs/validation.md; any other policy its defaults
    tuned = REPLAY_DISPATCH.get(policy, {"policy": policy, "batch_interval_s": 60, "max_pickup_km": 100})
    dispatch_rules = dict(tuned, pickup_before_shift_end=True, unassigned_penalty_s=7200)
    dispatch_rules.update(dispatch or {})
    spec = {
        "name": folder.name,
        "description": f"MDRPlib instance {folder.name} (Grubhub), replayed with its own timing and pay rules",
        "horizon": {"start_h": 0, "end_h": 24, "days": 1},
        "world": {"area": {"width_km": width / 1000, "height_km": height / 1000}, "hotspots": [],
                  "travel": {"mode": "whole_minutes", "meters_per_minute": p["meters_per_minute"], "detour_factor": 1.0,
                             "speed_kmh": {"car": p["meters_per_minute"] * 60 / 1000}, "congestion_by_hour": [1] * 24},
                  "pickup_service_min": p["pickup service minutes"], "dropoff_service_min": p["dropoff service minutes"]},
        "riders": {"types": [{"name": "courier", "count": len(couriers), "vehicle": "car", "employment": "dedicated",
                              "shifts": [{"start_h": 0, "end_h": 24, "share": 1.0}]}]},
        "rules": {"dispatch": dispatch_rules,
                  "promise": {"fixed_min": p["target click-to-door"], "quantile": 0.5, "buffer_min": 0},
                  "pay": {"base_per_order_yuan": p["pay per order"], "per_km_over_1km_yuan": 0},
                  "commission": {"merchant_rate": 0}, "lateness": {"sanction": "none"},
                  "floor": {"hourly_yuan": p["guaranteed pay per hour"], "basis": "shift"},
                  "customer_fee": {"base_yuan": 0}},
        "trace": section,
    }
    scenario = Scenario.from_dict(spec, origin=str(folder))
    return MdrpInstance(folder.name, scenario, p["meters_per_minute"], p["pickup service minutes"],
                        p["dropoff service minutes"], p["target click-to-door"], p["maximum click-to-door"],
                        p["pay per order"], p["guaranteed pay per hour"], [o["id"] for o in orders])


def ctd_lower_bounds_min(instance: MdrpInstance) -> np.ndarray:
    """Each order's click-to-door lower bound: prep + pickup/2 + travel(restaurant -> diner) + dropoff/2."""
    o = instance.scenario.spec["trace"]["orders"]
    dist = np.hypot(np.subtract(o["dropoff_x_m"], o["pickup_x_m"]), np.subtract(o["dropoff_y_m"], o["pickup_y_m"]))
    travel = np.ceil(dist / instance.meters_per_minute - 1e-9)
    prep = (np.array(o["ready_s"]) - np.array(o["placed_s"])) / 60
    return prep + instance.pickup_service_min / 2 + travel + instance.dropoff_service_min / 2


def mdrp_metrics(instance: MdrpInstance, results: Results) -> dict[str, float]:
    """The metrics of the MDRP literature for one run."""
    orders, riders = results.orders, results.riders
    delivered = orders[orders.status == "delivered"]
    ctd = ((delivered.delivered_s - delivered.placed_s) / 60).astype(float)  # delivered: no time is missing
    rtp = ((delivered.picked_up_s - delivered.ready_s) / 60).astype(float)
    work = riders.travel_s / 60 + riders.pickups * instance.pickup_service_min + riders.orders * instance.dropoff_service_min
    utilisation = work / (riders.shift_s / 60)
    total_pay = riders.net_fen.sum() / 100
    nan = float("nan")

    def p90(values):
        return float(np.percentile(values, 90)) if len(values) else nan

    def per(numerator, denominator):
        return float(numerator / denominator) if denominator else nan

    # an instance where nothing is delivered has no times to average: NaN, not an error
    return {
        "orders": int(len(orders)),
        "undelivered_pct": float(100 * (len(orders) - len(delivered)) / len(orders)),
        "ctd_mean_min": float(ctd.mean()),
        "ctd_p90_min": p90(ctd),
        "ctd_overage_min": float(np.maximum(0.0, ctd - instance.target_ctd_min).mean()),
        "rtp_mean_min": float(rtp.mean()),
        "rtp_p90_min": p90(rtp),
        "utilisation_mean": float(utilisation.mean()),
        "cost_per_order": per(total_pay, len(delivered)),
        "orders_per_bundle": per(len(delivered), riders.pickups.sum()),
        "ctd_lower_bound_mean_min": float(ctd_lower_bounds_min(instance).mean()),
        "ledger_imbalance_fen": float(results.summary["ledger_imbalance_fen"]),
    }


def replay_mdrplib(instance_dir, policy="rolling_horizon", dispatch: dict | None = None,
                   seed: int = 0) -> tuple[MdrpInstance, Results, dict]:
    """Replays one instance with a registered policy (by name) or a dispatch policy written in
    Python (a function, as `ridersim.run` takes; it dispatches at the batched policy's interval)."""
    if callable(policy):
        instance = load_mdrplib(instance_dir, "batched", dispatch)
        results = run(instance.scenario, seed=seed, policy=policy)
    else:
        instance = load_mdrplib(instance_dir, policy, dispatch)
        results = run(instance.scenario, seed=seed)
    return instance, results, mdrp_metrics(instance, results)


def instance_dirs(root: str | os.PathLike) -> list[Path]:
    """Every folder under root that holds an MDRPlib instance, sorted by name."""
    return sorted(p.parent for p in Path(root).rglob("instance_parameters.txt"))


def replay_all(root, policy: str = "rolling_horizon", jobs: int | None = None, dispatch: dict | None = None,
               progress: bool | None = None):
    """Replays every instance under root in parallel; one row of metrics per instance."""
    import pandas as pd
    from concurrent.futures import ThreadPoolExecutor

    from ridersim.comparison import _progress

    folders = instance_dirs(root)
    if not folders:
        raise TraceError(root, 0, "no MDRPlib instance (instance_parameters.txt) under this folder")
    bar = _progress(len(folders), progress)

    def one(folder):
        metrics = replay_mdrplib(folder, policy, dispatch)[2]
        if bar:
            bar.update(1)
        return {"instance": folder.name, **metrics}

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        rows = list(pool.map(one, folders))
    if bar:
        bar.close()
    return pd.DataFrame(rows)


@dataclass
class CsvTrace:
    """A CSV trace ready to run: the scenario, and the file's ids of its orders and couriers (row k
    of the results' orders is order_ids[k]; worker k is courier_ids[k]: workers are numbered type
    by type), and what the platform logged of each order when the trace says (else None)."""
    scenario: Scenario
    order_ids: list[str]
    courier_ids: list[str]
    logged: pd.DataFrame | None = None  # per order: logged_delivered_s (<NA>: not delivered), logged_courier_id


def label_ids(results: Results, trace: CsvTrace):
    """The results' orders and rider-days with the trace's own ids: `order_id` first, and
    `courier_id` for the courier of each order and each rider-day (empty: none)."""
    couriers = np.array(trace.courier_ids + [""], dtype=object)  # -1 (never assigned) -> ""
    orders = results.orders.copy()
    orders.insert(0, "order_id", trace.order_ids)
    orders.insert(1, "courier_id", couriers[orders.rider_id.to_numpy()])
    riders = results.riders.copy()
    if isinstance(riders.rider_type.dtype, pd.CategoricalDtype):
        riders["rider_type"] = riders.rider_type.cat.codes.astype(np.int32)  # as the run's own riders.csv has it
    riders.insert(0, "courier_id", couriers[riders.rider_id.to_numpy()])
    return orders, riders


def load_csv_trace(orders_csv, couriers_csv, base: Scenario, max_bytes: int | None = None) -> Scenario:
    """A scenario replaying a CSV trace under the rules and travel model of `base`; files larger
    than `max_bytes` (default MAX_TRACE_BYTES) are refused before they are read."""
    return read_csv_trace(orders_csv, couriers_csv, base, max_bytes).scenario


#: what orders.csv may say besides the required columns: the platform's own promise and service
#: times (they replace the rules'), and what happened on the day (compared, never replayed)
ORDER_OPTIONAL = ("merchant_id", "basket_yuan", "promised_s", "pickup_service_s", "dropoff_service_s",
                  "logged_delivered_s", "logged_courier_id")
LOGGED = ("logged_delivered_s", "logged_courier_id")


def read_csv_trace(orders_csv, couriers_csv, base: Scenario, max_bytes: int | None = None) -> CsvTrace:
    """`load_csv_trace` with the file's ids kept (see `label_ids`)."""
    order_rows = _read_table(Path(orders_csv), {"order_id": str, "placed_s": int, "ready_s": int, "pickup_x_m": float,
                                                "pickup_y_m": float, "dropoff_x_m": float, "dropoff_y_m": float,
                                                "merchant_id": str, "basket_yuan": float, "promised_s": int,
                                                "pickup_service_s": int, "dropoff_service_s": int,
                                                "logged_delivered_s": int, "logged_courier_id": str},
                             optional=ORDER_OPTIONAL, max_bytes=max_bytes, nullable=LOGGED)
    # what the scenario allows, checked here so that errors name the file and line
    max_m, max_s = 500_000, 3650 * 86400
    for o in order_rows:
        line = o["_line"]
        _check(orders_csv, line, 0 <= o["placed_s"] < max_s, f"column placed_s: expected >= 0 and < {max_s} (ten years), got {o['placed_s']}")
        _check(orders_csv, line, o["ready_s"] < max_s, f"column ready_s: expected < {max_s} (ten years), got {o['ready_s']}")
        _check(orders_csv, line, o["ready_s"] >= o["placed_s"],
               f"column ready_s: expected >= placed_s ({o['placed_s']}), got {o['ready_s']}")
        for c in ("pickup_x_m", "pickup_y_m", "dropoff_x_m", "dropoff_y_m"):
            _check(orders_csv, line, 0 <= o[c] <= max_m,
                   f"column {c}: expected >= 0 and <= {max_m} (metres from the area's corner), got {o[c]}")
        if "promised_s" in o:
            _check(orders_csv, line, o["placed_s"] < o["promised_s"] < max_s,
                   f"column promised_s: expected > placed_s ({o['placed_s']}) and < {max_s}, got {o['promised_s']}")
        for c in ("pickup_service_s", "dropoff_service_s"):
            if c in o:
                _check(orders_csv, line, 0 <= o[c] <= 14_400, f"column {c}: expected >= 0 and <= 14400 (four hours), got {o[c]}")
        if o.get("logged_delivered_s") is not None:
            _check(orders_csv, line, o["placed_s"] <= o["logged_delivered_s"] < max_s,
                   f"column logged_delivered_s: expected >= placed_s ({o['placed_s']}) and < {max_s}, or empty "
                   f"(not delivered), got {o['logged_delivered_s']}")
    courier_rows = None
    if couriers_csv is not None:
        courier_rows = _read_table(Path(couriers_csv), {"courier_id": str, "x_m": float, "y_m": float, "on_s": int,
                                                        "off_s": int, "type": str}, optional=("type",),
                                   max_bytes=max_bytes)
        type_names = [t["name"] for t in base.spec["riders"]["types"]]
        for c in courier_rows:
            line = c["_line"]
            if "type" in c:
                # a courier's type is one of the scenario's: its vehicle, speed and costs
                _check(couriers_csv, line, c["type"] in type_names,
                       f"column type: expected one of the scenario's rider types ({', '.join(type_names)}), "
                       f"got {c['type']!r}")
                c["type"] = type_names.index(c["type"])
            _check(couriers_csv, line, 0 <= c["on_s"] < max_s, f"column on_s: expected >= 0 and < {max_s}, got {c['on_s']}")
            _check(couriers_csv, line, c["on_s"] < c["off_s"] < max_s,
                   f"column off_s: expected > on_s ({c['on_s']}) and < {max_s}, got {c['off_s']}")
            _check(couriers_csv, line, 0 <= c["x_m"] <= max_m and 0 <= c["y_m"] <= max_m,
                   f"columns x_m, y_m: expected >= 0 and <= {max_m}")
    # the file's order is the results' order: an unsorted file is refused, not silently re-sorted
    for before, row in zip(order_rows, order_rows[1:]):
        _check(orders_csv, row["_line"], row["placed_s"] >= before["placed_s"],
               f"column placed_s: orders must come in order of placement; {row['placed_s']} comes after "
               f"{before['placed_s']} (line {before['_line']})")
    seen: dict[str, int] = {}
    for rows, path, column in ((order_rows, orders_csv, "order_id"), (courier_rows or [], couriers_csv, "courier_id")):
        seen.clear()
        for row in rows:
            _check(path, row["_line"], row[column] not in seen,
                   f"column {column}: {row[column]!r} is on line {seen.get(row[column])} already")
            seen[row[column]] = row["_line"]
    if any(o.get("logged_courier_id") is not None for o in order_rows) and courier_rows:
        allowed = {c["courier_id"] for c in courier_rows} | {None}  # made once: a set per row was quadratic
        for o in order_rows:
            _check(orders_csv, o["_line"], o.get("logged_courier_id") in allowed,
                   f"column logged_courier_id: {o.get('logged_courier_id')!r} is not a courier_id of {couriers_csv}")
    section = trace_section(order_rows, courier_rows)
    width, height = _extent(section)
    spec = base.spec
    spec["world"]["area"]["width_km"] = max(spec["world"]["area"]["width_km"], width / 1000)
    spec["world"]["area"]["height_km"] = max(spec["world"]["area"]["height_km"], height / 1000)
    spec["trace"] = section
    spec["horizon"]["days"] = max(1, max(o["placed_s"] for o in order_rows) // 86400 + 1)
    if courier_rows:
        if "type" not in courier_rows[0]:
            spec["riders"]["types"] = spec["riders"]["types"][:1]  # without types, the couriers are all the first type's
        spec["riders"].get("labour_supply", {})["free_entry"] = False
    spec["name"] = f"{base.name}+trace"
    scenario = Scenario.from_dict(spec, origin=f"{orders_csv} + {couriers_csv}")
    # worker k is the courier on row trace_courier_rows[k] (the engine numbers workers type by type)
    courier_ids = [courier_rows[row]["courier_id"] for row in scenario._core.trace_courier_rows] if courier_rows else []
    logged = None
    if any(column in order_rows[0] for column in LOGGED):
        logged = pd.DataFrame({"order_id": [o["order_id"] for o in order_rows],
                               "logged_delivered_s": pd.array([o.get("logged_delivered_s") for o in order_rows],
                                                              dtype="Int32"),
                               "logged_courier_id": [o.get("logged_courier_id") for o in order_rows]})
    return CsvTrace(scenario, [o["order_id"] for o in order_rows], courier_ids, logged)


def log_comparison(results: Results, trace: CsvTrace) -> pd.DataFrame:
    """What the platform logged against what the replay simulated, for the same orders: one row
    per figure (figure, logged, simulated, difference = simulated - logged). Empty when the trace
    logged nothing.

    With `logged_delivered_s`: orders delivered, their click-to-door minutes (mean, median, 90th
    percentile), the share on time against each order's promise, and for the orders delivered in
    both, the mean and the mean absolute difference of their delivery times. With
    `logged_courier_id`: orders per active courier, and the share of orders the same courier
    delivered."""
    columns = ["figure", "logged", "simulated", "difference"]
    if trace.logged is None:
        return pd.DataFrame(columns=columns)
    orders = results.orders
    placed = orders.placed_s.to_numpy(dtype=float)
    promised = orders.promised_s.to_numpy(dtype=float)
    simulated = orders.delivered_s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    rows = []

    def add(figure, a, b):
        rows.append({"figure": figure, "logged": float(a), "simulated": float(b), "difference": float(b) - float(a)})

    def stats(times):
        ctd = (times - placed) / 60
        if not np.isfinite(ctd).any():
            return [np.nan] * 3
        return [np.nanmean(ctd), np.nanmedian(ctd), np.nanpercentile(ctd, 90)]

    if "logged_delivered_s" in trace.logged:
        logged = trace.logged.logged_delivered_s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        add("orders delivered", np.isfinite(logged).sum(), np.isfinite(simulated).sum())
        add("share delivered", np.isfinite(logged).mean(), np.isfinite(simulated).mean())
        for name, a, b in zip(("mean", "median", "90th percentile"), stats(logged), stats(simulated)):
            add(f"click-to-door minutes, {name}", a, b)
        on_time = lambda times: np.nanmean(np.where(np.isfinite(times), times <= promised, np.nan))  # noqa: E731
        add("share on time (delivered by the promise)", on_time(logged), on_time(simulated))
        both = np.isfinite(logged) & np.isfinite(simulated)
        if both.any():
            gap = (simulated[both] - logged[both]) / 60
            rows.append({"figure": "delivered in both: delivery time, simulated - logged, minutes (mean)",
                         "logged": np.nan, "simulated": np.nan, "difference": float(gap.mean())})
            rows.append({"figure": "delivered in both: |simulated - logged| delivery time, minutes (mean)",
                         "logged": np.nan, "simulated": np.nan, "difference": float(np.abs(gap).mean())})
    if "logged_courier_id" in trace.logged and trace.logged.logged_courier_id.notna().any() and trace.courier_ids:
        logged_courier = trace.logged.logged_courier_id
        couriers = np.array(trace.courier_ids + [""], dtype=object)
        simulated_courier = couriers[orders.rider_id.to_numpy()]
        delivered = np.isfinite(simulated)
        add("orders per active courier", logged_courier.notna().sum() / logged_courier.nunique(),
            delivered.sum() / max(1, len(set(simulated_courier[delivered]))))
        same = (logged_courier.to_numpy(dtype=object) == simulated_courier) & logged_courier.notna().to_numpy()
        rows.append({"figure": "share of logged orders the same courier delivered", "logged": np.nan,
                     "simulated": float(same.sum() / logged_courier.notna().sum()), "difference": np.nan})
    return pd.DataFrame(rows, columns=columns)
