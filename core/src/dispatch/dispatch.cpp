// What every dispatch policy shares: the one action (assign) and the candidate graph.

#include "ridersim/dispatch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/route.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/rng.hpp"
#include "ridersim/travel.hpp"

namespace ridersim {

// The registered policies, in the order of the docs: a policy NAME is its own file (dispatch/NAME.cpp,
// defining make_NAME_dispatcher) plus one line here. Every test that covers "every policy" reads
// this list, and so does the lever schema's list of choices.
#define RIDERSIM_DISPATCH_POLICIES(X) \
  X(nearest_idle)                     \
  X(batched)                          \
  X(bundling)                         \
  X(rolling_horizon)                  \
  X(grab_market)                      \
  X(score_priority)                   \
  X(station_waves)

#define RIDERSIM_DECLARE_POLICY(name) std::unique_ptr<Dispatcher> make_##name##_dispatcher(const Scenario& scenario);
RIDERSIM_DISPATCH_POLICIES(RIDERSIM_DECLARE_POLICY)
#undef RIDERSIM_DECLARE_POLICY

std::span<const DispatchPolicyEntry> dispatch_policies() {
#define RIDERSIM_POLICY_ENTRY(name) {#name, &make_##name##_dispatcher},
  static constexpr DispatchPolicyEntry kPolicies[] = {
      RIDERSIM_DISPATCH_POLICIES(RIDERSIM_POLICY_ENTRY)
      {"external", nullptr},  // the caller's own policy (ridersim.run(..., policy=...))
  };
#undef RIDERSIM_POLICY_ENTRY
  return kPolicies;
}

std::unique_ptr<Dispatcher> make_dispatcher(const Scenario& scenario) {
  for (const auto& entry : dispatch_policies()) {
    if (entry.name != scenario.rules.dispatch.policy) continue;
    if (entry.make == nullptr) {
      throw std::invalid_argument("rules.dispatch.policy is \"" + scenario.rules.dispatch.policy +
                                  "\": pass a dispatch policy to run()");
    }
    return entry.make(scenario);
  }
  throw std::invalid_argument("no dispatch policy named \"" + scenario.rules.dispatch.policy + "\"");
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

std::int32_t release_delay_s(const Scenario& sc) {
  const std::int32_t lead = sc.rules.dispatch.release_before_ready_s;
  if (lead < 0) return 0;
  return std::max(0, static_cast<std::int32_t>(std::lround(sc.demand.prep_mean_s)) - lead);
}

std::vector<std::int32_t> open_orders(const SimulationState& st) {
  const OrderColumns& orders = st.results.orders;
  std::vector<std::int32_t> open;
  for (std::int32_t o : st.waiting) {
    if (orders.assigned_s[o] < 0 && orders.cancelled_s[o] < 0) open.push_back(o);
  }
  return open;
}

bool can_pick_up_in_time(const Scenario& sc, const SimulationState& st, std::int32_t order, std::int32_t rider) {
  if (!sc.rules.dispatch.pickup_before_shift_end) return true;
  const std::int32_t arrive = st.now_s + pickup_travel_s(sc, st, order, rider);
  const std::int32_t picked = std::max(arrive + st.results.orders.pickup_service_s[order] / 2, st.results.orders.ready_s[order]);
  return picked <= st.workers[rider].shift_end_s;
}

bool vehicle_fits(const Scenario& sc, const SimulationState& st, std::int32_t order, std::int32_t rider) {
  const std::uint8_t needs = st.results.orders.vehicle[order];
  return needs == kAnyVehicle || needs == static_cast<std::uint8_t>(sc.rider_types[st.rider_type[rider]].vehicle);
}

bool can_serve(const Scenario& sc, const SimulationState& st, std::int32_t order, std::int32_t rider) {
  return vehicle_fits(sc, st, order, rider) && can_pick_up_in_time(sc, st, order, rider);
}

void nearest_idle_workers(const Scenario& sc, const SimulationState& st, std::int32_t order, int k, double max_m,
                          std::vector<Neighbour>& out) {
  const Point pickup = merchant_of(st, order);
  if (st.results.orders.vehicle[order] == kAnyVehicle) {
    st.idle_riders.nearest(pickup, k, max_m, out);
  } else {
    st.idle_riders.nearest(pickup, k, max_m, out, [&](std::int32_t r) { return vehicle_fits(sc, st, order, r); });
  }
}

std::int32_t priority_cost_s(const Scenario& sc, const SimulationState& st, std::int32_t rider) {
  const DispatchRules& d = sc.rules.dispatch;
  double cost = 0.0;
  if (d.score_weight > 0.0) cost += d.score_weight * (100.0 - st.rider_score[rider]) / 100.0 * d.unassigned_penalty_s;
  if (d.rejection_penalty > 0.0) cost += d.rejection_penalty * 0.1 * st.workers[rider].today.rejections * d.unassigned_penalty_s;
  if (d.novice_penalty > 0.0 && st.workers[rider].deliveries < d.novice_orders) cost += d.novice_penalty * d.unassigned_penalty_s;
  return static_cast<std::int32_t>(std::lround(cost));
}

CandidateGraph build_candidate_graph(const Scenario& sc, const SimulationState& st, GridIndex& scratch) {
  CandidateGraph graph;
  graph.orders = open_orders(st);
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
      nearest_idle_workers(sc, st, o, rules.candidates_per_order, rules.max_pickup_m, near);
      for (const auto& n : near) {
        if (!can_serve(sc, st, o, n.id)) continue;
        graph.edges.push_back({static_cast<std::int32_t>(row), column[n.id],
                               pickup_travel_s(sc, st, o, n.id) + priority_cost_s(sc, st, n.id)});
      }
    }
  } else {
    // few riders, many orders: search from the riders' side
    scratch.clear();
    for (std::size_t row = 0; row < graph.orders.size(); ++row) {
      scratch.insert(static_cast<std::int32_t>(row), merchant_of(st, graph.orders[row]));
    }
    for (std::size_t c = 0; c < graph.riders.size(); ++c) {
      const std::int32_t r = graph.riders[c];
      scratch.nearest(st.rider_position[r], rules.candidates_per_order, rules.max_pickup_m, near,
                                [&](std::int32_t row) { return vehicle_fits(sc, st, graph.orders[row], r); });
      for (const auto& n : near) {
        if (!can_serve(sc, st, graph.orders[n.id], r)) continue;
        graph.edges.push_back({n.id, static_cast<std::int32_t>(c),
                               pickup_travel_s(sc, st, graph.orders[n.id], r) + priority_cost_s(sc, st, r)});
      }
    }
  }
  return graph;
}

}  // namespace ridersim
