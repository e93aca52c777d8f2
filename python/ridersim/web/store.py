"""Comparisons run in the background and kept on disk by the hash of what they answer.

The same question (baseline, proposal, replications, seed) has the same hash: asked again, while it
runs or after, it gets the same job or the stored answer at once. Every comparison lands in
``cache/HASH/`` of the workspace, written last to first so that a half-written one is never read.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ridersim import __version__
from ridersim.comparison import Comparison, run_comparison
from ridersim.files import check_no_links, spreadsheet_safe, write_atomic
from ridersim.scenario import Scenario

#: what a stored comparison keeps, file by file
_FRAMES = ("table", "summaries", "rider_hourly", "winners", "distribution")


def question_hash(baseline_spec: dict, proposal_spec: dict, replications: int, seed: int, threshold: float,
                  platform_responds: bool = False) -> str:
    """The content hash of a comparison: every input that changes its answer, and the version."""
    question = {"baseline": baseline_spec, "proposal": proposal_spec, "replications": replications,
                "seed": seed, "threshold": threshold, "version": __version__}
    if platform_responds:  # absent otherwise: a comparison asked before the choice existed keeps its hash
        question["platform_responds"] = True
    text = json.dumps(question, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Busy(Exception):
    """As many comparisons as the workspace takes at once are queued or running."""


@dataclass
class Job:
    id: str
    status: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    error: str = ""
    stage: str = "runs"  # "answer" while the platform's best response is searched, then "runs"
    started: float = field(default_factory=time.time)

    def as_dict(self) -> dict:
        return {"id": self.id, "status": self.status, "done": self.done, "total": self.total, "error": self.error,
                "stage": self.stage}


class Store:
    """The workspace's comparisons: a queue of jobs on a few threads, and the answers on disk."""

    def __init__(self, folder: Path, workers: int = 2, jobs_per_comparison: int | None = None,
                 max_pending: int = 16):
        self.root = Path(folder)
        self.folder = self.root / "cache"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="comparison")
        self._jobs_per_comparison = jobs_per_comparison
        self._loaded: dict[str, Comparison] = {}
        self._max_pending = max_pending
        self._closing = threading.Event()  # set on shutdown: running comparisons stop between runs

    def path(self, key: str) -> Path:
        return self.folder / key

    def has(self, key: str) -> bool:
        return (self.path(key) / "done").is_file()

    def submit(self, baseline: Scenario, proposal: Scenario, replications: int, seed: int, meta: dict,
               threshold: float = 0.5, platform_responds: bool = False) -> Job:
        """Queues a comparison (or finds it done); `platform_responds` adds the proposal after the
        platform's best response."""
        key = question_hash(baseline.spec, proposal.spec, replications, seed, threshold, platform_responds)
        with self._lock:
            if key in self._jobs and self._jobs[key].status != "failed":
                return self._jobs[key]
            job = Job(key, total=2 * replications)
            if self.has(key):
                job.status, job.done = "done", job.total
                self._jobs[key] = job
                return job
            pending = sum(j.status in ("queued", "running") for j in self._jobs.values())
            if pending >= self._max_pending:
                raise Busy(f"{pending} comparisons are queued or running, as many as this workspace takes at once; "
                           "ask again when one has finished (nothing was queued)")
            self._jobs[key] = job
        self._pool.submit(self._run, job, baseline, proposal, replications, seed, threshold, meta, platform_responds)
        return job

    def _run(self, job: Job, baseline, proposal, replications, seed, threshold, meta, platform_responds=False) -> None:
        job.status = "running"
        # each stage counts from 0: settings of the platform's answer first, when asked, then runs
        stages = iter(["answer", "runs"] if platform_responds else ["runs"])

        def progress(done, total):
            if done == 0:
                job.stage = next(stages, job.stage)
            job.done, job.total = done, total

        try:
            comparison = run_comparison(baseline, [proposal], replications=replications, seed=seed,
                                        jobs=self._jobs_per_comparison, threshold_yuan=threshold, progress=progress,
                                        cancel=self._closing, platform_responds=platform_responds)
            self._save(job.id, comparison, {**meta, "replications": replications, "seed": seed,
                                            "threshold": threshold, "created": time.strftime("%Y-%m-%d %H:%M:%S")})
            with self._lock:
                self._loaded[job.id] = comparison
            job.status = "done"
        except Exception as error:  # the page says what went wrong; the server goes on
            job.status, job.error = "failed", f"{type(error).__name__}: {error}"

    def _save(self, key: str, comparison: Comparison, meta: dict) -> None:
        folder = self.path(key)
        check_no_links(self.root, folder / "done")
        folder.mkdir(parents=True, exist_ok=True)
        for name in _FRAMES:
            write_atomic(folder / f"{name}.csv", getattr(comparison, name).to_csv(index=False), inside=self.root)
        request = {"baseline": comparison.baseline.spec, "baseline_origin": comparison.baseline.origin,
                   "proposal": comparison.proposals[0].spec, "seeds": comparison.seeds,
                   "more_proposals": [p.spec for p in comparison.proposals[1:]],
                   "references": comparison.references, **meta}
        write_atomic(folder / "request.json", json.dumps(request, indent=1, ensure_ascii=False), inside=self.root)
        write_atomic(folder / "done", "", inside=self.root)

    def status(self, key: str) -> dict | None:
        with self._lock:
            job = self._jobs.get(key)
        if job is not None:
            return job.as_dict()
        if self.has(key):
            return Job(key, "done").as_dict()
        return None

    def request(self, key: str) -> dict:
        return json.loads((self.path(key) / "request.json").read_text(encoding="utf-8"))

    def load(self, key: str) -> Comparison:
        """A stored comparison, as `run_comparison` returned it."""
        with self._lock:
            if key in self._loaded:
                return self._loaded[key]
        folder = self.path(key)
        request = self.request(key)
        baseline = Scenario.from_dict(request["baseline"], origin=request.get("baseline_origin", "baseline"))
        proposal = Scenario.from_dict(request["proposal"], origin=request.get("origin", "proposal"))
        # the proposal after the platform's best response, when it was asked for
        more = [Scenario.from_dict(spec, origin="proposal") for spec in request.get("more_proposals", [])]
        # round_trip: every float reads back as the very number written
        # only an empty cell is missing: a proposal named "NA", "null" or "#N/A" stays its name
        frames = {name: pd.read_csv(folder / f"{name}.csv", float_precision="round_trip", keep_default_na=False,
                                    na_values=[""]) for name in _FRAMES}
        comparison = Comparison(baseline, [proposal, *more], request["seed"], request["seeds"], request["threshold"],
                                frames["table"], frames["summaries"], frames["rider_hourly"], frames["winners"],
                                frames["distribution"], request.get("references", {}))
        with self._lock:
            self._loaded[key] = comparison
        return comparison

    def table(self, key: str) -> pd.DataFrame:
        """A stored comparison's KPI table alone (the mediator weighs every offer by it): the loaded
        comparison's when it is in memory, else table.csv, without the per-worker tables."""
        with self._lock:
            if key in self._loaded:
                return self._loaded[key].table
        return pd.read_csv(self.path(key) / "table.csv", float_precision="round_trip", keep_default_na=False,
                           na_values=[""])

    def table_csv(self, key: str) -> str:
        """The KPI table as `ridersim compare` writes comparison.csv (text cells safe in a spreadsheet)."""
        return spreadsheet_safe(self.load(key).table).to_csv(index=False)

    def finished(self) -> list[tuple[str, dict]]:
        """Every stored comparison: (hash, its request), oldest first."""
        out = []
        for folder in self.folder.iterdir():
            if (folder / "done").is_file():
                try:
                    out.append((folder.name, self.request(folder.name)))
                except (OSError, ValueError):
                    continue
        return sorted(out, key=lambda item: (item[1].get("created", ""), item[0]))

    def running(self) -> int:
        with self._lock:
            return sum(job.status in ("queued", "running") for job in self._jobs.values())

    def wait(self) -> None:
        """Until the comparisons under way have stopped (after close(): within a run's time)."""
        self._pool.shutdown(wait=True)

    def close(self) -> None:
        """Drops the queued comparisons and stops the running ones between two runs (nothing of
        theirs is kept): a server stops within a run's time, not a comparison's."""
        self._closing.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

