// Fuzz target: any bytes as the "trace" section of a scenario (recorded orders and couriers)
// -> compile -> (if valid) replay.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json base = fuzz::small_spec();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    nlohmann::json spec = base;
    spec["trace"] = ridersim::parse_spec_text(text, "<fuzz>");
    fuzz::compile_and_run(spec);
  } catch (const ridersim::ScenarioError&) {
  }
  return 0;
}
