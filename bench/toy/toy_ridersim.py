"""The like-for-like toy model (bench/toy/README.md) as a ridersim scenario, by configuration
only, run in a process of its own as the other implementations are.

    /usr/bin/python3 bench/toy/toy_ridersim.py N [SEED]    prints one JSON line
"""

import copy
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

import ridersim  # noqa: E402
import ridersim.results  # noqa: E402,F401  (imported before the clock starts: pandas is not the model)


def toy_spec(n: int) -> dict:
    """ridersim set up as the toy (the differences that remain: bench/toy/README.md): the
    scenario's text, built from the small city's and the baseline's files."""
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


def main(n: int, seed: int) -> dict:
    # the clock starts with the scenario's text in hand, as the other implementations start with
    # their constants: set-up is compiling it (checking every field, drawing nothing yet) and the
    # run draws the world and the orders
    spec = toy_spec(n)
    start = time.process_time()
    scenario = ridersim.Scenario.from_dict(spec, origin="bench/toy/toy_ridersim.py")
    compiled = time.process_time() - start
    results = ridersim.run(scenario, seed=seed)
    run = time.process_time() - start - compiled
    s = results.summary
    return {"implementation": "ridersim", "couriers": n, "orders": int(s["orders_placed"]),
            "delivered": int(s["orders_delivered"]), "mean_delivery_min": round(s["ctd_mean_min"], 3),
            "setup_cpu_s": round(compiled, 4), "run_cpu_s": round(run, 4)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
