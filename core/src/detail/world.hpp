#pragma once
// Drawing the random world of a run: merchants, the order stream, riders' days.

#include <cstdint>
#include <vector>

#include "ridersim/rng.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

/// Merchant positions from the MERCHANT_PLACEMENT stream.
[[nodiscard]] std::vector<Point> draw_merchants(const Scenario& scenario, std::uint64_t seed);

/// Every order of every day (placement, merchant, customer, preparation, basket, promise) into
/// results.orders, sorted by placement time. Day d uses only the stream (ORDER_ARRIVALS, d):
/// rules never change the order stream.
void draw_orders(const Scenario& scenario, SimulationState& state);

/// A point near a hotspot of `kind` (chosen by weight), or uniform when `uniform` is drawn.
[[nodiscard]] Point draw_place(const Scenario& scenario, Engine& rng, HotspotKind kind, double share_in_hotspots);

}  // namespace ridersim::detail
