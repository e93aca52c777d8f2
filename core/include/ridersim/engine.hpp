#pragma once
// The discrete-event engine: (const Scenario&, SimulationState&) -> Results.

#include <cstdint>

#include "ridersim/results.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim {

/// A fresh state for one run: the world (merchants) and the order stream are drawn from the
/// seed's streams; the first events are scheduled.
[[nodiscard]] SimulationState init_state(const Scenario& scenario, std::uint64_t seed);

class Dispatcher;

/// Processes events up to and including `until_s` (seconds since the start of day 0), with the
/// scenario's dispatch policy.
void run_until(const Scenario& scenario, SimulationState& state, std::int32_t until_s);

/// The same with a dispatch policy of the caller's (for rules.dispatch.policy "external").
void run_until(const Scenario& scenario, SimulationState& state, std::int32_t until_s, Dispatcher& dispatcher);

/// Runs every remaining event, closes the books and returns the results with their summary.
[[nodiscard]] Results finish(const Scenario& scenario, SimulationState& state);
[[nodiscard]] Results finish(const Scenario& scenario, SimulationState& state, Dispatcher& dispatcher);

/// One whole run. The same scenario and seed always give identical results.
///
/// Example: `Results r = run(load_scenario("scenarios/baseline.json"), 7);`
[[nodiscard]] Results run(const Scenario& scenario, std::uint64_t seed);

/// One whole run with a dispatch policy of the caller's.
[[nodiscard]] Results run(const Scenario& scenario, std::uint64_t seed, Dispatcher& dispatcher);

/// The headline figures of a run (see docs/outputs.md for their definitions).
[[nodiscard]] Summary summarise(const Scenario& scenario, const Results& results);

/// Ledger reconciliation: the sum over accounts of |balance from the ledger - balance implied by
/// the pay slips, rider-day settlements and the commission refunds the scenario's rules owe|, plus
/// |sum of the implied balances| (money is conserved). 0 when every fen is accounted for.
[[nodiscard]] Fen ledger_imbalance_fen(const Scenario& scenario, const Results& results);

}  // namespace ridersim
