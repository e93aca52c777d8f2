#pragma once
// What every fuzz target shares: a small valid scenario to start from, and the rule that a
// ScenarioError is a correct answer (anything else that escapes, or a sanitizer report, is a bug).

#include <nlohmann/json.hpp>
#include <string>

#include "ridersim/engine.hpp"
#include "ridersim/error.hpp"
#include "ridersim/scenario_spec.hpp"

namespace fuzz {

// a district of 2 x 2 km, two hours, a handful of riders: quick to run for every input
inline nlohmann::json small_spec() {
  return nlohmann::json::parse(R"({
    "name": "fuzz", "seed": 1,
    "horizon": {"start_h": 11, "end_h": 13, "days": 1},
    "world": {"area": {"width_km": 2, "height_km": 2},
              "hotspots": [{"name": "m", "kind": "merchant_cluster", "x_km": 1, "y_km": 1, "radius_km": 0.3}],
              "travel": {"detour_factor": 1.3, "speed_kmh": {"ebike": 16}, "congestion_by_hour": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]},
              "pickup_service_min": 2, "dropoff_service_min": 1},
    "demand": {"orders_per_hour": [0,0,0,0,0,0,0,0,0,0,0,20,20,0,0,0,0,0,0,0,0,0,0,0],
               "merchants": {"count": 5, "share_in_clusters": 1}, "customers": {"share_in_residential": 0},
               "delivery_radius_km": 1.5, "prep_time_min": {"mean": 8, "sd": 3},
               "basket_yuan": {"mean": 40, "sd": 10}, "cancel_after_unassigned_min": 30},
    "riders": {"types": [{"name": "r", "count": 4, "vehicle": "ebike", "employment": "crowdsourced",
                          "shifts": [{"start_h": 11, "end_h": 13, "share": 1}]}]},
    "rules": {"dispatch": {"policy": "batched"}, "promise": {"quantile": 0.5, "buffer_min": 0},
              "pay": {"base_per_order_yuan": 4}, "lateness": {"sanction": "none"},
              "customer_fee": {"base_yuan": 3}}})");
}

/// Compiles a spec and, if it is valid, runs it: a ScenarioError is the right answer to a bad spec.
inline void compile_and_run(const nlohmann::json& spec) {
  try {
    const ridersim::Scenario scenario = ridersim::compile(spec);
    const ridersim::Results results = ridersim::run(scenario, 1);
    if (results.kpi("ledger_imbalance_fen") != 0) __builtin_trap();  // money must always balance
  } catch (const ridersim::ScenarioError&) {
  }
}

}  // namespace fuzz
