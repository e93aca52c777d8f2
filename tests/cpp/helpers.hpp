#pragma once
// Shared test helpers: a small inline scenario and paths into the source tree.

#include <nlohmann/json.hpp>
#include <string>

#include "ridersim/scenario_spec.hpp"

namespace ridersim::test {

inline std::string source_path(const std::string& relative) { return std::string(RIDERSIM_SOURCE_DIR) + "/" + relative; }

/// A small district (3 x 3 km, ~280 orders over 4 hours, 30 riders): quick to run, every
/// feature used. The same file drives the Python tests.
inline nlohmann::json small_city() { return load_spec(source_path("tests/data/small-city.json")); }

}  // namespace ridersim::test
