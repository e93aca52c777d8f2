#pragma once
// Planning with routes: what a rider's remaining stops will take, and where a new order fits.

#include <cstdint>
#include <span>
#include <vector>

#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

struct RoutePlan {
  bool feasible = true;       // false: a pickup would fall after the shift's end (when that rule holds)
  std::int32_t end_s = 0;     // when the last stop is done
  std::int64_t late_s = 0;    // total lateness of the route's deliveries against their promises
  std::int64_t ready_to_door_s = 0;  // total time the route's meals spend between ready and delivered
};

/// Plans `route` for a rider at legal speed: from the current leg's end if the rider is busy
/// (`route` then starts with the stop in progress), else from the rider's place now. Pickups at
/// one merchant next to each other are one visit, as in the engine.
[[nodiscard]] RoutePlan plan_route(const Scenario& scenario, const SimulationState& state, std::int32_t rider,
                                   std::span<const Stop> route);

struct Insertion {
  std::int64_t cost = 0;          // added route time + added ready-to-door time + lateness_weight x added lateness, s
  std::size_t pickup_at = 0;      // index of the new pickup in the new route
  std::size_t dropoff_at = 0;     // index of the new drop-off in the new route
  bool feasible = false;
  std::int64_t work = 0;          // route visits planned to find it (for the dispatch's work budget)
};

/// The cheapest place for a new order in a rider's route (never before the stop in progress).
[[nodiscard]] Insertion best_insertion(const Scenario& scenario, const SimulationState& state, std::int32_t rider,
                                       std::int32_t order);

/// Inserts an order's pickup and drop-off into a rider's route at the given places.
void insert_order(SimulationState& state, std::int32_t rider, std::int32_t order, const Insertion& at);

/// Orders a rider is carrying or heading to (drop-offs still on the route).
[[nodiscard]] std::int32_t orders_on_route(const SimulationState& state, std::int32_t rider);

}  // namespace ridersim::detail
