#include "detail/route.hpp"

#include <algorithm>
#include <limits>

#include "ridersim/travel.hpp"

namespace ridersim::detail {

namespace {
Point stop_place(const OrderColumns& orders, const Stop& stop) {
  return stop.kind == StopKind::PICKUP ? Point{orders.pickup_x_m[stop.order_id], orders.pickup_y_m[stop.order_id]}
                                       : Point{orders.dropoff_x_m[stop.order_id], orders.dropoff_y_m[stop.order_id]};
}
}  // namespace

RoutePlan plan_route(const Scenario& sc, const SimulationState& st, std::int32_t rider, const std::vector<Stop>& route) {
  const OrderColumns& orders = st.results.orders;
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const bool busy = st.rider_status[rider] == RiderStatus::BUSY;
  RoutePlan plan;
  std::int32_t t = st.now_s;
  Point at = st.rider_position[rider];
  std::size_t k = 0;
  while (k < route.size()) {
    const Stop& stop = route[k];
    const Point place = stop_place(orders, stop);
    // the stop in progress ends at the scheduled event; others are reached at legal speed
    const bool in_progress = busy && k == 0;
    const std::int32_t leg = in_progress ? 0 : legal_travel_s(sc, vehicle, at, place, t);
    const std::int32_t dropoff_service_s = orders.dropoff_service_s[stop.order_id];
    const std::int32_t event_s = in_progress ? st.rider_leg_end_s[rider]
                                             : t + leg + (stop.kind == StopKind::DROPOFF ? dropoff_service_s : 0);
    at = place;
    if (stop.kind == StopKind::PICKUP) {
      const std::int32_t merchant = orders.merchant_id[stop.order_id];
      std::int32_t ready = 0;
      std::size_t n = 0;
      while (k + n < route.size() && route[k + n].kind == StopKind::PICKUP && (n == 0 || merchant >= 0) &&
             orders.merchant_id[route[k + n].order_id] == merchant) {
        ready = std::max(ready, orders.ready_s[route[k + n].order_id]);
        ++n;
      }
      const std::int32_t service_s = orders.pickup_service_s[stop.order_id];
      const std::int32_t picked = std::max(event_s + service_s / 2, ready);
      if (sc.rules.dispatch.pickup_before_shift_end && picked > st.rider_shift_end_s[rider]) plan.feasible = false;
      t = picked + (service_s - service_s / 2);
      k += n;
    } else {
      const std::int32_t delivered = event_s - (dropoff_service_s - dropoff_service_s / 2);
      plan.late_s += std::max(0, delivered - orders.promised_s[stop.order_id]);
      plan.ready_to_door_s += delivered - orders.ready_s[stop.order_id];
      t = event_s;
      ++k;
    }
  }
  plan.end_s = t;
  return plan;
}

Insertion best_insertion(const Scenario& sc, const SimulationState& st, std::int32_t rider, std::int32_t order) {
  const std::vector<Stop>& route = st.rider_route[rider];
  const RoutePlan before = plan_route(sc, st, rider, route);
  // what the order costs however it is served (its own leg and services, twice: route time and
  // ready-to-door) is left out, so the cost compares with the unassigned penalty like the
  // batched policy's pickup travel does
  const OrderColumns& orders = st.results.orders;
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const std::int32_t leg = legal_travel_s(sc, vehicle, {orders.pickup_x_m[order], orders.pickup_y_m[order]},
                                          {orders.dropoff_x_m[order], orders.dropoff_y_m[order]}, st.now_s);
  const std::int32_t pickup_service_s = orders.pickup_service_s[order];
  const std::int32_t dropoff_service_s = orders.dropoff_service_s[order];
  const std::int64_t unavoidable = 2 * static_cast<std::int64_t>(leg) + pickup_service_s + dropoff_service_s +
                                   (pickup_service_s - pickup_service_s / 2) + dropoff_service_s / 2;
  // a busy rider cannot be diverted from the stop in progress
  const std::size_t first = st.rider_status[rider] == RiderStatus::BUSY ? 1 : 0;
  Insertion best;
  best.cost = std::numeric_limits<std::int64_t>::max();
  std::vector<Stop> trial;
  for (std::size_t i = first; i <= route.size(); ++i) {
    for (std::size_t j = i + 1; j <= route.size() + 1; ++j) {
      trial = route;
      trial.insert(trial.begin() + static_cast<std::ptrdiff_t>(i), Stop{order, StopKind::PICKUP});
      trial.insert(trial.begin() + static_cast<std::ptrdiff_t>(j), Stop{order, StopKind::DROPOFF});
      const RoutePlan after = plan_route(sc, st, rider, trial);
      if (!after.feasible) continue;
      // the rider's added time, the meals' added waiting, and the lateness risk
      const auto cost = static_cast<std::int64_t>(after.end_s - std::max(before.end_s, st.now_s)) +
                        (after.ready_to_door_s - before.ready_to_door_s) +
                        static_cast<std::int64_t>(sc.rules.dispatch.lateness_weight * static_cast<double>(after.late_s - before.late_s));
      if (cost < best.cost) best = {cost, i, j, true};
    }
  }
  best.cost = std::max<std::int64_t>(0, best.cost - unavoidable);
  return best;
}

void insert_order(SimulationState& st, std::int32_t rider, std::int32_t order, const Insertion& at) {
  auto& route = st.rider_route[rider];
  route.insert(route.begin() + static_cast<std::ptrdiff_t>(at.pickup_at), Stop{order, StopKind::PICKUP});
  route.insert(route.begin() + static_cast<std::ptrdiff_t>(at.dropoff_at), Stop{order, StopKind::DROPOFF});
}

std::int32_t orders_on_route(const SimulationState& st, std::int32_t rider) {
  const auto& route = st.rider_route[rider];
  return static_cast<std::int32_t>(std::count_if(route.begin(), route.end(), [](const Stop& s) { return s.kind == StopKind::DROPOFF; }));
}

}  // namespace ridersim::detail
