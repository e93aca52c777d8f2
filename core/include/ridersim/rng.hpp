#pragma once
// Random streams: one per purpose and agent, seeded by hashing (purpose, agent id, run seed).
//
// A rule change never shifts a stream it does not own: the order stream of a day depends only
// on (ORDER_ARRIVALS, day, seed), so baseline and proposal runs see the same orders
// (common random numbers). Never derive a seed as `seed + id`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ridersim/mersenne_twister.hpp"

namespace ridersim {

enum class Stream : std::uint32_t {
  ORDER_ARRIVALS = 1,   // agent: day
  MERCHANT_PLACEMENT,   // agent: 0
  RIDER_DAY,            // agent: the worker's stable key (type name, index); sub-agent: day (login place, shift)
  RIDER_OFFERS,         // agent: worker key; counter: order id
  RIDER_VIOLATIONS,     // agent: worker key; counter: leg (order id x 2 + 0 pickup / 1 drop-off)
  RIDER_CRASHES,        // agent: worker key; counter: leg
  CUSTOMER_CHOICE,      // agent: order id; counter: 0 ordering, 1 bad review
  LABOUR_SUPPLY,        // agent: worker key; counter: day x 2 (+0 leaving, +1 joining)
  WORKER_MOVES,         // agent: worker id; counter: the time of the decision (where to wait)
};

using Engine = MersenneTwister64;  // boost::random::mt19937_64, draw for draw

/// The seed sequence of a stream: boost::random::seed_seq's algorithm, so every stream is the
/// one boost's seed_seq would give (a test compares them), without a division at every step.
template <std::size_t S>
class StreamSeed {
 public:
  using result_type = std::uint32_t;
  explicit StreamSeed(const std::array<std::uint32_t, S>& v) : v_(v) {}
  void generate(std::uint32_t* first, std::uint32_t* last) const;

 private:
  std::array<std::uint32_t, S> v_;
};

/// A run seed with a second seed mixed in (a different seed for each salt > 0; salt 0 gives the
/// seed back): the seed of the draws a scenario's allocation_seed reshuffles.
[[nodiscard]] std::uint64_t salted_seed(std::uint64_t run_seed, std::uint64_t salt);

/// A generator for one purpose and agent under a run seed.
///
/// Example: `auto rng = make_stream(Stream::ORDER_ARRIVALS, day, seed);`
[[nodiscard]] Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t run_seed);

/// A generator for one purpose, agent and sub-agent (a rider's day, say): the same pair gives the
/// same stream whatever the horizon.
[[nodiscard]] Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t sub_id, std::uint64_t run_seed);

/// How many streams make_streams seeds side by side: callers gain by asking for this many at once.
inline constexpr std::size_t kStreamsSideBySide = 32;

/// The streams of several agents for one purpose and sub-agent: out[j] is
/// make_stream(purpose, agent_ids[j], sub_id, run_seed), seeded side by side (a seeding is a chain
/// of 1,248 steps that each wait for the one before, so one alone leaves the processor mostly
/// idle). `out` has at least as many engines as there are agents.
void make_streams(Stream purpose, std::span<const std::uint64_t> agent_ids, std::uint64_t sub_id,
                  std::uint64_t run_seed, std::span<Engine> out);

/// A stateless uniform draw in [0, 1) for (purpose, agent, counter, seed), for decisions that
/// must not consume a shared stream (so that one agent's choice never shifts another's draws).
[[nodiscard]] double hashed_uniform(Stream purpose, std::uint64_t agent_id, std::uint64_t counter,
                                    std::uint64_t run_seed);

}  // namespace ridersim
