"""ridersim: test platform-work rule changes before they are signed.

An agent-based, discrete-event simulation of riders, orders and dispatch under negotiable
rules (pay, commission, promised times, lateness sanctions), with a C++ core.

    import ridersim
    base = ridersim.Scenario.load("scenarios/baseline.json")
    res = ridersim.run(base, seed=1)
    res.summary["on_time_rate"], res.orders.head()
"""

from ridersim._core import ScenarioError
from ridersim.results import Results, run
from ridersim.scenario import Scenario

__all__ = ["Scenario", "ScenarioError", "Results", "run"]
__version__ = "0.1.0"
