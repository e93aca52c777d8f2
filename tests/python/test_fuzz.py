"""Randomly mutated copies of the baseline never crash the loader: each either compiles or
raises ScenarioError naming a path."""

import copy
import json
import random

import ridersim
from conftest import ROOT

BASELINE = json.loads((ROOT / "scenarios" / "baseline.json").read_text())
ODD_VALUES = [None, True, False, 0, -1, 1, 0.5, -0.5, 1e308, -1e308, 2**63, 10**12, "", "x", "batched",
              [], [1, 2], {}, {"a": 1}, 24, 25, 3650, 3651, 1e-300,
              # the values that once gave garbage or crashes: a promise quantile next to 1, "never",
              # huge baskets and preparation times, vanishing paces, huge detours and counts
              0.9999999, 1e9, 1e17, 1e300, 1e7, 10_000_000, "food", "ride_hailing", "courier"]


def paths(node, prefix=()):
    """Every (container, key) pair in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from paths(value, prefix + (index,))


def mutate(spec, rng):
    places = list(paths(spec))
    for _ in range(rng.randint(1, 3)):
        container, key = rng.choice(places)
        action = rng.random()
        if action < 0.45:
            container[key] = rng.choice(ODD_VALUES)
        elif action < 0.6 and isinstance(container, dict):
            del container[key]
        elif action < 0.75 and isinstance(container, dict):
            container[key + "_x"] = rng.choice(ODD_VALUES)
        elif isinstance(container[key], (int, float)) and not isinstance(container[key], bool):
            container[key] = container[key] * rng.choice([-1, 0, 1e6, 1e-6, 2.5])
        elif isinstance(container[key], list):
            container[key] = container[key][: rng.randint(0, len(container[key]))]
        places = list(paths(spec))
    return spec


def test_mutated_baselines_never_crash_the_loader():
    rng = random.Random(20260318)
    outcomes = {"valid": 0, "error": 0}
    for _ in range(2000):
        spec = mutate(copy.deepcopy(BASELINE), rng)
        try:
            ridersim.Scenario.from_dict(spec)
            outcomes["valid"] += 1
        except ridersim.ScenarioError as error:
            assert str(error).startswith("<dict>: scenario"), str(error)
            assert error.message
            outcomes["error"] += 1
    # the mutations reach both outcomes
    assert outcomes["error"] > 500
    assert outcomes["valid"] > 50
