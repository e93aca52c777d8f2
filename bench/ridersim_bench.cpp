// Times one generated city day and prints one JSON line:
//   {"orders":..,"riders":..,"cpu_seconds":..,"orders_per_cpu_second":..,"peak_rss_mb":..,...}
// Usage: ridersim_bench --orders N --riders M [--seed S]

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "city.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/scenario_spec.hpp"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// VmHWM, not getrusage's ru_maxrss: the latter keeps the peak of the process that exec'd us
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return -1.0;
}

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "ridersim_bench: " << problem << "\nusage: ridersim_bench --orders N --riders M [--seed S]\n";
  std::exit(2);
}

std::int64_t positive(const char* text, const char* flag) {
  char* end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v <= 0) usage(std::string(flag) + " needs a whole number > 0, got " + text);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t n_orders = 100000;
  std::int64_t n_riders = 2000;
  std::int64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    if (i + 1 >= argc) usage(std::string("missing value after ") + argv[i]);
    if (!std::strcmp(argv[i], "--orders")) {
      n_orders = positive(argv[++i], "--orders");
    } else if (!std::strcmp(argv[i], "--riders")) {
      n_riders = positive(argv[++i], "--riders");
    } else if (!std::strcmp(argv[i], "--seed")) {
      seed = positive(argv[++i], "--seed");
    } else {
      usage(std::string("unknown argument ") + argv[i]);
    }
  }
  const ridersim::Scenario scenario = ridersim::compile(ridersim::bench::generated_city(n_orders, n_riders));
  const double start = cpu_seconds();
  const ridersim::Results results = ridersim::run(scenario, static_cast<std::uint64_t>(seed));
  const double cpu = cpu_seconds() - start;
  const double placed = results.kpi("orders_placed");
  nlohmann::ordered_json line;
  line["orders"] = static_cast<std::int64_t>(placed);
  line["riders"] = n_riders;
  line["cpu_seconds"] = cpu;
  line["orders_per_cpu_second"] = placed / cpu;
  line["peak_rss_mb"] = peak_rss_mb();
  line["orders_delivered"] = static_cast<std::int64_t>(results.kpi("orders_delivered"));
  line["rider_utilisation_mean"] = results.kpi("rider_utilisation_mean");
  line["ledger_imbalance_fen"] = results.kpi("ledger_imbalance_fen");
  line["batches"] = results.diagnostics.dispatch_ticks;
  line["dispatch_ms_per_batch"] = 1000.0 * results.diagnostics.dispatch_seconds /
                                  static_cast<double>(std::max<std::int64_t>(1, results.diagnostics.dispatch_ticks));
  std::cout << line.dump() << std::endl;
  return 0;
}
