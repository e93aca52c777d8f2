import threading

import numpy as np
import pandas as pd
import pytest

import ridersim
from conftest import ROOT


def test_load_and_properties(baseline):
    assert baseline.name == "baseline"
    assert baseline.rider_type_names == ["high_frequency", "low_frequency", "occasional"]
    assert baseline.spec["rules"]["pay"]["base_per_order_yuan"] == 7.0


def test_from_dict_round_trips(small_city):
    again = ridersim.Scenario.from_dict(small_city.spec)
    assert ridersim.run(again, seed=2).summary_json() == ridersim.run(small_city, seed=2).summary_json()


def test_with_changes_returns_a_new_scenario_and_leaves_the_original(small_city):
    before_run = ridersim.run(small_city, seed=3)
    before = before_run.summary
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 6.0}, name="raised")
    assert raised.name == "raised"
    assert raised.spec["rules"]["pay"]["base_per_order_yuan"] == 6.0
    assert small_city.spec["rules"]["pay"]["base_per_order_yuan"] == 4.0
    assert ridersim.run(small_city, seed=3).summary_json() == before_run.summary_json()
    assert ridersim.run(raised, seed=3).summary["rider_cost_per_order_yuan"] > before["rider_cost_per_order_yuan"]


def test_the_spec_property_is_a_copy(small_city):
    spec = small_city.spec
    spec["rules"]["pay"]["base_per_order_yuan"] = 99
    assert small_city.spec["rules"]["pay"]["base_per_order_yuan"] == 4.0


def test_scenario_errors_are_value_errors_with_a_path(small_city):
    with pytest.raises(ridersim.ScenarioError) as caught:
        small_city.with_changes({"rules.promise.quantile": 1.5})
    assert isinstance(caught.value, ValueError)
    assert caught.value.path == "rules.promise.quantile"
    assert "expected a number >= 0.001 and <= 0.999, got 1.5" in str(caught.value)
    with pytest.raises(ridersim.ScenarioError) as caught:
        ridersim.Scenario.from_dict({"name": "x"})
    assert caught.value.path == "horizon"


def test_run_checks_its_arguments(small_city):
    with pytest.raises(TypeError):
        ridersim.run(small_city.spec)
    with pytest.raises(ValueError):
        ridersim.run(small_city, seed=-1)


def test_summary_has_the_documented_kpis(small_city):
    summary = ridersim.run(small_city, seed=1).summary
    for name in ["orders_placed", "orders_delivered", "orders_undelivered", "ctd_mean_min", "ctd_p90_min",
                 "on_time_rate", "rider_days", "rider_net_per_online_hour_p10", "rider_net_per_online_hour_p50",
                 "rider_net_per_online_hour_p90", "rider_utilisation_mean", "platform_net_revenue_yuan",
                 "ledger_imbalance_fen"]:
        assert name in summary
    assert summary["orders_placed"] == summary["orders_delivered"] + summary["orders_undelivered"]
    assert summary["ledger_imbalance_fen"] == 0


def test_tables_are_views_of_the_cpp_columns(small_city):
    results = ridersim.run(small_city, seed=1)
    core_columns = results._core.columns("orders")
    orders = results.orders
    for name in ["placed_s", "rider_id", "distance_m", "rider_net_fen"]:
        assert np.shares_memory(orders[name].to_numpy(), core_columns[name]), name
    assert not core_columns["placed_s"].flags.writeable
    with pytest.raises(ValueError):
        core_columns["placed_s"][0] = 1
    assert isinstance(results.ledger["kind"].dtype, pd.CategoricalDtype)
    assert set(results.orders["status"].cat.categories) == {"delivered", "cancelled", "deterred"}


def test_tables_outlive_the_results_object(small_city):
    results = ridersim.run(small_city, seed=1)
    orders = results.orders
    expected = orders["placed_s"].sum()
    del results
    import gc
    gc.collect()
    assert orders["placed_s"].sum() == expected


def test_python_results_agree_with_the_tables(small_city):
    r = ridersim.run(small_city, seed=4)
    delivered = r.orders[r.orders.status == "delivered"]
    ctd = (delivered.delivered_s - delivered.placed_s) / 60
    assert r.summary["ctd_mean_min"] == pytest.approx(ctd.mean())
    assert r.summary["ctd_p90_min"] == pytest.approx(np.percentile(ctd, 90))
    per_hour = r.riders.net_fen / 100 / (r.riders.online_s / 3600)
    assert r.summary["rider_net_per_online_hour_p50"] == pytest.approx(np.percentile(per_hour, 50))
    # the ledger nets to zero across accounts and to each rider's settlement
    ledger = r.ledger
    to_riders = ledger[ledger.payee == "worker"].groupby("rider_id").amount_fen.sum()
    from_riders = ledger[ledger.payer == "worker"].groupby("rider_id").amount_fen.sum()
    net = to_riders.sub(from_riders, fill_value=0)
    by_rider = r.riders.groupby("rider_id").net_after_costs_fen.sum()
    pd.testing.assert_series_equal(net.sort_index(), by_rider[by_rider != 0].sort_index(), check_names=False,
                                   check_dtype=False)


def test_the_engine_releases_the_gil(baseline):
    long = baseline.with_changes({"horizon.days": 6})
    done = threading.Event()
    out = {}

    def work():
        out["r"] = ridersim.run(long, seed=1)
        done.set()

    thread = threading.Thread(target=work)
    thread.start()
    spins = 0
    while not done.is_set():
        spins += 1
    thread.join()
    # a held GIL would freeze this loop for the whole run
    assert spins > 100_000
    assert out["r"].summary["ledger_imbalance_fen"] == 0


def test_threads_give_the_same_results_as_a_serial_run(small_city):
    serial = [ridersim.run(small_city, seed=s).summary_json() for s in range(4)]
    results = [None] * 4

    def work(s):
        results[s] = ridersim.run(small_city, seed=s).summary_json()

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == serial


def test_sources_of_changes_made_in_python_reach_the_report(small_city, tmp_path):
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 6.5, "riders.types[0].count": 12}, name="raised",
                                     sources={"rules.pay.base_per_order_yuan": "the union's offer of 3 March",
                                              "riders.types[0].count": "the platform's head count"})
    spec = raised.spec
    assert spec["rules"]["pay"]["sources"]["base_per_order_yuan"] == "the union's offer of 3 March"
    assert spec["riders"]["types"][0]["sources"]["count"] == "the platform's head count"
    from ridersim.reporting import lever_changes
    rows = {path: source for path, _, _, source in lever_changes(small_city.spec, spec)}
    assert rows["rules.pay.base_per_order_yuan"] == "the union's offer of 3 March"
    with pytest.raises(ValueError, match="names no changed value"):
        small_city.with_changes({"rules.pay.base_per_order_yuan": 6}, sources={"rules.floor.hourly_yuan": "x"})


def test_the_compiled_scenario_keeps_each_values_source(baseline):
    assert "(xinhua2026)" in baseline.source_of("rules.pay.safety_bonus_per_order_yuan")
    # a value with no note of its own reads the nearest enclosing object's
    rides = ridersim.Scenario.load(ROOT / "scenarios" / "ride_hailing" / "baseline.json")
    assert "cohen2016" in rides.source_of("demand.response.fee_elasticity")
    assert rides.source_of("riders.types[0].vehicle_cost") == rides.spec["riders"]["types"][0]["sources"]["vehicle_cost"]
    noted = rides.with_changes({"rules.commission.worker_rate": 0.1}, sources={"rules.commission.worker_rate": "offer 2"})
    assert noted.source_of("rules.commission.worker_rate") == "offer 2"
    assert rides.source_of("no.such.path") == ""


def test_times_never_reached_are_missing_not_minus_one(small_city):
    r = ridersim.run(small_city, seed=1)
    o = r.orders
    assert str(o.delivered_s.dtype) == "Int32"
    delivered = o[o.status == "delivered"]
    # the mean skips jobs never delivered, and is the delivered jobs' mean
    assert o.delivered_s.mean() == pytest.approx(delivered.delivered_s.astype(float).mean())
    assert o.delivered_s.isna().sum() == (o.status != "delivered").sum()
    assert o.assigned_s.isna().sum() == (r._core.columns("orders")["assigned_s"] < 0).sum()
    # still a view of the C++ column, with a mask beside it
    assert np.shares_memory(o.delivered_s.array._data, r._core.columns("orders")["delivered_s"])


@pytest.mark.parametrize("write", [
    lambda o: o.loc.__setitem__((0, "placed_s"), 5),
    lambda o: o.iloc.__setitem__((0, 1), 5),
    lambda o: o.at.__setitem__((0, "distance_m"), 1.0),
    lambda o: o.placed_s.iloc.__setitem__(0, 5),
    lambda o: o.__setitem__("placed_s", o["placed_s"].__iadd__(1)),
])
def test_writing_into_a_results_column_says_to_take_a_copy(small_city, write):
    r = ridersim.run(small_city, seed=1)
    with pytest.raises(ridersim.results.ReadOnlyColumn, match=r"take a copy .*results.orders.copy\(\)"):
        write(r.orders)
    table = r.orders.copy()
    table.loc[0, "placed_s"] = 5  # a copy is the user's own
    assert table.placed_s.iloc[0] == 5 and r.orders.placed_s.iloc[0] != 5


def test_the_default_seed_is_the_scenario_s_own_everywhere(small_city):
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="raised")
    default = ridersim.run_comparison(small_city, [raised], replications=2)
    own = ridersim.run_comparison(small_city, [raised], replications=2, seed=small_city.seed)
    assert default.seed == small_city.seed and default.seeds == own.seeds
    assert ridersim.run(small_city).summary_json() == ridersim.run(small_city, seed=small_city.seed).summary_json()


def test_a_stepped_simulation_finishes_into_the_whole_run(baseline):
    sim = ridersim.Simulation(baseline, seed=3)
    for hour in (9, 12, 12, 18):  # a step to the same time does nothing
        sim.run_until(hour * 3600)
        assert sim.now_s <= hour * 3600
    workers, jobs = sim.workers(), sim.open_jobs()
    assert set(workers.status.cat.categories) == {"offline", "idle", "busy", "repositioning"}
    assert (workers.status == "busy").sum() > 0 and (workers.jobs_in_hand[workers.status == "busy"] > 0).any()
    assert (jobs.placed_s <= sim.now_s).all() and jobs.placed_s.is_monotonic_increasing
    assert str(workers.worker_type.dtype) == "category"
    stepped = sim.finish()
    assert stepped.summary_json() == ridersim.run(baseline, seed=3).summary_json()
    with pytest.raises(ValueError, match="the simulation is finished"):
        sim.run_until(20 * 3600)


def test_a_simulation_refuses_to_go_back_in_time(small_city):
    sim = ridersim.Simulation(small_city, seed=1).run_until(12 * 3600)
    with pytest.raises(ValueError, match="time only moves forward"):
        sim.run_until(11 * 3600)


def test_the_riders_type_is_named(baseline):
    days = ridersim.run(baseline, seed=2).riders
    assert list(days.rider_type.cat.categories) == baseline.rider_type_names
    assert set(days.rider_type) <= set(baseline.rider_type_names)


def test_times_as_timedeltas_or_minutes(small_city):
    r = ridersim.run(small_city, seed=1)
    as_delta, as_min = r.times(), r.times(unit="min")
    delivered = r.orders.status == "delivered"
    assert (as_delta.delivered[delivered] == pd.to_timedelta(r.orders.delivered_s[delivered].astype(float), unit="s")).all()
    assert as_delta.delivered[~delivered].isna().all()  # never delivered: missing, not -1 s
    assert (as_min.placed_min * 60 == r.orders.placed_s).all()
    assert "online_min" in r.times("riders", unit="min")
    with pytest.raises(ValueError, match="unit must be"):
        r.times(unit="hours")


def test_the_code_layout_in_the_docs_names_every_header_and_folder_of_the_core():
    import re
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    layout = text[text.index("## Code layout"):]
    layout = layout[:layout.index("```", layout.index("```") + 3)]
    headers = {p.name for p in (ROOT / "core" / "include" / "ridersim").glob("*.hpp")}
    named = set(re.findall(r"\b[\w]+\.hpp\b", layout))
    assert headers - named == set(), "headers the layout does not name"
    assert named - headers == set(), "headers the layout names that do not exist"
    for folder in sorted(p for p in (ROOT / "core" / "src").iterdir() if p.is_dir()):
        assert f"core/src/{folder.name}/" in layout, folder
    for trade in sorted(p for p in (ROOT / "core" / "src" / "trades").iterdir() if p.is_dir()):
        assert f"{trade.name}/" in layout, trade


def test_every_figure_of_every_trade_s_summary_is_documented_in_outputs_md():
    """docs/outputs.md names each figure a run of each trade's baseline reports (KEY.TYPE and
    balance_PARTY_yuan as patterns), and the parties it lists are the core's accounts."""
    import re
    from ridersim import _core
    text = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    documented = set()
    for name in re.findall(r"`([a-z0-9_/]+)`", text):
        stem, *alternatives = name.split("/")
        documented.add(stem)
        documented |= {stem.rsplit("_", 1)[0] + alternative for alternative in alternatives}
    documented |= {f"balance_{party}_yuan" for party in _core.accounts()}
    line = next(line for line in text.splitlines() if line.startswith("| `balance_PARTY_yuan`"))
    assert re.search(r"\(([a-z_, ]+)\)", line).group(1).split(", ") == list(_core.accounts())
    for trade in ridersim.trades():
        path = ("baseline.json",) if trade == "food" else (trade, "baseline.json")
        scenario = ridersim.Scenario.load(ROOT / "scenarios" / "/".join(path))
        start = scenario.spec["horizon"]["start_h"]
        summary = ridersim.run(scenario.with_changes({"horizon.days": 1, "horizon.end_h": start + 3}), seed=1).summary
        undocumented = sorted({key.split(".")[0] for key in summary} - documented)
        assert undocumented == [], (trade, undocumented)
