// Batched dispatch: every batch_interval_s, an exact min-cost assignment of waiting orders to
// idle riders over the sparse k-nearest candidate graph; orders it cannot serve wait.

#include <memory>

#include "ridersim/dispatch.hpp"

namespace ridersim {

namespace {

class Batched final : public Dispatcher {
 public:
  explicit Batched(const Scenario& sc) : scratch_(sc.world.width_m, sc.world.height_m, kGridCellM) {}

  void on_tick(const Scenario& sc, const SimulationState& st, DispatchActions& act) override {
    const CandidateGraph graph = build_candidate_graph(sc, st, scratch_);
    act.count_work(static_cast<std::int64_t>(graph.orders.size() + graph.riders.size() + graph.edges.size()));
    if (graph.edges.empty()) return;
    // the smaller side are the rows: the solver's work grows with the rows it places
    const bool orders_are_rows = graph.orders.size() <= graph.riders.size();
    std::vector<CandidateEdge> edges = graph.edges;
    if (!orders_are_rows) {
      for (auto& e : edges) std::swap(e.row, e.col);
    }
    const auto n_rows = static_cast<std::int32_t>(orders_are_rows ? graph.orders.size() : graph.riders.size());
    const auto n_cols = static_cast<std::int32_t>(orders_are_rows ? graph.riders.size() : graph.orders.size());
    const AssignmentResult result = solve_assignment(n_rows, n_cols, edges, sc.rules.dispatch.unassigned_penalty_s);
    for (std::int32_t row = 0; row < n_rows; ++row) {
      const std::int32_t col = result.col_of_row[row];
      if (col < 0) continue;
      const std::int32_t order = graph.orders[orders_are_rows ? row : col];
      const std::int32_t rider = graph.riders[orders_are_rows ? col : row];
      act.offer(order, rider);
    }
  }

  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  GridIndex scratch_;  // the waiting orders, for the search from the riders' side
};

}  // namespace

std::unique_ptr<Dispatcher> make_batched_dispatcher(const Scenario& sc) { return std::make_unique<Batched>(sc); }

}  // namespace ridersim
