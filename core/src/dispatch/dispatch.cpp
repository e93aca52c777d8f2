// What every dispatch policy shares: the one action (assign) and the candidate graph.

#include "ridersim/dispatch.hpp"

#include <algorithm>

#include "ridersim/travel.hpp"

namespace ridersim {

std::unique_ptr<Dispatcher> make_nearest_idle_dispatcher();
std::unique_ptr<Dispatcher> make_batched_dispatcher();

std::unique_ptr<Dispatcher> make_dispatcher(const Scenario& scenario) {
  switch (scenario.rules.dispatch.policy) {
    case DispatchPolicy::NEAREST_IDLE:
      return make_nearest_idle_dispatcher();
    case DispatchPolicy::BATCHED:
      return make_batched_dispatcher();
  }
  return make_batched_dispatcher();
}

namespace {
Point merchant_of(const SimulationState& st, std::int32_t order) {
  return {st.results.orders.pickup_x_m[order], st.results.orders.pickup_y_m[order]};
}
}  // namespace

std::int32_t pickup_travel_s(const Scenario& sc, const SimulationState& st, std::int32_t order, std::int32_t rider) {
  const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
  return travel_time_s(sc.world.travel, vehicle, st.rider_position[rider], merchant_of(st, order), st.now_s);
}

void assign_order(const Scenario& sc, SimulationState& st, std::int32_t order, std::int32_t rider) {
  OrderColumns& orders = st.results.orders;
  const std::int32_t arrive = st.now_s + pickup_travel_s(sc, st, order, rider);
  orders.assigned_s[order] = st.now_s;
  orders.rider_id[order] = rider;
  st.idle_riders.remove(rider);
  st.rider_status[rider] = RiderStatus::BUSY;
  st.rider_busy_since_s[rider] = st.now_s;
  st.rider_route[rider].push_back({order, StopKind::PICKUP});
  st.rider_route[rider].push_back({order, StopKind::DROPOFF});
  st.rider_position[rider] = merchant_of(st, order);
  st.push(arrive, EventType::RIDER_ARRIVES, rider);
}

CandidateGraph build_candidate_graph(const Scenario& sc, SimulationState& st) {
  CandidateGraph graph;
  const OrderColumns& orders = st.results.orders;
  for (std::int32_t o : st.waiting) {
    if (orders.assigned_s[o] < 0 && orders.cancelled_s[o] < 0) graph.orders.push_back(o);
  }
  for (std::int32_t r = 0; r < static_cast<std::int32_t>(st.rider_status.size()); ++r) {
    if (st.rider_status[r] == RiderStatus::IDLE) graph.riders.push_back(r);
  }
  if (graph.orders.empty() || graph.riders.empty()) return graph;

  const auto& rules = sc.rules.dispatch;
  std::vector<Neighbour> near;
  if (graph.orders.size() <= graph.riders.size()) {
    // column index of each idle rider
    std::vector<std::int32_t> column(st.rider_status.size(), -1);
    for (std::size_t c = 0; c < graph.riders.size(); ++c) column[graph.riders[c]] = static_cast<std::int32_t>(c);
    for (std::size_t row = 0; row < graph.orders.size(); ++row) {
      const std::int32_t o = graph.orders[row];
      st.idle_riders.nearest(merchant_of(st, o), rules.candidates_per_order, rules.max_pickup_m, near);
      for (const auto& n : near) {
        graph.edges.push_back({static_cast<std::int32_t>(row), column[n.id], pickup_travel_s(sc, st, o, n.id)});
      }
    }
  } else {
    // few riders, many orders: search from the riders' side
    st.waiting_orders.clear();
    for (std::size_t row = 0; row < graph.orders.size(); ++row) {
      st.waiting_orders.insert(static_cast<std::int32_t>(row), merchant_of(st, graph.orders[row]));
    }
    for (std::size_t c = 0; c < graph.riders.size(); ++c) {
      const std::int32_t r = graph.riders[c];
      st.waiting_orders.nearest(st.rider_position[r], rules.candidates_per_order, rules.max_pickup_m, near);
      for (const auto& n : near) {
        graph.edges.push_back({n.id, static_cast<std::int32_t>(c), pickup_travel_s(sc, st, graph.orders[n.id], r)});
      }
    }
  }
  return graph;
}

}  // namespace ridersim
