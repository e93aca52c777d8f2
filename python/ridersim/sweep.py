"""Sweeps over negotiable levers and uncertain parameters, resumable, on processes or Dask.

A sweep spec (JSON; paths relative to the spec file):

    {"name": "...", "baseline": "../baseline.json",
     "levers": {"rules.pay.base_per_order_yuan": {"min": 3, "max": 7},
                "rules.lateness.sanction": {"values": ["cash", "points", "none"]}},
     "uncertainties": {"riders.behaviour.violation_intercept": {"min": -1.6, "max": -1.0}},
     "design": {"method": "lhs", "points": 12, "draws": 3, "seed": 7},
     "replications": 2, "seed": 1, "platform_responds": false}

Every lever setting (a design point) is run under every uncertainty draw, with `replications`
runs each; the baseline itself (point 0, no lever changed) is run under every draw too, as the
disagreement point. Replication r of every (point, draw) uses the same seed (common random
numbers). The design's own seed is kept apart from the simulation seeds.

With "platform_responds": true, each (point, draw) is first answered by the platform's best
response (`ridersim.respond`: the levers of the baseline's `platform` block that the point leaves
free, on the sweep's seeds, against the baseline under the same draw), and its runs use the rules
after the response: a Stackelberg sweep, whose frontier and bargaining solutions are those after the
platform moves. The responses are computed in parallel like the runs (processes or Dask) and
recorded too, so a resumed sweep does not search again.

Each finished run is written at once to an SQLite file, keyed by a hash of the resolved
scenario and the seed, so an interrupted sweep resumes without recomputing, and a run whose
worker died is simply run again.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import os
import sqlite3
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.stats import qmc

from ridersim.comparison import _progress, replication_seeds
from ridersim.scenario import Scenario, value_at


class SweepError(ValueError):
    """An invalid sweep spec; `path` names the JSON key."""

    def __init__(self, path: str, message: str, file: str = ""):
        self.path, self.file = path, file
        super().__init__(f"{file + ': ' if file else ''}sweep.{path}: {message}" if path else f"{file}: {message}")


@dataclass
class Factor:
    path: str
    low: float | None = None
    high: float | None = None
    values: list | None = None
    integer: bool = False
    levels: int | None = None  # a grid's values of this factor (default: the design's points)

    def grid(self, default_levels: int) -> list:
        """The factor's values on a grid: each category once, or `levels` values from min to max
        inclusive (whole numbers once each for an integer factor)."""
        if self.values is not None:
            return list(self.values)
        n = self.levels or default_levels
        raw = [self.low + k * (self.high - self.low) / (n - 1) for k in range(n)] if n > 1 else [self.low]
        values = [int(round(v)) if self.integer else round(float(v), 3) for v in raw]
        return list(dict.fromkeys(values))  # no value twice

    def value(self, u: float):
        """The factor's value at a unit-interval coordinate."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        v = self.low + u * (self.high - self.low)
        # three decimals: 4.946 yuan, a 0.241 rate; a negotiator reads rules, not noise
        return int(round(v)) if self.integer else round(float(v), 3)


@dataclass
class SweepSpec:
    name: str
    baseline: Scenario
    baseline_path: Path
    levers: list[Factor]
    uncertainties: list[Factor]
    method: str = "lhs"
    points: int = 8
    draws: int = 1
    design_seed: int = 0
    replications: int = 1
    seed: int = 0
    source: str = ""
    text: str = field(default="", repr=False)
    platform_responds: bool = False


def _factors(node, where: str, file: str) -> list[Factor]:
    if not isinstance(node, dict):
        raise SweepError(where, f"expected an object of dotted scenario paths, got {json.dumps(node)}", file)
    out = []
    for path, rng in node.items():
        at = f"{where}.{path}"
        if not isinstance(rng, dict):
            raise SweepError(at, "expected {\"min\": .., \"max\": ..} or {\"values\": [..]}", file)
        unknown = set(rng) - {"min", "max", "values", "integer", "levels"}
        if unknown:
            raise SweepError(f"{at}.{sorted(unknown)[0]}", "unknown key; allowed keys: integer, levels, max, min, values",
                             file)
        levels = rng.get("levels")
        if levels is not None and (not isinstance(levels, int) or isinstance(levels, bool) or not 1 <= levels <= 1000):
            raise SweepError(f"{at}.levels", f"expected a whole number of grid values from 1 to 1000, got {json.dumps(levels)}",
                             file)
        if "values" in rng:
            if not isinstance(rng["values"], list) or not rng["values"]:
                raise SweepError(f"{at}.values", "expected a non-empty list", file)
            out.append(Factor(path, values=list(rng["values"])))
            continue
        low, high = rng.get("min"), rng.get("max")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (low, high)):
            raise SweepError(at, f"expected numbers min and max, got {json.dumps(rng)}", file)
        if not low < high:
            raise SweepError(f"{at}.max", f"expected a number > min ({low}), got {high}", file)
        integer = rng.get("integer", False)
        if not isinstance(integer, bool):
            raise SweepError(f"{at}.integer", f"expected true or false, got {json.dumps(integer)}", file)
        out.append(Factor(path, float(low), float(high), integer=integer, levels=levels))
    return out


def load_spec(path: str | os.PathLike) -> SweepSpec:
    """Reads and checks a sweep spec; every lever and uncertainty is tried on the baseline."""
    path = Path(path)
    file = str(path)
    try:
        doc = json.loads(path.read_text())
    except FileNotFoundError:
        raise SweepError("", "cannot read the file (does it exist?)", file) from None
    except json.JSONDecodeError as error:
        raise SweepError("", f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}", file) from None
    return spec_from_dict(doc, base_dir=path.parent, file=file)


def spec_from_dict(doc: dict, base_dir: str | os.PathLike = ".", file: str = "<sweep>") -> SweepSpec:
    allowed = {"name", "description", "baseline", "levers", "uncertainties", "design", "replications", "seed", "sources",
               "platform_responds"}
    if not isinstance(doc, dict):
        raise SweepError("", "expected a JSON object", file)
    for key in doc:
        if key not in allowed:
            raise SweepError(key, f"unknown key; allowed keys: {', '.join(sorted(allowed))}", file)
    for key in ("name", "baseline", "levers"):
        if key not in doc:
            raise SweepError(key, "missing; this key is required", file)
    baseline_path = (Path(base_dir) / doc["baseline"]).resolve()
    baseline = Scenario.load(baseline_path)
    levers = _factors(doc["levers"], "levers", file)
    if not levers:
        raise SweepError("levers", "expected at least one lever", file)
    uncertainties = _factors(doc.get("uncertainties", {}), "uncertainties", file)
    design = doc.get("design", {})
    if not isinstance(design, dict):
        raise SweepError("design", "expected an object", file)
    for key in design:
        if key not in {"method", "points", "draws", "seed", "levels"}:
            raise SweepError(f"design.{key}", "unknown key; allowed keys: draws, levels, method, points, seed", file)
    method = design.get("method", "lhs")
    if method not in ("grid", "lhs", "sobol"):
        raise SweepError("design.method", f'expected one of "grid", "lhs", "sobol", got {json.dumps(method)}', file)

    def count(where, value, low=1, high=100_000):
        # an upper bound too: a sweep of 1e8 replications is a typo, not an experiment
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise SweepError(where, f"expected a whole number >= {low} and <= {high}, got {json.dumps(value)}", file)
        return value

    points = count("design.points", design.get("points", design.get("levels", 3) if method == "grid" else 8))
    responds = doc.get("platform_responds", False)
    if not isinstance(responds, bool):
        raise SweepError("platform_responds", f"expected true or false, got {json.dumps(responds)}", file)
    if responds and not baseline.platform["levers"]:
        raise SweepError("platform_responds", f"the baseline {baseline_path} gives the platform no lever to move: "
                                              "set platform.levers in it (docs/scenario.md)", file)
    spec = SweepSpec(
        name=str(doc["name"]), baseline=baseline, baseline_path=baseline_path, levers=levers,
        uncertainties=uncertainties, method=method, points=points,
        draws=count("design.draws", design.get("draws", 1)) if uncertainties else 1,
        design_seed=count("design.seed", design.get("seed", 0), 0, 2**53),
        replications=count("replications", doc.get("replications", 1)), seed=count("seed", doc.get("seed", 0), 0, 2**53),
        source=file, text=json.dumps(doc, sort_keys=True), platform_responds=responds)
    # every factor must make a valid scenario at both ends of its range
    for factor in levers + uncertainties:
        ends = factor.values if factor.values is not None else [factor.low, factor.high]
        for value in ends:
            try:
                baseline.with_changes({factor.path: value})
            except ValueError as error:
                kind = "levers" if factor in levers else "uncertainties"
                raise SweepError(f"{kind}.{factor.path}", f"does not make a valid scenario: {error}", file) from None
    _check_size(spec, file)
    return spec


#: the most runs one sweep may ask for: each count can be within its bounds and their product not
MAX_RUNS = 1_000_000


def run_count(spec: SweepSpec) -> int:
    """How many runs the sweep asks for: lever points (the baseline among them) x draws x replications."""
    if spec.method == "grid":
        points = 1 + math.prod(len(f.grid(spec.points)) for f in spec.levers)
    else:
        points = 1 + spec.points
    return points * spec.draws * spec.replications


def _check_size(spec: SweepSpec, file: str) -> None:
    runs = run_count(spec)
    if runs <= MAX_RUNS:
        return
    import time
    from ridersim.results import run
    start = time.process_time()
    run(spec.baseline, seed=spec.seed)
    seconds = time.process_time() - start
    raise SweepError("design", f"asks for {runs:,} runs (lever points x draws x replications), more than "
                               f"{MAX_RUNS:,}; at {seconds:.2f} CPU seconds a run of the baseline that is about "
                               f"{runs * seconds / 3600 / 24 / 365:,.1f} CPU-years: fewer points, levels or draws", file)


def _unit_design(n_dims: int, n: int, method: str, seed: int) -> np.ndarray:
    if n_dims == 0:
        return np.zeros((1, 0))
    if method == "sobol":
        return qmc.Sobol(d=n_dims, scramble=True, seed=seed).random(n)
    return qmc.LatinHypercube(d=n_dims, seed=seed).random(n)


def lever_points(spec: SweepSpec) -> list[dict]:
    """The design's lever settings; point 0 is the baseline (no change). A grid crosses every
    lever's grid values (its bounds included, each category once, `levels` per lever or `points`)."""
    points = [{}]
    if spec.method == "grid":
        axes = [f.grid(spec.points) for f in spec.levers]
        for combination in itertools.product(*axes):
            points.append({f.path: v for f, v in zip(spec.levers, combination)})
        return points
    unit = _unit_design(len(spec.levers), spec.points, spec.method, spec.design_seed)
    for row in unit:
        points.append({f.path: f.value(u) for f, u in zip(spec.levers, row)})
    return points


def uncertainty_draws(spec: SweepSpec) -> list[dict]:
    """The uncertainty draws (Latin hypercube, from a stream apart from the levers')."""
    if not spec.uncertainties:
        return [{}]
    unit = _unit_design(len(spec.uncertainties), spec.draws, "lhs", spec.design_seed + 1_000_003)
    return [{f.path: f.value(u) for f, u in zip(spec.uncertainties, row)} for row in unit]


@dataclass
class Task:
    key: str
    point: int
    draw: int
    replication: int
    seed: int
    changes: dict
    text: str  # the resolved scenario


def policy_name(policy) -> str:
    """How a dispatch policy written in Python is named in a sweep's run keys: module and name."""
    return f"{getattr(policy, '__module__', '?')}.{getattr(policy, '__qualname__', type(policy).__name__)}"


def answer_point(baseline_text: str, uncertain: dict, levers: dict, seeds: list[int]) -> dict:
    """The platform's best response to one point of a sweep under one draw (for a worker process):
    the values it sets its free levers to, by path."""
    from ridersim.response import Objective, RespondError, _references, best_response, platform_levers
    base = Scenario.from_dict(json.loads(baseline_text), origin="<sweep>")
    base = base.with_changes(uncertain) if uncertain else base
    point = base.with_changes(levers) if levers else base
    try:
        free = platform_levers(base, point)
    except RespondError:
        return {}  # the point sets every lever the platform has: it cannot answer
    found = best_response(point, free, seeds, _references(base, seeds, 1), Objective.of(point), jobs=1)
    return dict(zip(found.paths, found.best.values))


def _answer_key(spec: SweepSpec, uncertain: dict, levers: dict, seeds: list[int]) -> str:
    text = json.dumps({"baseline": json.loads(spec.baseline.to_json()), "uncertain": uncertain, "levers": levers,
                       "seeds": seeds}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def platform_answers(spec: SweepSpec, db: sqlite3.Connection | None = None, dask: str | None = None,
                     jobs: int | None = None, progress: bool | None = False) -> dict[tuple[int, int], dict]:
    """The platform's best response to each (point, draw) of a sweep that asks for one, by (point,
    draw): those recorded in `db` are read, the others computed in parallel and recorded.
    `progress` as `run_sweep`'s, counting answers."""
    if not spec.platform_responds:
        return {}
    seeds = replication_seeds(spec.seed, spec.replications)
    wanted = {}
    for p, levers in enumerate(lever_points(spec)):
        for d, uncertain in enumerate(uncertainty_draws(spec)):
            wanted[(p, d)] = (_answer_key(spec, uncertain, levers, seeds), uncertain, levers)
    known = dict(db.execute("SELECT key, answer FROM responses").fetchall()) if db is not None else {}
    todo = {k: (u, lv) for k, u, lv in wanted.values() if k not in known}
    if todo:
        text = spec.baseline.to_json()
        bar = _progress(len(todo), progress, "the platform's answers", "answer")
        try:
            if dask:
                from distributed import as_completed as completed
                with _dask_client(dask, _local_workers(dask) if dask.startswith("local:") else None) as client:
                    futures = {client.submit(answer_point, text, u, lv, seeds, key=f"ridersim-respond-{k}", pure=False): k
                               for k, (u, lv) in todo.items()}
                    computed = _gather(futures, completed(futures), bar)
            else:
                with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, initializer=_worker_start) as pool:
                    futures = {pool.submit(answer_point, text, u, lv, seeds): k for k, (u, lv) in todo.items()}
                    computed = _gather(futures, as_completed(futures), bar)
        finally:
            if bar:
                bar.close()
        for k, answer in computed.items():
            known[k] = json.dumps(answer)
            if db is not None:
                db.execute("INSERT OR IGNORE INTO responses VALUES (?, ?)", (k, known[k]))
        if db is not None:
            db.commit()
    return {at: json.loads(known[k]) for at, (k, _, _) in wanted.items()}


def _gather(futures: dict, finished, bar) -> dict:
    """Each future's result by its key, as they finish, counted on the bar."""
    out = {}
    for future in finished:
        out[futures[future]] = future.result()
        if bar:
            bar.update(1)
    return out


def tasks(spec: SweepSpec, policy=None, answers: dict[tuple[int, int], dict] | None = None) -> list[Task]:
    """Every run of a sweep. A run's key hashes its resolved scenario and seed (and the name of a
    Python dispatch policy, when one dispatches): a resumed sweep never mixes runs of other inputs.
    `answers`: the platform's best response to each (point, draw), added to its changes."""
    seeds = replication_seeds(spec.seed, spec.replications)
    dispatcher = "" if policy is None else f"\npolicy {policy_name(policy)}"
    out = []
    draws = uncertainty_draws(spec)
    for p, levers in enumerate(lever_points(spec)):
        for d, uncertain in enumerate(draws):
            changes = {**uncertain, **levers, **(answers or {}).get((p, d), {})}
            scenario = spec.baseline.with_changes(changes, name=f"{spec.name}-p{p}-d{d}")
            text = json.dumps(json.loads(scenario.to_json()), sort_keys=True)
            for r, seed in enumerate(seeds):
                key = hashlib.sha256(f"{text}\n{seed}{dispatcher}".encode()).hexdigest()
                out.append(Task(key, p, d, r, seed, changes, text))
    return out


def simulate(text: str, seed: int, policy=None) -> dict:
    """One run, for a worker process: a resolved scenario's JSON text and a seed -> its summary."""
    from ridersim.results import run
    return run(Scenario.from_dict(json.loads(text), origin="<sweep>"), seed=seed, policy=policy).summary


SCHEMA = """
CREATE TABLE IF NOT EXISTS sweep (name TEXT, spec TEXT, baseline TEXT, levers TEXT, uncertainties TEXT, baseline_path TEXT,
                                  version TEXT);
CREATE TABLE IF NOT EXISTS dispatch (policy TEXT);
CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, answer TEXT);
CREATE TABLE IF NOT EXISTS runs (
  key TEXT PRIMARY KEY, point INTEGER, draw INTEGER, replication INTEGER, seed INTEGER,
  changes TEXT, summary TEXT, seconds REAL);
"""


def open_store(path: str | os.PathLike) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(str(path))
        # a file damaged in the middle is refused before anything is read from it or added to it
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            db.close()
            raise SweepError("", f"the results file is damaged ({check}); start a new file", str(path))
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(sweep)")}
        if "version" not in columns:
            db.close()
            raise SweepError("", "the results file was made by an older ridersim; start a new file", str(path))
    except sqlite3.DatabaseError as error:
        raise SweepError("", f"cannot use it as a results file: {error}", str(path)) from None
    return db


def _inputs_changed(stored: tuple, spec: "SweepSpec") -> list[str]:
    """What differs between the inputs a results file was made from and this sweep's."""
    from ridersim import __version__
    spec_text, baseline_text, version = stored
    changed = []
    if spec_text != spec.text:
        changed.append("the sweep spec")
    if json.loads(baseline_text) != json.loads(spec.baseline.to_json()):
        changed.append(f"the baseline scenario {spec.baseline_path} (after its extends chain)")
    if version != __version__:
        changed.append(f"the ridersim version ({version} -> {__version__})")
    return changed


def done_keys(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT key FROM runs")}


def _record(db, task: Task, summary: dict, seconds: float):
    db.execute("INSERT OR IGNORE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (task.key, task.point, task.draw, task.replication, task.seed, json.dumps(task.changes),
                json.dumps(summary), seconds))
    db.commit()


@dataclass
class SweepReport:
    total: int
    computed: int
    skipped: int


def _timed_simulate(text: str, seed: int, policy=None):
    start = time.perf_counter()
    summary = simulate(text, seed, policy)
    return summary, time.perf_counter() - start


def run_sweep(spec: SweepSpec, out: str | os.PathLike, dask: str | None = None, jobs: int | None = None,
              progress: bool | None = None, max_runs: int | None = None, policy=None) -> SweepReport:
    """Runs every task not yet in the SQLite file `out`, writing each as it finishes.

    policy: a dispatch policy written in Python (see `ridersim.run`) for every run; the workers
    receive it by pickling, so it must be a function defined at a module's top level.

    dask: None for local worker processes (`jobs` of them), "local:N" for a Dask LocalCluster of
    N single-threaded worker processes, or a scheduler address. max_runs stops after that many
    new runs (an interrupted sweep, for tests and for chunking a long sweep by hand).
    """
    from ridersim import __version__

    workers = _local_workers(dask) if dask and dask.startswith("local:") else None
    Path(out).parent.mkdir(parents=True, exist_ok=True)  # as compare makes its folder: out/x.sqlite on a fresh clone
    db = open_store(out)
    if not db.execute("SELECT 1 FROM sweep").fetchone():
        db.execute("INSERT INTO sweep VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (spec.name, spec.text, spec.baseline.to_json(), json.dumps([f.path for f in spec.levers]),
                    json.dumps([f.path for f in spec.uncertainties]), str(spec.baseline_path), __version__))
        db.commit()
    else:
        stored = db.execute("SELECT spec, baseline, version FROM sweep").fetchone()
        changed = _inputs_changed(stored, spec)
        if changed:
            db.close()
            raise SweepError("", f"{out} holds runs made from other inputs: {', '.join(changed)} changed since; "
                                 "resuming would mix them. Use a new results file", spec.source)
    if policy is not None:
        import pickle
        if not callable(policy):
            raise TypeError(f"policy must be callable, got {type(policy).__name__}")
        try:
            pickle.dumps(policy)
        except (pickle.PicklingError, AttributeError, TypeError) as error:
            raise ValueError(f"the policy cannot be sent to worker processes ({error}): define it at the top level of "
                             "a module (not in a notebook cell's closure or as a lambda)") from None
    # runs of one dispatch: a Python policy's name, or "" for the scenario's own
    dispatcher = "" if policy is None else policy_name(policy)
    recorded = db.execute("SELECT policy FROM dispatch").fetchone()
    if recorded is None:
        db.execute("INSERT INTO dispatch VALUES (?)", (dispatcher,))
        db.commit()
    elif recorded[0] != dispatcher:
        db.close()
        said = lambda name: f"the dispatch policy {name}" if name else "the scenario's own dispatch"  # noqa: E731
        raise SweepError("", f"{out} holds runs made with {said(recorded[0])}; resuming with {said(dispatcher)} "
                             "would mix them. Use a new results file", spec.source)
    try:
        answers = platform_answers(spec, db, dask, jobs, progress)
    except KeyboardInterrupt:
        db.close()
        raise SweepInterrupted(0, run_count(spec)) from None
    all_tasks = tasks(spec, policy, answers)
    done = done_keys(db)
    todo = [t for t in all_tasks if t.key not in done]
    if max_runs is not None:
        todo = todo[:max_runs]
    bar = _progress(len(todo), progress)
    try:
        if dask:
            _run_on_dask(db, todo, dask, bar, workers, policy)
        else:
            _run_on_processes(db, todo, jobs or os.cpu_count() or 1, bar, policy)
    finally:
        if bar:
            bar.close()
        db.close()
    return SweepReport(len(all_tasks), len(todo), len(all_tasks) - len(todo))


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep: the runs recorded so far are kept; the same command resumes."""

    def __init__(self, recorded: int, remaining: int):
        super().__init__(f"{recorded} run(s) recorded, {remaining} to go")
        self.recorded = recorded
        self.remaining = remaining


def _local_workers(address: str) -> int:
    text = address.split(":", 1)[1]
    if not text.isdigit() or int(text) < 1:
        raise SweepError("", f"--dask local:N needs a whole number N >= 1 of workers, got {address!r}", "")
    return int(text)


def _worker_start():
    """In each worker process: Ctrl-C is the parent's to handle, and the worker dies with its parent."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    except OSError:
        pass


def _run_on_processes(db, todo: list[Task], jobs: int, bar, policy=None):
    pending = list(todo)
    recorded = 0
    # a worker that dies breaks the pool: start a new one and run again what was not recorded
    for _attempt in range(5):
        if not pending:
            return
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
        try:
            futures = {pool.submit(_timed_simulate, t.text, t.seed, policy): t for t in pending}
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = futures.pop(future)
                    summary, seconds = future.result()
                    _record(db, task, summary, seconds)
                    recorded += 1
                    pending.remove(task)
                    if bar:
                        bar.update(1)
            pool.shutdown(wait=True)
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            continue
        except KeyboardInterrupt:
            # stop at once: nothing queued starts, the workers are ended, what is recorded stays
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            raise SweepInterrupted(recorded, len(pending)) from None
    if pending:
        raise RuntimeError(f"{len(pending)} run(s) failed after 5 attempts: worker processes kept dying")


@contextlib.contextmanager
def _dask_client(address: str, workers: int | None = None):
    """A Dask client: of a LocalCluster of `workers` single-threaded processes, or of the scheduler
    at `address`; closed (with its cluster) on leaving."""
    from distributed import Client, LocalCluster

    cluster = None
    if workers is not None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               host="127.0.0.1")
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError, TypeError) as error:
            raise SweepError("", f"cannot reach a Dask scheduler at {address!r} ({error}); "
                                 "give its address as tcp://HOST:PORT, or local:N", "") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run_on_dask(db, todo: list[Task], address: str, bar, workers: int | None = None, policy=None):
    from distributed import as_completed

    with _dask_client(address, workers) as client:
        # a task whose worker dies is rescheduled by the scheduler (allowed-failures)
        futures = [client.submit(_timed_simulate, t.text, t.seed, policy, key=f"ridersim-run-{t.key}", pure=False)
                   for t in todo]
        by_key = {f.key: t for f, t in zip(futures, todo)}
        for future in as_completed(futures):
            summary, seconds = future.result()
            _record(db, by_key[future.key], summary, seconds)
            if bar:
                bar.update(1)


def read_results(path: str | os.PathLike):
    """The runs of a sweep as a tidy DataFrame, and its meta data.

    One row per run: its point (rule set), draw (of the uncertainties), replication and seed, one
    column per lever and per uncertainty (named by its key) with the run's value, one column per
    KPI, and ``changes`` (all the run's values as the JSON text it ran with)."""
    import pandas as pd

    if not Path(path).exists():
        raise SweepError("", "no such results file", str(path))
    try:
        db = sqlite3.connect(str(path))
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            db.close()
            raise SweepError("", f"the results file is damaged ({check}); run the sweep again into a new file", str(path))
        meta = db.execute("SELECT name, spec, baseline, levers, uncertainties, baseline_path FROM sweep").fetchone()
        rows = db.execute("SELECT key, point, draw, replication, seed, changes, summary FROM runs").fetchall()
        db.close()
    except sqlite3.DatabaseError as error:
        raise SweepError("", f"not a sweep results file ({error})", str(path)) from None
    if meta is None or not rows:
        raise SweepError("", "the sweep has no finished runs yet", str(path))
    records = []
    for key, point, draw, replication, seed, changes, summary in rows:
        try:
            kpis = json.loads(summary)
            json.loads(changes)
            if not isinstance(kpis, dict):
                raise ValueError("not an object")
        except (TypeError, ValueError) as error:
            raise SweepError("", f"run {key} holds no readable summary ({error}); run the sweep again into a new file",
                             str(path)) from None
        records.append({"key": key, "point": point, "draw": draw, "replication": replication, "seed": seed,
                        **json.loads(changes), "changes": changes, **kpis})
    frame = pd.DataFrame(records).sort_values(["point", "draw", "replication"]).reset_index(drop=True)
    info = {"name": meta[0], "spec": json.loads(meta[1]), "baseline": json.loads(meta[2]),
            "levers": json.loads(meta[3]), "uncertainties": json.loads(meta[4]), "baseline_path": meta[5]}
    # a run that left a factor alone (the baseline's own runs) ran at the baseline's value
    for key in list(info["levers"]) + list(info["uncertainties"]):
        value = value_at(info["baseline"], key)
        if key not in frame.columns:
            frame[key] = value
        elif value is not None:
            frame[key] = frame[key].where(frame[key].notna(), value)
    return frame, info


