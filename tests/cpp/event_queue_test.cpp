#include <catch2/catch.hpp>

#include <queue>
#include <random>
#include <vector>

#include "ridersim/event_queue.hpp"

using namespace ridersim;

namespace {

// Pushes and pops as a run does (each push at or after the clock, sometimes far ahead, sometimes
// at the very second being handled) into the queue and into a binary heap, and checks that both
// give out the same events in the same order. `past` pushes that many events behind the clock too.
void compare_with_heap(std::uint64_t seed, std::int32_t spread_s, int past) {
  std::mt19937_64 rng(seed);
  EventQueue queue;
  std::priority_queue<Event> heap;
  std::uint32_t seq = 0;
  std::int32_t now = 0;
  auto push = [&](std::int32_t time_s) {
    const Event e{time_s, seq++, EventType::RIDER_ARRIVES, static_cast<std::int32_t>(seq % 1000)};
    queue.push(e);
    heap.push(e);
  };
  for (int i = 0; i < 200; ++i) push(static_cast<std::int32_t>(rng() % 100000));
  std::size_t popped = 0;
  while (!heap.empty()) {
    REQUIRE(queue.size() == heap.size());
    const Event expected = heap.top();
    heap.pop();
    const Event got = queue.top();
    queue.pop();
    REQUIRE(got.time_s == expected.time_s);
    REQUIRE(got.seq == expected.seq);
    REQUIRE(got.id == expected.id);
    now = std::max(now, got.time_s);
    ++popped;
    if (seq > 60000) continue;  // then drain
    const int pushes = static_cast<int>(rng() % 3);
    for (int k = 0; k < pushes; ++k) {
      const std::uint64_t kind = rng() % 10;
      if (kind == 0) {
        push(now);  // the same second, behind everything already due then
      } else if (kind == 1) {
        push(now + 3000 + static_cast<std::int32_t>(rng() % 200000));  // beyond the ring
      } else {
        push(now + static_cast<std::int32_t>(rng() % static_cast<std::uint64_t>(spread_s)));
      }
    }
    if (past > 0 && rng() % 1000 == 0) {
      --past;
      push(std::max(0, now - 1 - static_cast<std::int32_t>(rng() % 5000)));
    }
  }
  CHECK(queue.empty());
  CHECK(popped == seq);
}

}  // namespace

TEST_CASE("event queue: gives out the events in the order of a heap by time, then by insertion") {
  SECTION("near events, many at the same second") { compare_with_heap(1, 30, 0); }
  SECTION("events spread over more than the ring") { compare_with_heap(2, 9000, 0); }
  SECTION("some events scheduled behind the clock") { compare_with_heap(3, 900, 40); }
}

TEST_CASE("event queue: ties at one second come out first in, first out, across the ring and the heap") {
  EventQueue queue;
  // the first goes to the heap (beyond the ring when pushed), the second to the ring
  queue.push({100000, 0, EventType::SHIFT_END, 7});
  queue.push({0, 1, EventType::DAY_START, 0});
  queue.pop();  // the clock moves to 0
  queue.push({99000, 2, EventType::RIDER_ARRIVES, 8});
  queue.pop();  // the clock moves to 99000: 100000 is now inside the ring, and id 7 still in the heap
  CHECK(queue.size() == 1);
  queue.push({100000, 3, EventType::RIDER_ARRIVES, 9});
  queue.push({100000, 4, EventType::RIDER_ARRIVES, 10});
  std::vector<std::int32_t> ids;
  while (!queue.empty()) {
    ids.push_back(queue.top().id);
    queue.pop();
  }
  CHECK(ids == std::vector<std::int32_t>{7, 9, 10});
}
