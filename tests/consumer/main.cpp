// Loads a scenario, raises the base pay, runs both and prints the change in rider pay per order;
// then runs it under a dispatch policy of the platform's own.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "ridersim/dispatch.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/scenario_spec.hpp"

namespace {

// The platform's own policy: every batch, each waiting order (oldest first) goes to the nearest
// idle worker within 5 km not yet offered one in this batch.
class NearestFirst final : public ridersim::Dispatcher {
 public:
  void on_tick(const ridersim::Scenario& sc, const ridersim::SimulationState& st,
               ridersim::DispatchActions& act) override {
    std::vector<std::int32_t> offered;
    for (const std::int32_t order : ridersim::open_orders(st)) {
      ridersim::nearest_idle_workers(sc, st, order, 4, 5000.0, near_);
      for (const ridersim::Neighbour& n : near_) {
        if (std::find(offered.begin(), offered.end(), n.id) != offered.end()) continue;
        offered.push_back(n.id);
        act.offer(order, n.id);
        break;
      }
    }
  }
  [[nodiscard]] bool uses_ticks() const override { return true; }

 private:
  std::vector<ridersim::Neighbour> near_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer SCENARIO.json\n";
    return 2;
  }
  const nlohmann::json spec = ridersim::load_spec(argv[1]);
  const ridersim::Scenario base = ridersim::compile(spec);
  const ridersim::Scenario raised = ridersim::compile(ridersim::apply_changes(spec, {{"rules.pay.base_per_order_yuan", 5.0}}));
  const double before = ridersim::run(base, 1).kpi("rider_cost_per_order_yuan");
  const double after = ridersim::run(raised, 1).kpi("rider_cost_per_order_yuan");
  std::cout << "rider cost per order " << before << " -> " << after << "\n";
  if (!(after > before)) return 1;

  NearestFirst own;
  const ridersim::Results mine = ridersim::run(base, 1, own);
  std::cout << "own policy: " << mine.kpi("orders_delivered") << " of " << mine.kpi("orders_placed") << " delivered\n";
  const bool served = mine.kpi("orders_delivered") > 0.5 * mine.kpi("orders_placed");
  return served && mine.kpi("ledger_imbalance_fen") == 0.0 ? 0 : 1;
}
