"""Scenarios: a resolved JSON spec and its compiled, immutable C++ twin."""

from __future__ import annotations

import json
import math
import os
from typing import Any, Mapping

from ridersim import _core


def value_at(spec: dict, key: str):
    """The value at a dotted key (with [i] for list items) of a resolved scenario, or None."""
    node = spec
    for part in key.split("."):
        name, _, index = part.partition("[")
        node = node.get(name) if isinstance(node, dict) else None
        if index and isinstance(node, list):
            i = int(index.rstrip("]"))
            node = node[i] if i < len(node) else None
    return node


def origin_note(path: str) -> str:
    return f"scenario.{path}" if path else "scenario"


class Scenario:
    """A validated, immutable scenario.

    Build one with :meth:`load` (a file, resolving ``extends``), :meth:`from_dict`, or
    :meth:`with_changes` (a new scenario; the original is untouched). Invalid input raises
    :class:`ridersim.ScenarioError`, a ``ValueError`` whose ``.path`` is the JSON path.
    """

    __slots__ = ("_text", "_core", "_origin")

    @staticmethod
    def _check_finite(node, path: str = "") -> None:
        """NaN and infinities cannot be scenario values: an error naming the path (JSON has no such numbers)."""
        if isinstance(node, float) and not math.isfinite(node):
            error = _core.ScenarioError(f"{origin_note(path)}: expected a finite number, got {node}")
            error.path, error.message, error.file = path, f"expected a finite number, got {node}", ""
            raise error
        if isinstance(node, dict):
            for key, value in node.items():
                Scenario._check_finite(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, (list, tuple)):
            for i, value in enumerate(node):
                Scenario._check_finite(value, f"{path}[{i}]")

    def __init__(self, text: str, origin: str):
        # the spec is kept as JSON text: nothing can mutate it behind the compiled scenario
        self._text = text
        self._origin = origin
        self._core = _core.compile_spec(text, origin)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Reads a scenario file (a whole scenario or a diff with ``extends``)."""
        path = os.fspath(path)
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            error = _core.ScenarioError(f"{path.encode('utf-8', 'backslashreplace').decode()}: the file name is not "
                                        "valid UTF-8; rename the file")
            error.path, error.message, error.file = "", "the file name is not valid UTF-8; rename the file", ""
            raise error from None
        return cls(_core.resolve_spec(path), path)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], origin: str = "<dict>") -> "Scenario":
        """Compiles a scenario from a resolved spec (no ``extends``)."""
        cls._check_finite(spec)
        return cls(json.dumps(spec), origin)

    def with_changes(self, changes: Mapping[str, Any], name: str | None = None,
                     sources: Mapping[str, str] | None = None) -> "Scenario":
        """A new scenario with changes applied: dotted paths or nested partial objects.

        ``sources`` notes where each changed value comes from, by the same dotted path; each note
        lands in the ``sources`` of the object that holds the value, as a proposal file's do, so
        reports show it beside the change.

        >>> cheaper = base.with_changes({"rules.pay.base_per_order_yuan": 6.0},
        ...                             sources={"rules.pay.base_per_order_yuan": "the union's offer"})
        """
        for key, value in changes.items():
            self._check_finite(value, str(key))
        text = _core.apply_changes(self._text, json.dumps(changes))
        if sources:
            notes: dict[str, dict] = {}
            for path, note in sources.items():
                if not isinstance(note, str):
                    raise TypeError(f"sources[{path!r}] must be text, got {type(note).__name__}")
                if not any(path == key or path.startswith(key + ".") or path.startswith(key + "[")
                           for key in changes):
                    raise ValueError(f"sources[{path!r}] names no changed value; changed: {', '.join(changes)}")
                parent, _, leaf = path.rpartition(".")
                notes.setdefault(parent, {}).setdefault("sources", {})[leaf] = note
            for parent, patch in notes.items():
                text = _core.apply_changes(text, json.dumps({parent: patch} if parent else patch))
        if name is not None:
            text = _core.apply_changes(text, json.dumps({"name": name}))
        return Scenario(text, f"{self._origin} with changes")

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def description(self) -> str:
        return self._core.description

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def origin(self) -> str:
        return self._origin

    @property
    def headline_kpis(self) -> list[str]:
        """The figures of its trade's headline table, in order, as the trade declares them."""
        return list(self._core.headline_kpis)

    @property
    def platform(self) -> dict:
        """The platform's side: {"levers": [{"path", "min", "max"}], "objective": {...}} (validated)."""
        return self._core.platform

    @property
    def trade(self) -> str:
        """The trade the scenario is about: "food", "ride_hailing", ..."""
        return self._core.trade

    @property
    def pay_basis(self) -> str:
        """How workers are paid for a job: "piece_rate" (by the platform), "fare" (the fare less the
        commission) or "franchise" (a dispatch fee through a franchise station)."""
        return self._core.pay_basis

    @property
    def words(self) -> dict[str, str]:
        """The words the trade's people use: worker, workers, job, jobs, customer, customers (and *_zh)."""
        return dict(self._core.words)

    def source_of(self, path: str) -> str:
        """Where the value at a dotted path comes from, as the compiled scenario keeps it: the
        value's own note, or the nearest enclosing object's ("" when none covers it).

        >>> base.source_of("rules.commission.worker_rate")
        """
        return self._core.source_of(path)

    def worker_identities(self, worker_ids) -> list[str]:
        """A stable name for each worker id: TYPE#INDEX within its type (ids are laid out type by
        type, each type's pool in turn), so that the same person is matched across scenarios
        whose types are ordered or sized differently."""
        # ids run type by type in the order of the types' names
        sizes, names = self._core.pool_sizes, self.rider_type_names
        firsts, order, total = [], [], 0
        for t in self._core.worker_type_order:
            firsts.append(total)
            order.append(t)
            total += sizes[t]
        import bisect
        out = []
        for worker in worker_ids:
            k = bisect.bisect_right(firsts, int(worker)) - 1
            out.append(f"{names[order[k]]}#{int(worker) - firsts[k]}")
        return out

    @property
    def rider_type_names(self) -> list[str]:
        return list(self._core.rider_type_names)

    @property
    def spec(self) -> dict:
        """A copy of the resolved JSON spec (editing it changes nothing here)."""
        return json.loads(self._text)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(json.loads(self._text), indent=indent, ensure_ascii=False)

    def __repr__(self) -> str:
        return f"Scenario(name={self.name!r}, origin={self._origin!r})"

    def __copy__(self) -> "Scenario":
        return self

    def __deepcopy__(self, memo) -> "Scenario":
        return self
