"""Running a scenario and reading its results as pandas DataFrames over the C++ columns."""

from __future__ import annotations

import os
from functools import cached_property

import numpy as np
import pandas as pd

from ridersim import _core
from ridersim.scenario import Scenario


#: order times that may never be reached (-1 in the C++ columns): missing (<NA>) in the DataFrames
NEVER_REACHED = {"orders": ("assigned_s", "picked_up_s", "delivered_s", "cancelled_s")}


class ReadOnlyColumn(ValueError):
    """Writing to a column of a run's results, which are read-only views of the C++ columns."""


class Results:
    """The outcome of one run.

    ``summary`` is a dict of headline figures; ``orders``, ``riders`` (one row per rider-day)
    and ``ledger`` are DataFrames whose numeric columns are read-only views of the C++
    columns (no copies): take ``.copy()`` of a table to change it. Coded columns (order status,
    ledger kinds and accounts, the riders' type by name) are pandas Categoricals; order times never reached (a job never
    assigned, picked up, delivered or cancelled) are missing (``<NA>``, nullable Int32), so that
    means and counts skip them.
    """

    def __init__(self, core: _core.Results, worker_types: list[str] | None = None):
        self._core = core
        self._worker_types = worker_types  # the scenario's type names, for the riders' rider_type

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
        for column in NEVER_REACHED.get(name, ()):
            values = columns[column]  # the C++ column itself, with a mask beside it
            columns[column] = pd.arrays.IntegerArray(values, values < 0, copy=False)
        # pandas copies dict input unless told not to
        return _guarded(pd.DataFrame(columns, copy=False))

    @cached_property
    def orders(self) -> pd.DataFrame:
        return self._table("orders")

    @cached_property
    def riders(self) -> pd.DataFrame:
        table = self._table("riders")
        if self._worker_types is not None:
            # the type by name, as the other coded columns (the codes are the scenario's type order)
            codes = self._core.columns("riders")["rider_type"]
            table.isetitem(table.columns.get_loc("rider_type"),
                           pd.Categorical.from_codes(codes, categories=self._worker_types))
        return table

    @cached_property
    def ledger(self) -> pd.DataFrame:
        return self._table("ledger")

    def times(self, table: str = "orders", unit: str = "timedelta") -> pd.DataFrame:
        """A table's time columns (``*_s``) as ``pandas.Timedelta`` since midnight of day 0
        (``unit="timedelta"``) or as minutes (``unit="min"``); times never reached stay missing."""
        frame = {"orders": self.orders, "riders": self.riders}.get(table)
        if frame is None:
            raise ValueError(f"no table {table!r} with times; tables: orders, riders")
        if unit not in ("timedelta", "min"):
            raise ValueError(f"unit must be 'timedelta' or 'min', got {unit!r}")
        out = {}
        for column in frame.columns:
            if not column.endswith("_s"):
                continue
            seconds = frame[column].astype("Float64")
            if unit == "min":
                out[column[:-2] + "_min"] = seconds / 60
                continue
            reached = seconds.notna().to_numpy()
            delta = pd.Series(pd.NaT, index=frame.index, dtype="timedelta64[ns]")
            delta[reached] = pd.to_timedelta(seconds[reached].to_numpy(dtype=float), unit="s")
            out[column[:-2]] = delta
        return pd.DataFrame(out)

    def summary_json(self) -> str:
        """The text of summary.json."""
        return self._core.summary_json()

    def write(self, out_dir: str | os.PathLike) -> None:
        """Writes summary.json, orders.csv, riders.csv and ledger.csv into out_dir, all four or none
        (written beside it, then renamed into place); summary.json names the version that wrote it
        and, from a checkout, the git commit."""
        from ridersim.files import staged_folder
        from ridersim.provenance import source_revision
        with staged_folder(out_dir) as staging:
            self._core.write(os.fspath(staging), source_revision())

    def __repr__(self) -> str:
        s = self.summary
        return (f"Results(scenario={self.scenario_name!r}, seed={self.seed}, "
                f"orders_delivered={s['orders_delivered']:.0f}, on_time_rate={s['on_time_rate']:.3f})")


_READ_ONLY_HINT = ("the results' columns are read-only views of the simulation's own; take a copy to change them: "
                   "table = results.orders.copy()")


def _say_read_only(action):
    """Runs a write; a write into a read-only column says what to do instead."""
    try:
        return action()
    except ValueError as error:
        if "read-only" in str(error):
            raise ReadOnlyColumn(_READ_ONLY_HINT) from error
        raise


class _GuardedIndexer:
    """An indexer (.loc, .iloc, .at, .iat) whose writes go through _say_read_only."""

    def __init__(self, indexer):
        self._indexer = indexer

    def __getitem__(self, key):
        return self._indexer[key]

    def __setitem__(self, key, value):
        _say_read_only(lambda: self._indexer.__setitem__(key, value))

    def __call__(self, *args, **kwargs):
        return self._indexer(*args, **kwargs)

    def __getattr__(self, name):  # pandas' own machinery calls the indexer's internals
        return getattr(self._indexer, name)


class _Guarded:
    """What results tables and their columns share: every way of writing into them explains itself."""

    def __setitem__(self, key, value):
        _say_read_only(lambda: super(_Guarded, self).__setitem__(key, value))

    def _inplace_method(self, other, op):  # +=, -=, ...
        return _say_read_only(lambda: super(_Guarded, self)._inplace_method(other, op))


# .loc, .iloc, .at and .iat write through _GuardedIndexer
for _name in ("loc", "iloc", "at", "iat"):
    setattr(_Guarded, _name, property(lambda self, name=_name: _GuardedIndexer(getattr(super(_Guarded, self), name))))


class _ResultSeries(_Guarded, pd.Series):
    @property
    def _constructor(self):
        return pd.Series  # what is derived from a column (a sum, a copy) is an ordinary Series


class _ResultFrame(_Guarded, pd.DataFrame):
    @property
    def _constructor(self):
        return pd.DataFrame  # what is derived from a table (a filter, a copy) is an ordinary frame

    @property
    def _constructor_sliced(self):
        return _ResultSeries  # a column of the table is still a view


def _guarded(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, with a clear message when code writes into its read-only columns."""
    return _ResultFrame(frame)


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
        return Results(_core.run_with_policy(scenario._core, int(seed), policy), scenario.rider_type_names)
    return Results(_core.run(scenario._core, int(seed)), scenario.rider_type_names)


class Simulation:
    """A run that can be stepped: run to a time, look at the workers and the open jobs, go on,
    and finish into the same Results a whole run gives (the same scenario and seed, the same
    figures, however it was stepped).

        sim = ridersim.Simulation(scenario, seed=1)
        sim.run_until(12 * 3600)        # noon of day 0
        sim.workers()                   # who is where, doing what, with how many jobs in hand
        sim.open_jobs()                 # what waits for a worker
        results = sim.finish()
    """

    STATUS = list(_core.worker_statuses())  # the core's list, in the order of its codes

    def __init__(self, scenario: Scenario, seed: int | None = None):
        if not isinstance(scenario, Scenario):
            raise TypeError(f"Simulation() needs a ridersim.Scenario, got {type(scenario).__name__}")
        seed = scenario.seed if seed is None else seed
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        self._scenario = scenario
        self._core = _core.Simulation(scenario._core, int(seed))

    @property
    def now_s(self) -> int:
        """Seconds since midnight of day 0 of the last event processed."""
        return self._core.now_s

    def run_until(self, until_s: int) -> "Simulation":
        """Processes every event up to and including `until_s` (seconds since midnight of day 0)."""
        self._core.run_until(int(until_s))
        return self

    def workers(self) -> pd.DataFrame:
        """The workers on the platform now: id, type, status, place and jobs in hand (a copy)."""
        frame = pd.DataFrame(self._core.workers())
        frame["worker_type"] = pd.Categorical.from_codes(frame.worker_type, categories=self._scenario.rider_type_names)
        frame["status"] = pd.Categorical.from_codes(frame.status, categories=self.STATUS)
        return frame

    def open_jobs(self) -> pd.DataFrame:
        """The jobs placed and waiting for a worker now, oldest first (a copy)."""
        return pd.DataFrame(self._core.open_jobs())

    def finish(self) -> Results:
        """Runs the rest and returns the results; the simulation cannot be stepped after."""
        return Results(self._core.finish(), self._scenario.rider_type_names)
