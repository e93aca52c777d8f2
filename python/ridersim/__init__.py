"""ridersim: test platform-work rule changes before they are signed.

An agent-based, discrete-event simulation of riders, orders and dispatch under negotiable
rules (pay, commission, promised times, lateness sanctions), with a C++ core.

    import ridersim
    base = ridersim.Scenario.load("scenarios/baseline.json")
    res = ridersim.run(base, seed=1)
    res.summary["on_time_rate"], res.orders.head()
    table = ridersim.compare(base, [base.with_changes({"rules.pay.base_per_order_yuan": 8}, name="raise")])
"""

__version__ = "0.1.0"

from ridersim._core import ScenarioError
from ridersim.paths import data_path
from ridersim.scenario import Scenario

# the rest loads on first use, so that `import ridersim` stays quick (pandas, scipy and
# matplotlib come in only with what needs them)
_LAZY = {
    "Results": "ridersim.results", "run": "ridersim.results", "Simulation": "ridersim.results",
    "Comparison": "ridersim.comparison", "compare": "ridersim.comparison", "run_comparison": "ridersim.comparison",
    "report": "ridersim.reporting", "respond": "ridersim.response",
    "levers": "ridersim.schema", "trades": "ridersim.schema", "money_components": "ridersim.schema",
    "policies": "ridersim.schema",
}

__all__ = ["data_path", "Scenario", "ScenarioError", "Results", "run", "Simulation", "compare", "run_comparison", "Comparison", "report",
           "respond", "levers", "trades", "money_components", "policies"]


def __getattr__(name: str):
    import importlib
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        try:  # a submodule: ridersim.sweep, ridersim.calibrate, ...
            value = importlib.import_module(f"ridersim.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'ridersim' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
