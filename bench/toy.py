"""The like-for-like toy model (bench/toy/README.md), side by side in one run: a bare C++ event
loop, plain Python, SimPy, and ridersim configured as the toy. Prints each one's CPU seconds, the
ratios against the bare loop, and the mean delivery time (the implementations agree on it).

    /usr/bin/python3 bench/toy.py [N ...]        (default: 1000 10000; build first: tools/build)
"""

import copy
import json
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

import ridersim  # noqa: E402

BARE = ROOT / "build" / "default" / "bench" / "toy_bare"


def toy_spec(n: int) -> dict:
    """ridersim set up as the toy, by configuration only (the differences: bench/toy/README.md):
    the scenario's text, built from the small city's and the baseline's files."""
    side_km = math.sqrt(n / 4e-6) / 1000
    spec = copy.deepcopy(ridersim.Scenario.load(ROOT / "tests" / "data" / "small-city.json").spec)
    spec["name"] = f"toy-{n}"
    spec["horizon"] = {"start_h": 0, "end_h": 2, "days": 1}
    spec["world"].update(area={"width_km": side_km, "height_km": side_km}, hotspots=[], pickup_service_min=0,
                         dropoff_service_min=0,
                         travel={"detour_factor": 1.0, "speed_kmh": {"ebike": 14.4}, "congestion_by_hour": [1] * 24})
    spec["demand"].update(orders_per_hour=[n * 1.5, n * 1.5] + [0] * 22,
                          merchants={"count": max(10, n // 5), "share_in_clusters": 0},
                          customers={"share_in_residential": 0}, delivery_radius_km=3.0,
                          prep_time_min={"mean": 10.0, "sd": 10.0 / math.sqrt(12)},
                          basket_yuan={"mean": 25.0, "sd": 30.0 / math.sqrt(12)}, cancel_after_unassigned_min=30,
                          response={"fee_elasticity": 0, "promise_elasticity": 0, "reference_fee_yuan": 1,
                                    "reference_promise_min": 45, "max_uplift": 1})
    spec["riders"]["types"] = [{"name": "courier", "count": n, "vehicle": "ebike", "employment": "dedicated",
                                "shifts": [{"start_h": 0, "end_h": 2, "share": 1.0}]}]
    # no behaviour: couriers keep to the legal speed, never crash and take every job, as in the toy
    spec["riders"].pop("behaviour", None)
    spec["rules"] = {"dispatch": {"policy": "nearest_idle", "max_pickup_km": 1000},
                     "promise": {"fixed_min": 45, "quantile": 0.5, "buffer_min": 0},
                     "pay": {"base_per_order_yuan": 2.5, "per_km_over_1km_yuan": 1.0},
                     "commission": {"merchant_rate": 0.2},
                     "lateness": {"sanction": "cash", "cash_tiers": [{"from_min": 0, "deduct_share": 0}], "late_fine_yuan": 2},
                     "customer_fee": {"base_yuan": 0}}
    return spec


def ridersim_toy(n: int, seed: int) -> dict:
    import ridersim.results  # noqa: F401  (imported before the clock starts: pandas is not the model)
    # the clock starts with the scenario's text in hand, as the other implementations start with
    # their constants: set-up is compiling it (checking every field, drawing nothing yet) and the
    # run draws the world and the orders
    spec = toy_spec(n)
    start = time.process_time()
    scenario = ridersim.Scenario.from_dict(spec, origin="bench/toy.py")
    compiled = time.process_time() - start
    results = ridersim.run(scenario, seed=seed)
    run = time.process_time() - start - compiled
    s = results.summary
    return {"implementation": "ridersim", "couriers": n, "orders": int(s["orders_placed"]),
            "delivered": int(s["orders_delivered"]), "mean_delivery_min": round(s["ctd_mean_min"], 3),
            "setup_cpu_s": round(compiled, 4), "run_cpu_s": round(run, 4)}


def one(command: list[str]) -> dict:
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main(sizes: list[int], seed: int = 1) -> None:
    if not BARE.exists():
        sys.exit(f"build the bare loop first: tools/build ({BARE} is missing)")
    print(f"{'couriers':>8} {'implementation':>14} {'orders':>7} {'delivered':>9} {'mean min':>8} "
          f"{'setup s':>8} {'run s':>8} {'total s':>8} {'x bare':>7}")
    for n in sizes:
        rows = [one([str(BARE), str(n), str(seed)]),
                one([sys.executable, str(ROOT / "bench" / "toy" / "toy_python.py"), str(n), str(seed)]),
                one([sys.executable, str(ROOT / "bench" / "toy" / "toy_simpy.py"), str(n), str(seed)]),
                ridersim_toy(n, seed)]
        bare = rows[0]["setup_cpu_s"] + rows[0]["run_cpu_s"]
        for r in rows:
            total = r["setup_cpu_s"] + r["run_cpu_s"]
            print(f"{n:>8} {r['implementation']:>14} {r['orders']:>7} {r['delivered']:>9} {r['mean_delivery_min']:>8.2f} "
                  f"{r['setup_cpu_s']:>8.4f} {r['run_cpu_s']:>8.4f} {total:>8.4f} {total / bare:>7.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
