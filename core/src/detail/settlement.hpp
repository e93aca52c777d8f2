#pragma once
// Closing an order or a rider's day: pay slip, commission, ledger transfers.

#include <cstdint>

#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

/// Settles a delivered order at `delivered_s`: its pay slip, the merchant's commission and
/// every transfer (customer -> platform, platform -> merchant, merchant -> platform,
/// platform -> rider, rider -> platform for a lateness deduction).
void settle_delivery(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t delivered_s);

/// Removes orders that waited past the cancellation limit (a prefix of `waiting`).
void expire_waiting(const Scenario& scenario, SimulationState& state);

/// Drops orders that are no longer waiting (assigned or cancelled) from `waiting`.
void compact_waiting(SimulationState& state);

}  // namespace ridersim::detail
