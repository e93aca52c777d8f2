// Fuzz target: any bytes as a scenario file's text -> parse -> compile -> (if valid) run.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    fuzz::compile_and_run(ridersim::parse_spec_text(text, "<fuzz>"));
  } catch (const ridersim::ScenarioError&) {
  }
  return 0;
}
