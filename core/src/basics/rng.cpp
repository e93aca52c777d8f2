#include "ridersim/rng.hpp"

#include <algorithm>

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

template <std::size_t S>
void StreamSeed<S>::generate(std::uint32_t* first, std::uint32_t* last) const {
  // boost::random::seed_seq::generate, step for step, with its indices (k % n, (k + p) % n, ...)
  // kept as counters that wrap instead of a division each: a stream is seeded for every
  // worker-day, and the divisions were most of it
  const std::size_t n = static_cast<std::size_t>(last - first);
  std::fill(first, last, 0x8b8b8b8bu);
  if (n == 0) return;
  const std::size_t s = S;
  const std::size_t t = (n >= 623) ? 11 : (n >= 68) ? 7 : (n >= 39) ? 5 : (n >= 7) ? 3 : (n - 1) / 2;
  const std::size_t p = (n - t) / 2;
  const std::size_t q = p + t;
  const std::size_t m = std::max(s + 1, n);
  // first[k + n - 1] is always the value the step before wrote at its own index: it is carried in
  // `before` rather than read back from memory, which the next step would have to wait for
  std::size_t i = 0, ip = p % n, iq = q % n;  // k, k + p, k + q, all mod n
  std::uint32_t before = first[n - 1];
  const auto step = [n](std::size_t& index) { index = index + 1 == n ? 0 : index + 1; };
  for (std::size_t k = 0; k < m; ++k) {
    std::uint32_t r1 = first[i] ^ first[ip] ^ before;
    r1 = (r1 ^ (r1 >> 27)) * 1664525u;
    const std::size_t add = k == 0 ? s : k <= s ? i + v_[k - 1] : i;
    const std::uint32_t r2 = r1 + static_cast<std::uint32_t>(add);
    first[ip] += r1;
    first[iq] += r2;
    first[i] = r2;
    before = r2;
    step(i), step(ip), step(iq);
  }
  for (std::size_t k = m; k < m + n; ++k) {
    std::uint32_t r3 = first[i] + first[ip] + before;
    r3 = (r3 ^ (r3 >> 27)) * 1566083941u;
    const std::uint32_t r4 = r3 - static_cast<std::uint32_t>(i);
    first[ip] ^= r3;
    first[iq] ^= r4;
    first[i] = r4;
    before = r4;
    step(i), step(ip), step(iq);
  }
}

template class StreamSeed<5>;
template class StreamSeed<7>;

Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t run_seed) {
  // the varying ids come before the run seed, as numpy's SeedSequence advises
  StreamSeed<5> seq({static_cast<std::uint32_t>(purpose), lo(agent_id), hi(agent_id), lo(run_seed), hi(run_seed)});
  return Engine(seq);
}

Engine make_stream(Stream purpose, std::uint64_t agent_id, std::uint64_t sub_id, std::uint64_t run_seed) {
  StreamSeed<7> seq({static_cast<std::uint32_t>(purpose), lo(agent_id), hi(agent_id), lo(sub_id), hi(sub_id),
                     lo(run_seed), hi(run_seed)});
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
