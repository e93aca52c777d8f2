// Bundling dispatch: every batch_interval_s, waiting orders go to idle riders or to riders
// already on a route with room (fewer than max_bundle orders), each at its cheapest place in
// the route. The cost of a pairing is the route time it adds, plus the time it adds between
// ready and door over every meal on the route, plus lateness_weight x the lateness it adds; an
// exact min-cost assignment (one new order per rider per batch) picks the pairs.

#include <memory>

#include "detail/route.hpp"
#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class Bundling final : public Dispatcher {
 public:
  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const OrderColumns& orders = st.results.orders;
    const std::vector<std::int32_t> waiting = open_orders(st);
    // riders who can take one more order: idle, or busy with room and still on shift; each
    // order is offered its k nearest of both kinds, so busy riders never crowd out idle ones
    riders_.clear();
    busy_.clear();
    column_.assign(st.rider_status.size(), -1);
    for (std::int32_t r = 0; r < static_cast<std::int32_t>(st.rider_status.size()); ++r) {
      const bool idle = st.rider_status[r] == RiderStatus::IDLE;
      const bool room = st.rider_status[r] == RiderStatus::BUSY && st.now_s < st.workers[r].shift_end_s &&
                        !st.workers[r].crashed && detail::orders_on_route(st, r) < sc.rules.dispatch.max_bundle;
      if (!idle && !room) continue;
      column_[r] = static_cast<std::int32_t>(riders_.size());
      riders_.push_back(r);
      if (room) busy_.insert(r, st.rider_position[r]);
    }
    if (waiting.empty() || riders_.empty()) {
      busy_.clear();
      return;
    }

    std::vector<CandidateEdge> edges;
    std::vector<detail::Insertion> places;
    std::vector<std::size_t> row_start;  // edges of a row are contiguous
    for (std::size_t row = 0; row < waiting.size(); ++row) {
      row_start.push_back(edges.size());
      const std::int32_t o = waiting[row];
      const Point merchant{orders.pickup_x_m[o], orders.pickup_y_m[o]};
      for (const GridIndex* grid : {static_cast<const GridIndex*>(&st.idle_riders), static_cast<const GridIndex*>(&busy_)}) {
        grid->nearest(merchant, sc.rules.dispatch.candidates_per_order, sc.rules.dispatch.max_pickup_m, near_,
                      [&](std::int32_t r) { return vehicle_fits(sc, st, o, r); });
        for (const auto& n : near_) {
          const detail::Insertion at = detail::best_insertion(sc, st, n.id, o);
          act.count_work(at.work);
          if (!at.feasible) continue;
          edges.push_back({static_cast<std::int32_t>(row), column_[n.id], at.cost + priority_cost_s(sc, st, n.id)});
          places.push_back(at);
        }
      }
    }
    row_start.push_back(edges.size());
    act.count_work(static_cast<std::int64_t>(waiting.size() + riders_.size() + edges.size()));
    const AssignmentResult result = solve_assignment(static_cast<std::int32_t>(waiting.size()),
                                                     static_cast<std::int32_t>(riders_.size()), edges,
                                                     sc.rules.dispatch.unassigned_penalty_s);
    for (std::size_t row = 0; row < waiting.size(); ++row) {
      const std::int32_t col = result.col_of_row[row];
      if (col < 0) continue;
      // the place computed for the chosen edge
      for (std::size_t e = row_start[row]; e < row_start[row + 1]; ++e) {
        if (edges[e].col == col) {
          act.offer_at(waiting[row], riders_[col], places[e].pickup_at, places[e].dropoff_at);
          break;
        }
      }
    }
    busy_.clear();
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

  explicit Bundling(const Scenario& sc) : busy_(sc.world.width_m, sc.world.height_m, kGridCellM) {}

 private:
  std::vector<std::int32_t> riders_;   // column -> rider
  std::vector<std::int32_t> column_;   // rider -> column; -1: not a candidate
  GridIndex busy_;                     // busy riders with room, at the end of their current leg
  std::vector<Neighbour> near_;
};

}  // namespace

std::unique_ptr<Dispatcher> make_bundling_dispatcher(const Scenario& sc) { return std::make_unique<Bundling>(sc); }

}  // namespace ridersim
