#pragma once
// Closing an order, a rider-day or a month: pay slips, settlements and their ledger transfers.

#include <cstdint>

#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

/// Settles a delivered order at `delivered_s`: its pay slip, the merchant's commission, the
/// insurance levy, the service score, and every transfer.
void settle_delivery(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t delivered_s);

/// Settles the rider-day of a rider logging out now: multiplier, threshold bonuses, floor
/// top-up, pension subsidy.
void settle_rider_day(const Scenario& scenario, SimulationState& state, std::int32_t rider);

/// The earnings multiplier's bonus a worker has at stake today: the multiplier's share of the
/// pay earned inside its window, at today's pace over `day_h` hours (0 when the multiplier is not
/// in force today or has no gate).
[[nodiscard]] double gate_bonus_at_stake_yuan(const Scenario& scenario, const SimulationState& state, std::int32_t rider, double day_h);

/// The station's arrears on a month's pay, and what the guarantee fund pays of them, per courier.
void settle_station_month(const Scenario& scenario, SimulationState& state, std::int32_t month);

/// Refunds merchants the commission above the average cap for month `month` (days 30m .. 30m+29),
/// and settles the station's pay of that month.
void settle_commission_month(const Scenario& scenario, SimulationState& state, std::int32_t month);

/// Removes the orders whose customers gave up waiting (at `cancel_at_s`) from `waiting`.
void expire_waiting(const Scenario& scenario, SimulationState& state);

/// Drops orders that are no longer waiting (assigned or cancelled) from `waiting`.
void compact_waiting(SimulationState& state);

/// Starts the leg towards the first stop of a rider's route at `depart_s`: the rider decides
/// whether to violate traffic rules, may crash, and the arrival is scheduled (the end of the
/// hand-over for a drop-off).
void start_next_leg(const Scenario& scenario, SimulationState& state, std::int32_t rider, std::int32_t depart_s);

/// Sends an idle worker driving empty to `to`, to wait there; the worker is unavailable until
/// arrival, when the engine makes them idle again.
void start_reposition(const Scenario& scenario, SimulationState& state, std::int32_t rider, Point to);


}  // namespace ridersim::detail
