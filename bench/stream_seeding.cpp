// Seeding random streams one by one (make_stream) against side by side (make_streams, a block of
// kStreamsSideBySide at a time, as the engine does), for the workers' streams of a day. Prints one
// JSON line: streams, microseconds a stream each way (the best of five passes), and whether the
// two gave the same first draws.
// Usage: stream_seeding [N]   (default 20000)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <span>
#include <vector>

#include "ridersim/rng.hpp"

int main(int argc, char** argv) {
  char* end = nullptr;
  const long parsed = argc > 1 ? std::strtol(argv[1], &end, 10) : 20000;
  if (parsed <= 0 || (argc > 1 && *end != '\0')) {
    std::fprintf(stderr, "stream_seeding: N must be a whole number > 0, got %s\n", argv[1]);
    return 2;
  }
  const auto n = static_cast<std::size_t>(parsed);
  using clock = std::chrono::steady_clock;
  std::vector<std::uint64_t> workers(n);
  for (std::size_t i = 0; i < n; ++i) workers[i] = i * 0x9e3779b97f4a7c15ULL;
  std::vector<std::uint64_t> one_by_one(n), side_by_side(n);
  constexpr std::size_t block = ridersim::kStreamsSideBySide;
  std::vector<ridersim::Engine> engines(block);
  double best_one = std::numeric_limits<double>::infinity(), best_side = best_one;
  for (int pass = 0; pass < 5; ++pass) {
    const auto t0 = clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      ridersim::Engine e = ridersim::make_stream(ridersim::Stream::RIDER_DAY, workers[i], 3, 1);
      one_by_one[i] = e();
    }
    const auto t1 = clock::now();
    // as the engine seeds a day's streams: a block at a time, into the same engines
    for (std::size_t first = 0; first < n; first += block) {
      const std::size_t count = std::min(block, n - first);
      ridersim::make_streams(ridersim::Stream::RIDER_DAY, std::span(workers).subspan(first, count), 3, 1, engines);
      for (std::size_t i = 0; i < count; ++i) side_by_side[first + i] = engines[i]();
    }
    const auto t2 = clock::now();
    best_one = std::min(best_one, std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(n));
    best_side = std::min(best_side, std::chrono::duration<double, std::micro>(t2 - t1).count() / static_cast<double>(n));
  }
  std::printf("{\"streams\":%zu,\"one_by_one_us\":%.3f,\"side_by_side_us\":%.3f,\"same_draws\":%s}\n", n, best_one,
              best_side, one_by_one == side_by_side ? "true" : "false");
  return one_by_one == side_by_side ? 0 : 1;
}
