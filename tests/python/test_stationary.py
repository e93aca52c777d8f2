"""Each baseline is a fixed point of free entry: with no rule changed it stays where it is."""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import ridersim
from ridersim import equilibrium, validation

TRADES = ["food", "ride_hailing", "freight", "courier"]


def fortnights(scenario, seed):
    """Workers working a day and their median net pay per online hour, fortnight by fortnight."""
    days = ridersim.run(scenario, seed=seed).riders
    days = days[days.online_s > 0]
    fortnight = days.day // 14
    per_hour = days.net_after_costs_fen / 100 / (days.online_s / 3600)
    return days.groupby(fortnight).size().to_numpy() / 14, per_hour.groupby(fortnight).median().to_numpy()


#: replications: enough that chance moves the pooled figures well under the 2% asked
SEEDS = {"food": (1, 2, 3), "ride_hailing": (1, 2, 3, 4), "freight": (1, 2, 3), "courier": (1, 2, 3, 4)}


@pytest.mark.parametrize("trade", TRADES)
def test_the_baseline_stays_where_it_is_under_free_entry(trade):
    # the eighth week's pair of fortnights with free entry against the same days without it, on
    # the same seeds: the same orders and weather, so what differs is what free entry moved
    static = validation._baseline(trade).with_changes({"horizon.days": 56})
    free = static.with_changes({"riders.labour_supply.free_entry": True})
    moved = []
    # the engine releases the GIL: the runs go side by side on a machine's cores
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        runs = {(seed, which): pool.submit(fortnights, sc, seed)
                for seed in SEEDS[trade] for which, sc in (("free", free), ("static", static))}
        for seed in SEEDS[trade]:
            (free_workers, free_median), (static_workers, static_median) = runs[(seed, "free")].result(), runs[(seed, "static")].result()
            moved.append((free_workers[-1] / static_workers[-1] - 1, free_median[-1] / static_median[-1] - 1))
    workers, median = np.mean(moved, axis=0)
    assert abs(workers) < 0.02, moved
    assert abs(median) < 0.02, moved


def test_the_solved_wages_are_each_type_s_mean_hourly_net_and_a_change_moves_the_pool():
    base = validation._baseline("ride_hailing")
    wages = equilibrium.fixed_point_wages(base, days=2, seeds=(3,), rounds=1)
    days = ridersim.run(base.with_changes({"horizon.days": 2}), seed=3).riders
    days = days[days.online_s > 0]
    by_hand = (days.net_after_costs_fen / 100 / (days.online_s / 3600)).groupby(days.rider_type.astype(str)).mean()
    assert wages == {name: round(float(by_hand[name]), 2) for name in base.rider_type_names}
    # away from the fixed point the pool moves: a reservation wage far above what drivers net empties it
    away = base.with_changes({"riders.types[0].reservation_wage_yuan_per_h": 60, "horizon.days": 28,
                              "riders.labour_supply.free_entry": True})
    workers, _ = fortnights(away, 1)
    assert workers[-1] < 0.9 * workers[0]


def test_a_type_that_nets_nothing_has_no_reservation_wage_to_solve():
    base = validation._baseline("freight")
    costly = base.with_changes({"riders.types[0].vehicle_cost.per_day_yuan": 2000})
    with pytest.raises(ValueError, match="net nothing an hour after vehicle costs.*van"):
        equilibrium.fixed_point_wages(costly, days=1, seeds=(1,), rounds=1)
