#include <catch2/catch.hpp>

#include "ridersim/rng.hpp"

using namespace ridersim;

TEST_CASE("rng: a stream depends on purpose and agent and seed only") {
  auto a = make_stream(Stream::ORDER_ARRIVALS, 3, 42);
  auto b = make_stream(Stream::ORDER_ARRIVALS, 3, 42);
  for (int i = 0; i < 10; ++i) CHECK(a() == b());
  // a different purpose, agent or seed gives a different stream
  const auto first = make_stream(Stream::ORDER_ARRIVALS, 3, 42)();
  CHECK(make_stream(Stream::RIDER_DAY, 3, 42)() != first);
  CHECK(make_stream(Stream::ORDER_ARRIVALS, 4, 42)() != first);
  CHECK(make_stream(Stream::ORDER_ARRIVALS, 3, 43)() != first);
  // agent + 1 with seed - 1 must not collide (the "seed + id" mistake)
  CHECK(make_stream(Stream::ORDER_ARRIVALS, 4, 41)() != first);
}

TEST_CASE("rng: hashed uniforms lie in the unit interval, repeat and spread out") {
  double sum = 0.0;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const double u = hashed_uniform(Stream::CUSTOMER_CHOICE, i, 0, 9);
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / 20000 == Approx(0.5).margin(0.01));
  CHECK(hashed_uniform(Stream::CUSTOMER_CHOICE, 1, 2, 3) == hashed_uniform(Stream::CUSTOMER_CHOICE, 1, 2, 3));
  CHECK(hashed_uniform(Stream::CUSTOMER_CHOICE, 1, 2, 3) != hashed_uniform(Stream::CUSTOMER_CHOICE, 2, 1, 3));
}

TEST_CASE("rng: a rider's day has its own stream, whatever the horizon") {
  const auto day3 = make_stream(Stream::RIDER_DAY, 7, 3, 42)();
  CHECK(make_stream(Stream::RIDER_DAY, 7, 3, 42)() == day3);
  CHECK(make_stream(Stream::RIDER_DAY, 7, 4, 42)() != day3);
  CHECK(make_stream(Stream::RIDER_DAY, 8, 3, 42)() != day3);
  CHECK(make_stream(Stream::RIDER_DAY, 3, 7, 42)() != day3);  // (rider, day) is not symmetric
}
