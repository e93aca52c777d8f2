#include "ridersim/rng.hpp"

#include <boost/random/seed_seq.hpp>

namespace ridersim {

namespace {
std::uint32_t lo(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xffffffffu); }
std::uint32_t hi(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }

// splitmix64 finaliser: a bijective mix with full avalanche
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t run_seed) {
  // the varying ids come before the run seed, as numpy's SeedSequence advises
  boost::random::seed_seq seq{static_cast<std::uint32_t>(purpose), lo(agent_id), hi(agent_id), lo(run_seed),
                              hi(run_seed)};
  return Engine(seq);
}

Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t sub_id, std::uint64_t run_seed) {
  boost::random::seed_seq seq{static_cast<std::uint32_t>(purpose), lo(agent_id), hi(agent_id), lo(sub_id), hi(sub_id),
                              lo(run_seed), hi(run_seed)};
  return Engine(seq);
}

double hashed_uniform(Stream purpose, std::uint64_t agent_id, std::uint64_t counter, std::uint64_t run_seed) {
  std::uint64_t h = mix64(run_seed ^ 0x9e3779b97f4a7c15ULL);
  h = mix64(h ^ static_cast<std::uint64_t>(purpose));
  h = mix64(h ^ agent_id);
  h = mix64(h ^ counter);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

}  // namespace ridersim
