"""Running a scenario and reading its results as pandas DataFrames over the C++ columns."""

from __future__ import annotations

import os
from functools import cached_property

import numpy as np
import pandas as pd

from ridersim import _core
from ridersim.scenario import Scenario


class Results:
    """The outcome of one run.

    ``summary`` is a dict of headline figures; ``orders``, ``riders`` (one row per rider-day)
    and ``ledger`` are DataFrames whose numeric columns are read-only views of the C++
    columns (no copies). Coded columns (order status, ledger kinds and accounts) are
    pandas Categoricals.
    """

    def __init__(self, core: _core.Results):
        self._core = core

    @property
    def scenario_name(self) -> str:
        return self._core.scenario_name

    @property
    def seed(self) -> int:
        return self._core.seed

    @cached_property
    def summary(self) -> dict[str, float]:
        return dict(self._core.summary)

    def _table(self, name: str) -> pd.DataFrame:
        columns = self._core.columns(name)
        for column, labels in self._core.labels(name).items():
            columns[column] = pd.Categorical.from_codes(columns[column].astype(np.int8), categories=labels)
        # pandas copies dict input unless told not to
        return pd.DataFrame(columns, copy=False)

    @cached_property
    def orders(self) -> pd.DataFrame:
        return self._table("orders")

    @cached_property
    def riders(self) -> pd.DataFrame:
        return self._table("riders")

    @cached_property
    def ledger(self) -> pd.DataFrame:
        return self._table("ledger")

    def summary_json(self) -> str:
        """The text of summary.json."""
        return self._core.summary_json()

    def write(self, out_dir: str | os.PathLike) -> None:
        """Writes summary.json, orders.csv, riders.csv and ledger.csv into out_dir."""
        self._core.write(os.fspath(out_dir))

    def __repr__(self) -> str:
        s = self.summary
        return (f"Results(scenario={self.scenario_name!r}, seed={self.seed}, "
                f"orders_delivered={s['orders_delivered']:.0f}, on_time_rate={s['on_time_rate']:.3f})")


def run(scenario: Scenario, seed: int | None = None, policy=None) -> Results:
    """Runs one simulation of ``scenario`` (with the scenario's own seed when ``seed`` is None).

    The same scenario and seed give identical results, from Python or C++.

    ``policy``, if given, is a dispatch policy written in Python, used instead of the
    scenario's: at every batch (every ``rules.dispatch.batch_interval_s``) it is called with a
    dict of numpy arrays (``now_s``; ``order_id``, ``order_placed_s``, ``order_ready_s``,
    ``order_promised_s``, ``order_pickup_x_m``/``_y_m``, ``order_dropoff_x_m``/``_y_m`` of the
    waiting orders; ``rider_id``, ``rider_x_m``, ``rider_y_m``, ``rider_score`` of the idle
    riders) and returns (order_id, rider_id) pairs to offer. It is much slower than the C++
    policies and meant for experiments.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"run() needs a ridersim.Scenario, got {type(scenario).__name__}")
    if seed is None:
        seed = scenario.seed
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    if policy is not None:
        if not callable(policy):
            raise TypeError(f"policy must be callable, got {type(policy).__name__}")
        return Results(_core.run_with_policy(scenario._core, int(seed), policy))
    return Results(_core.run(scenario._core, int(seed)))
