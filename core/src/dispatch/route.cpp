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

// Plans `route` at legal speed; leg_m(k) is the straight-line length of the leg into stop k (from
// the rider's place for the first), so that callers planning many variants of one route can
// measure each distance once.
//
// The plan can start part-way (at stop `from`, with the plan so far in `start`, its end_s the time
// then), and can record the plan so far before each visit in `at_visit` (indexed by stop; -1
// end_s where a stop is inside a visit).
template <typename LegLength>
RoutePlan plan_stops(const Scenario& sc, const SimulationState& st, std::int32_t rider, std::span<const Stop> route,
                     LegLength leg_m, std::size_t from = 0, RoutePlan start = {}, std::vector<RoutePlan>* at_visit = nullptr) {
  const OrderColumns& orders = st.results.orders;
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const bool busy = st.rider_status[rider] == RiderStatus::BUSY;
  RoutePlan plan = start;
  std::int32_t t = from == 0 ? st.now_s : start.end_s;
  std::size_t k = from;
  if (at_visit) at_visit->assign(route.size() + 1, RoutePlan{false, -1, 0, 0});
  while (k < route.size()) {
    if (at_visit) (*at_visit)[k] = {plan.feasible, t, plan.late_s, plan.ready_to_door_s};
    const Stop& stop = route[k];
    // the stop in progress ends at the scheduled event; others are reached at legal speed
    const bool in_progress = busy && k == 0;
    const std::int32_t leg = in_progress ? 0 : legal_travel_for_s(sc, vehicle, leg_m(k), t);
    const std::int32_t dropoff_service_s = orders.dropoff_service_s[stop.order_id];
    const std::int32_t event_s = in_progress ? st.workers[rider].leg_end_s
                                             : t + leg + (stop.kind == StopKind::DROPOFF ? dropoff_service_s : 0);
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
      if (sc.rules.dispatch.pickup_before_shift_end && picked > st.workers[rider].shift_end_s) plan.feasible = false;
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
  if (at_visit) (*at_visit)[route.size()] = plan;
  return plan;
}

}  // namespace

RoutePlan plan_route(const Scenario& sc, const SimulationState& st, std::int32_t rider, std::span<const Stop> route) {
  const OrderColumns& orders = st.results.orders;
  // a group of pickups at one merchant is one visit: the legs between them are 0 long
  return plan_stops(sc, st, rider, route, [&](std::size_t k) {
    const Point from = k == 0 ? st.rider_position[rider] : stop_place(orders, route[k - 1]);
    return distance_m(from, stop_place(orders, route[k]));
  });
}

Insertion best_insertion(const Scenario& sc, const SimulationState& st, std::int32_t rider, std::int32_t order) {
  const Route& route = st.workers[rider].route;
  const OrderColumns& orders = st.results.orders;
  // the places: the rider (0), each stop of the route (1..n), the new pickup (n + 1) and drop-off
  // (n + 2); every distance between them is measured once for all the trial routes
  const std::size_t n = route.size();
  const std::size_t m = n + 3;
  std::vector<Point> places(m);
  places[0] = st.rider_position[rider];
  for (std::size_t p = 0; p < n; ++p) places[p + 1] = stop_place(orders, route[p]);
  places[n + 1] = {orders.pickup_x_m[order], orders.pickup_y_m[order]};
  places[n + 2] = {orders.dropoff_x_m[order], orders.dropoff_y_m[order]};
  std::vector<double> between(m * m, 0.0);
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = a + 1; b < m; ++b) between[a * m + b] = between[b * m + a] = distance_m(places[a], places[b]);
  }
  std::vector<std::size_t> place_of;  // of each stop of the route being planned
  const auto leg_m = [&](std::size_t k) { return between[(k == 0 ? 0 : place_of[k - 1]) * m + place_of[k]]; };

  place_of.resize(n);
  for (std::size_t p = 0; p < n; ++p) place_of[p] = p + 1;
  std::vector<RoutePlan> at_visit;  // the plan before each visit of the route as it is
  const RoutePlan before = plan_stops(sc, st, rider, {route.data(), route.size()}, leg_m, 0, {}, &at_visit);
  const std::int32_t merchant = orders.merchant_id[order];
  // what the order costs however it is served (its own leg and services, twice: route time and
  // ready-to-door) is left out, so the cost compares with the unassigned penalty like the
  // batched policy's pickup travel does
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  const std::int32_t leg = legal_travel_for_s(sc, vehicle, between[(n + 1) * m + n + 2], st.now_s);
  const std::int32_t pickup_service_s = orders.pickup_service_s[order];
  const std::int32_t dropoff_service_s = orders.dropoff_service_s[order];
  const std::int64_t unavoidable = 2 * static_cast<std::int64_t>(leg) + pickup_service_s + dropoff_service_s +
                                   (pickup_service_s - pickup_service_s / 2) + dropoff_service_s / 2;
  // a busy rider cannot be diverted from the stop in progress
  const std::size_t first = st.rider_status[rider] == RiderStatus::BUSY ? 1 : 0;
  Insertion best;
  best.cost = std::numeric_limits<std::int64_t>::max();
  std::int64_t work = 0;
  std::vector<Stop> trial;
  for (std::size_t i = first; i <= n; ++i) {
    for (std::size_t j = i + 1; j <= n + 1; ++j) {
      // the route with the pickup at i and the drop-off at j (indices in the new route)
      trial.clear();
      place_of.clear();
      for (std::size_t k = 0, old = 0; k < n + 2; ++k) {
        if (k == i) {
          trial.push_back({order, StopKind::PICKUP});
          place_of.push_back(n + 1);
        } else if (k == j) {
          trial.push_back({order, StopKind::DROPOFF});
          place_of.push_back(n + 2);
        } else {
          trial.push_back(route[old]);
          place_of.push_back(++old);
        }
      }
      // the visits before i are unchanged when a visit starts at i and the new pickup does not
      // join the one before it (same merchant): the plan resumes there
      const bool joins = i > 0 && route[i - 1].kind == StopKind::PICKUP && merchant >= 0 &&
                         orders.merchant_id[route[i - 1].order_id] == merchant;
      const bool resume = i > 0 && at_visit[i].end_s >= 0 && !joins;
      const RoutePlan after = resume ? plan_stops(sc, st, rider, trial, leg_m, i, at_visit[i])
                                     : plan_stops(sc, st, rider, trial, leg_m);
      work += static_cast<std::int64_t>(trial.size() - (resume ? i : 0));
      if (!after.feasible) continue;
      // the rider's added time, the meals' added waiting, and the lateness risk
      const auto cost = static_cast<std::int64_t>(after.end_s - std::max(before.end_s, st.now_s)) +
                        (after.ready_to_door_s - before.ready_to_door_s) +
                        static_cast<std::int64_t>(sc.rules.dispatch.lateness_weight * static_cast<double>(after.late_s - before.late_s));
      if (cost < best.cost) best = {cost, i, j, true};
    }
  }
  best.cost = std::max<std::int64_t>(0, best.cost - unavoidable);
  best.work = work + static_cast<std::int64_t>(m * m + n);
  return best;
}

void insert_order(SimulationState& st, std::int32_t rider, std::int32_t order, const Insertion& at) {
  auto& route = st.workers[rider].route;
  route.insert(route.begin() + static_cast<std::ptrdiff_t>(at.pickup_at), Stop{order, StopKind::PICKUP});
  route.insert(route.begin() + static_cast<std::ptrdiff_t>(at.dropoff_at), Stop{order, StopKind::DROPOFF});
}

std::int32_t orders_on_route(const SimulationState& st, std::int32_t rider) {
  const auto& route = st.workers[rider].route;
  return static_cast<std::int32_t>(std::count_if(route.begin(), route.end(), [](const Stop& s) { return s.kind == StopKind::DROPOFF; }));
}

}  // namespace ridersim::detail
