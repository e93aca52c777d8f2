#pragma once
// Shared test helpers: a small inline scenario and paths into the source tree.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ridersim/dispatch.hpp"

#include "ridersim/scenario_spec.hpp"

namespace ridersim::test {

inline std::string source_path(const std::string& relative) { return std::string(RIDERSIM_SOURCE_DIR) + "/" + relative; }

/// A small district (3 x 3 km, ~280 orders over 4 hours, 30 riders): quick to run, every
/// feature used. The same file drives the Python tests.
inline nlohmann::json small_city() { return load_spec(source_path("tests/data/small-city.json")); }

/// Every policy of the registry that runs on its own (not "external", which needs the caller's):
/// the tests that cover every policy cover a new one without an edit.
inline std::vector<std::string> registered_policies() {
  std::vector<std::string> names;
  for (const auto& entry : dispatch_policies()) {
    if (entry.make != nullptr) names.emplace_back(entry.name);
  }
  return names;
}

}  // namespace ridersim::test
