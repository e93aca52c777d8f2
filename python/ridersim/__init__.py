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
from ridersim.comparison import Comparison, compare, run_comparison
from ridersim.reporting import report
from ridersim.results import Results, run
from ridersim.scenario import Scenario
from ridersim.schema import levers, money_components, trades

__all__ = ["Scenario", "ScenarioError", "Results", "run", "compare", "run_comparison", "Comparison", "report",
           "levers", "trades", "money_components"]
