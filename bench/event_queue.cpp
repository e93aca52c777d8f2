// The run's event queue (ridersim::EventQueue) against a binary heap (std::priority_queue), on
// the pattern of a day: every worker has a shift end hours ahead and one leg under way at a time;
// each event taken schedules the worker's next leg 1-20 minutes on. Prints one JSON line:
// workers, events, nanoseconds an event each way (the best of five passes), and whether both gave
// the events out in the same order.
// Usage: event_queue [WORKERS]   (default 20000)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <queue>
#include <random>
#include <vector>

#include "ridersim/event_queue.hpp"

namespace {

using ridersim::Event;
using ridersim::EventType;

// one pass: the same draws for either queue, so both see the same pushes if they pop alike
template <typename Queue>
std::uint64_t day(Queue& queue, std::int32_t workers, std::vector<std::uint64_t>& order) {
  std::mt19937_64 rng(1);
  std::uint32_t seq = 0;
  constexpr std::int32_t kShiftEnd = 8 * 3600;
  for (std::int32_t w = 0; w < workers; ++w) {
    queue.push(Event{kShiftEnd, seq++, EventType::SHIFT_END, w});
    queue.push(Event{static_cast<std::int32_t>(rng() % 1200), seq++, EventType::RIDER_ARRIVES, w});
  }
  std::uint64_t events = 0;
  order.clear();
  while (!queue.empty()) {
    const Event e = queue.top();
    queue.pop();
    ++events;
    order.push_back(std::uint64_t{e.seq} << 32 | static_cast<std::uint32_t>(e.time_s));
    const auto leg_s = static_cast<std::int32_t>(60 + rng() % 1140);
    if (e.type == EventType::RIDER_ARRIVES && e.time_s + leg_s < kShiftEnd) {
      queue.push(Event{e.time_s + leg_s, seq++, EventType::RIDER_ARRIVES, e.id});
    }
  }
  return events;
}

template <typename Queue>
double best_ns(std::int32_t workers, std::vector<std::uint64_t>& order, std::uint64_t& events) {
  double best = std::numeric_limits<double>::infinity();
  for (int pass = 0; pass < 5; ++pass) {
    Queue queue;
    const auto t0 = std::chrono::steady_clock::now();
    events = day(queue, workers, order);
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(events));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  char* end = nullptr;
  const long parsed = argc > 1 ? std::strtol(argv[1], &end, 10) : 20000;
  if (parsed <= 0 || parsed > 10'000'000 || (argc > 1 && *end != '\0')) {
    std::fprintf(stderr, "event_queue: WORKERS must be a whole number from 1 to 10000000, got %s\n", argv[1]);
    return 2;
  }
  const auto workers = static_cast<std::int32_t>(parsed);
  std::vector<std::uint64_t> ring_order, heap_order;
  std::uint64_t events = 0;
  const double ring_ns = best_ns<ridersim::EventQueue>(workers, ring_order, events);
  const double heap_ns = best_ns<std::priority_queue<Event>>(workers, heap_order, events);
  const bool same = ring_order == heap_order;
  std::printf("{\"workers\":%d,\"events\":%llu,\"event_queue_ns\":%.1f,\"binary_heap_ns\":%.1f,\"same_order\":%s}\n",
              workers, static_cast<unsigned long long>(events), ring_ns, heap_ns, same ? "true" : "false");
  return same ? 0 : 1;
}
