#pragma once
// What the engine does with a policy's offers: the worker accepts or rejects, an accepted job
// joins the route, an idle worker leaves for the pickup.

#include <cstddef>
#include <cstdint>

#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

/// Gives a waiting job to a worker at the given places of the route; an idle worker leaves now.
void assign_order_at(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider,
                     std::size_t pickup_at, std::size_t dropoff_at);

/// The same at the end of the route.
void assign_order(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider);

/// Offers a waiting job to a worker, who accepts (it is assigned) or rejects it (it keeps waiting;
/// the rejection counts against the worker's priority). Dedicated workers always accept.
bool offer_order_at(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider,
                    std::size_t pickup_at, std::size_t dropoff_at);

/// The same at the end of the route.
bool offer_order(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider);

}  // namespace ridersim::detail
