// Rolling-horizon dispatch, in the spirit of the published MDRP algorithm (Reyes et al. 2018):
// every batch_interval_s, orders whose meal will be ready within the horizon are grouped by
// merchant into bundles of a target size (orders per idle rider, at most max_bundle), bundles
// are matched to riders free now or soon (where their route ends) by an exact min-cost
// assignment (cost: each order's ready-to-door time plus the rider's wait at the merchant, per
// order), and a match is committed only to a free rider who must leave before the next epoch to
// be there when the meals are ready; the others are planned again at the next epoch.

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "detail/route.hpp"
#include "ridersim/travel.hpp"
#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

struct Bundle {
  std::int32_t merchant = 0;
  std::vector<std::int32_t> orders;  // by ready time
  std::int32_t ready_s = 0;          // the latest meal
};

struct Plan {
  bool feasible = false;
  std::int64_t cost = 0;
  std::int32_t depart_by_s = 0;  // the latest departure that still meets the meals
  std::vector<std::int32_t> dropoffs;  // nearest-neighbour order
};

class RollingHorizon final : public Dispatcher {
 public:
  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const OrderColumns& orders = st.results.orders;
    const DispatchRules& rules = sc.rules.dispatch;
    std::map<std::int32_t, std::vector<std::int32_t>> by_merchant;
    std::size_t planned = 0;
    for (std::int32_t o : open_orders(st)) {
      if (orders.ready_s[o] > st.now_s + rules.horizon_s) continue;
      // a job with no fixed pickup place (merchant -1: a load, a passenger) is a bundle of its own
      by_merchant[orders.merchant_id[o] >= 0 ? orders.merchant_id[o] : -1 - o].push_back(o);
      ++planned;
    }
    // riders free now, and riders on a route who will be free within the horizon, where
    // their route ends; only the free ones can be committed
    std::vector<std::int32_t> couriers;
    free_at_.assign(st.rider_status.size(), -1);
    free_place_.assign(st.rider_status.size(), Point{});
    available_.clear();
    std::int32_t n_idle = 0;
    for (std::int32_t r = 0; r < static_cast<std::int32_t>(st.rider_status.size()); ++r) {
      if (st.rider_status[r] == RiderStatus::IDLE) {
        free_at_[r] = st.now_s;
        free_place_[r] = st.rider_position[r];
        ++n_idle;
      } else if (st.rider_status[r] == RiderStatus::BUSY && !st.workers[r].crashed && st.now_s < st.workers[r].shift_end_s) {
        const detail::RoutePlan plan = detail::plan_route(sc, st, r, {st.workers[r].route.data(), st.workers[r].route.size()});
        act.count_work(static_cast<std::int64_t>(st.workers[r].route.size()));
        if (plan.end_s > st.now_s + rules.horizon_s) continue;
        const Stop& last = st.workers[r].route.back();
        free_at_[r] = plan.end_s;
        free_place_[r] = {orders.dropoff_x_m[last.order_id], orders.dropoff_y_m[last.order_id]};
      } else {
        continue;
      }
      available_.insert(static_cast<std::int32_t>(couriers.size()), free_place_[r]);
      couriers.push_back(r);
    }
    if (planned == 0 || n_idle == 0) {
      available_.clear();
      return;
    }

    // the target bundle size: enough to serve the planned orders with the riders at hand
    const auto target = static_cast<std::size_t>(
        std::clamp<double>(std::ceil(static_cast<double>(planned) / static_cast<double>(n_idle)), 1.0, rules.max_bundle));
    std::vector<Bundle> bundles;
    for (auto& [merchant, list] : by_merchant) {
      std::sort(list.begin(), list.end(), [&](std::int32_t a, std::int32_t b) {
        return orders.ready_s[a] != orders.ready_s[b] ? orders.ready_s[a] < orders.ready_s[b] : a < b;
      });
      for (std::size_t k = 0; k < list.size(); k += target) {
        Bundle b;
        b.merchant = merchant;
        b.orders.assign(list.begin() + static_cast<std::ptrdiff_t>(k),
                        list.begin() + static_cast<std::ptrdiff_t>(std::min(list.size(), k + target)));
        for (std::int32_t o : b.orders) b.ready_s = std::max(b.ready_s, orders.ready_s[o]);
        bundles.push_back(std::move(b));
      }
    }

    std::vector<CandidateEdge> edges;
    std::vector<Plan> plans;
    std::vector<std::size_t> row_start;
    for (std::size_t row = 0; row < bundles.size(); ++row) {
      row_start.push_back(edges.size());
      const Bundle& b = bundles[row];
      const Point merchant{orders.pickup_x_m[b.orders[0]], orders.pickup_y_m[b.orders[0]]};
      available_.nearest(merchant, rules.candidates_per_order, rules.max_pickup_m, near_,
                         [&](std::int32_t c) { return vehicle_fits(sc, st, b.orders[0], couriers[c]); });
      for (const auto& n : near_) {
        const std::int32_t r = couriers[n.id];
        Plan plan = plan_bundle(sc, st, b, r, free_place_[r], free_at_[r]);
        act.count_work(static_cast<std::int64_t>(2 * b.orders.size() + 1));
        if (!plan.feasible) continue;
        edges.push_back({static_cast<std::int32_t>(row), n.id, plan.cost + priority_cost_s(sc, st, r)});
        plans.push_back(std::move(plan));
      }
    }
    row_start.push_back(edges.size());
    act.count_work(static_cast<std::int64_t>(bundles.size() + couriers.size() + edges.size()));
    const AssignmentResult result = solve_assignment(static_cast<std::int32_t>(bundles.size()),
                                                     static_cast<std::int32_t>(couriers.size()), edges,
                                                     rules.unassigned_penalty_s);
    for (std::size_t row = 0; row < bundles.size(); ++row) {
      const std::int32_t col = result.col_of_row[row];
      if (col < 0) continue;
      const Plan* plan = nullptr;
      for (std::size_t e = row_start[row]; e < row_start[row + 1]; ++e) {
        if (edges[e].col == col) plan = &plans[e];
      }
      // commit only to a free rider, and only what cannot wait for the next epoch
      if (st.rider_status[couriers[col]] != RiderStatus::IDLE) continue;
      if (plan->depart_by_s >= st.now_s + rules.batch_interval_s) continue;
      commit(st, act, bundles[row], couriers[col], *plan);
    }
    available_.clear();
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  // a rider takes a bundle: to the merchant, then the doors in nearest-neighbour order
  static Plan plan_bundle(const Scenario& sc, const SimulationState& st, const Bundle& b, std::int32_t rider,
                          Point from, std::int32_t free_at_s) {
    const OrderColumns& orders = st.results.orders;
    const Vehicle vehicle = sc.rider_types[st.rider_type[rider]].vehicle;
    const Point merchant{orders.pickup_x_m[b.orders[0]], orders.pickup_y_m[b.orders[0]]};
    const std::int32_t p_half = sc.world.pickup_service_s / 2;
    const std::int32_t to_merchant = legal_travel_s(sc, vehicle, from, merchant, free_at_s);
    const std::int32_t arrive = free_at_s + to_merchant;
    const std::int32_t picked = std::max(arrive + p_half, b.ready_s);
    Plan plan;
    if (sc.rules.dispatch.pickup_before_shift_end && picked > st.workers[rider].shift_end_s) return plan;
    plan.feasible = true;
    plan.depart_by_s = b.ready_s - p_half - to_merchant;
    std::int64_t cost = picked - (arrive + p_half);  // the rider's wait
    std::int32_t t = picked + (sc.world.pickup_service_s - p_half);
    Point at = merchant;
    std::vector<std::int32_t> left = b.orders;
    while (!left.empty()) {
      auto next = std::min_element(left.begin(), left.end(), [&](std::int32_t x, std::int32_t y) {
        const double dx = distance_m(at, {orders.dropoff_x_m[x], orders.dropoff_y_m[x]});
        const double dy = distance_m(at, {orders.dropoff_x_m[y], orders.dropoff_y_m[y]});
        return dx != dy ? dx < dy : x < y;
      });
      const std::int32_t o = *next;
      const Point door{orders.dropoff_x_m[o], orders.dropoff_y_m[o]};
      t += legal_travel_s(sc, vehicle, at, door, t);
      cost += t + sc.world.dropoff_service_s / 2 - orders.ready_s[o];
      // less what the order takes however it is served (its own trip from the pickup and the
      // hand-overs), so that the cost compares with the unassigned penalty as pickup travel does:
      // a long trip (a freight load) is no reason to leave an order unassigned
      cost -= legal_travel_s(sc, vehicle, merchant, door, orders.ready_s[o]) + (sc.world.pickup_service_s - p_half) +
              sc.world.dropoff_service_s / 2;
      t += sc.world.dropoff_service_s;
      at = door;
      plan.dropoffs.push_back(o);
      left.erase(next);
    }
    plan.cost = std::max<std::int64_t>(0, cost) / static_cast<std::int64_t>(b.orders.size());
    return plan;
  }

  static void commit(const SimulationState& st, DispatchActions& act, const Bundle& b, std::int32_t rider, const Plan& plan) {
    // each order is offered; the route is the accepted pickups, then their doors in plan order
    std::vector<std::int32_t> accepted;
    for (std::int32_t o : b.orders) {
      if (st.rider_status[rider] == RiderStatus::IDLE && accepted.empty()) {
        if (act.offer(o, rider)) accepted.push_back(o);
        continue;
      }
      std::size_t pickups = 0;
      for (const Stop& s : st.workers[rider].route) pickups += s.kind == StopKind::PICKUP ? 1 : 0;
      const std::size_t route_size = st.workers[rider].route.size();
      // the new pickup joins the others at the merchant; its door goes where the plan puts it
      std::size_t door = 0;
      for (std::int32_t d : plan.dropoffs) {
        if (d == o) break;
        if (std::find(accepted.begin(), accepted.end(), d) != accepted.end()) ++door;
      }
      const std::size_t pickup_at = std::max<std::size_t>(pickups, 1);
      if (act.offer_at(o, rider, pickup_at, std::min(route_size + 1, pickup_at + 1 + door))) accepted.push_back(o);
    }
  }

  std::vector<Neighbour> near_;
  GridIndex available_;
  std::vector<std::int32_t> free_at_;  // when each rider is free; -1: not available
  std::vector<Point> free_place_;

 public:
  explicit RollingHorizon(const Scenario& sc) : available_(sc.world.width_m, sc.world.height_m, kGridCellM) {}
};

}  // namespace

std::unique_ptr<Dispatcher> make_rolling_horizon_dispatcher(const Scenario& sc) {
  return std::make_unique<RollingHorizon>(sc);
}

}  // namespace ridersim
