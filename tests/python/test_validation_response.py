"""New York City's delivery floor with the platform's best response, nothing set by hand (a minute
and more of runs, hence a file of its own)."""

from ridersim import validation
from ridersim.inactive import changed_levers


def test_new_york_city_s_delivery_floor_with_the_platform_s_best_response_and_nothing_set_by_hand():
    """Free to set its fee and a log-in cap, the platform answers the floor as New York City's apps
    did: fees up, log-ins capped, fewer active workers, pay per hour up."""
    table, response = validation.nyc_delivery_floor_response(days=5, replications=2, max_evaluations=10)
    after = table[table.rules == "after it responds"].set_index("figure")
    levers = response.after.ranges.set_index("lever")
    assert after.loc["customer fee", "change"] > 0.1
    assert levers.loc["rules.login_cap.min_utilisation", "best"] > 0
    assert after.loc["active worker-days", "change"] < 0
    assert after.loc["earnings per online hour", "change"] > 0.1
    # nothing of it is set in the proposal: the floor alone
    assert {key.rsplit(".", 1)[0] for key in changed_levers(response.baseline, response.proposal)} == {"rules.floor"}
