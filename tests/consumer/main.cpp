// Loads a scenario, raises the base pay, runs both and prints the change in rider pay per order.
#include <iostream>
#include <nlohmann/json.hpp>

#include "ridersim/engine.hpp"
#include "ridersim/scenario_spec.hpp"

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
  return after > before ? 0 : 1;
}
