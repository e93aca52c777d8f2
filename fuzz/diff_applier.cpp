// Fuzz target: any bytes as the "changes" of a diff over a small valid scenario -> apply ->
// compile -> (if valid) run.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json base = fuzz::small_spec();
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json changes = ridersim::parse_spec_text(text, "<fuzz>");
    fuzz::compile_and_run(ridersim::apply_changes(base, changes));
  } catch (const ridersim::ScenarioError&) {
  }
  return 0;
}
