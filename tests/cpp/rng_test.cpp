#include <catch2/catch.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/seed_seq.hpp>

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

TEST_CASE("rng: a stream's seed sequence is boost's seed_seq, word for word") {
  // the faster generate must give every stream exactly as before: same state, same draws
  boost::random::mt19937_64 inputs(11);
  for (int trial = 0; trial < 200; ++trial) {
    std::array<std::uint32_t, 5> five{};
    std::array<std::uint32_t, 7> seven{};
    for (auto& v : five) v = static_cast<std::uint32_t>(inputs());
    for (auto& v : seven) v = static_cast<std::uint32_t>(inputs());
    for (const std::size_t n : {std::size_t{1}, std::size_t{6}, std::size_t{40}, std::size_t{624}, std::size_t{700}}) {
      std::vector<std::uint32_t> ours(n), theirs(n), ours7(n), theirs7(n);
      StreamSeed<5>(five).generate(ours.data(), ours.data() + n);
      boost::random::seed_seq(five.begin(), five.end()).generate(theirs.begin(), theirs.end());
      REQUIRE(ours == theirs);
      StreamSeed<7>(seven).generate(ours7.data(), ours7.data() + n);
      boost::random::seed_seq(seven.begin(), seven.end()).generate(theirs7.begin(), theirs7.end());
      REQUIRE(ours7 == theirs7);
    }
    StreamSeed<7> fast(seven);
    boost::random::seed_seq slow(seven.begin(), seven.end());
    Engine a(fast);
    Engine b(slow);
    CHECK(a == b);
  }
}

TEST_CASE("rng: streams seeded side by side are the streams seeded one by one") {
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{21}, std::size_t{31},
                                 std::size_t{32}, std::size_t{33}, std::size_t{70}}) {
    std::vector<std::uint64_t> agents(count);
    for (std::size_t j = 0; j < count; ++j) agents[j] = (j * 0x9e3779b97f4a7c15ULL) ^ (j << 40);  // both halves vary
    std::vector<Engine> side_by_side(count);
    make_streams(Stream::RIDER_DAY, agents, 5, 0x1234567890ULL, side_by_side);
    for (std::size_t j = 0; j < count; ++j) {
      Engine one = make_stream(Stream::RIDER_DAY, agents[j], 5, 0x1234567890ULL);
      REQUIRE(side_by_side[j] == one);
      // and they go on alike past the first twist of the state
      for (int d = 0; d < 700; ++d) REQUIRE(side_by_side[j]() == one());
    }
  }
}

TEST_CASE("rng: the engine is boost's mt19937_64, draw for draw") {
  // by default, and from seed sequences, over several renewals of the state
  boost::random::mt19937_64 theirs_default;
  Engine ours_default;
  for (int d = 0; d < 2000; ++d) REQUIRE(ours_default() == theirs_default());
  for (std::uint32_t trial = 0; trial < 20; ++trial) {
    const std::array<std::uint32_t, 3> values{trial, 0xdeadbeefu, trial * 7919u};
    boost::random::seed_seq seq_a(values.begin(), values.end());
    boost::random::seed_seq seq_b(values.begin(), values.end());
    boost::random::mt19937_64 theirs(seq_a);
    Engine ours(seq_b);
    for (int d = 0; d < 1000; ++d) REQUIRE(ours() == theirs());
  }
  // a state of all zeros is mended as boost mends it
  std::array<std::uint32_t, 624> zeros{};
  auto first = zeros.begin();
  boost::random::mt19937_64 theirs_zero;
  theirs_zero.seed(first, zeros.end());
  Engine ours_zero;
  ours_zero.seed(zeros.begin(), zeros.end());
  for (int d = 0; d < 700; ++d) REQUIRE(ours_zero() == theirs_zero());
  // too few words is an error, as it is for boost's
  CHECK_THROWS_AS(ours_zero.seed(zeros.begin(), zeros.begin() + 623), std::invalid_argument);
}
