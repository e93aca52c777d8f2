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

namespace {

// boost::random::seed_seq::generate, step for step, on words of type W: a std::uint32_t, or a
// vector of them that carries several sequences side by side (one per lane). Each step waits for
// the one before, so a sequence alone leaves the processor mostly idle; lanes fill it. Indices
// (k % n, (k + p) % n, ...) are counters that wrap instead of a division each.
template <typename W, std::size_t S>
[[gnu::always_inline]] inline void generate_words(const W* v, W* w, std::size_t n) {
  const W zero{};
  std::fill(w, w + n, zero + 0x8b8b8b8bu);
  if (n == 0) return;
  const std::size_t s = S;
  const std::size_t t = (n >= 623) ? 11 : (n >= 68) ? 7 : (n >= 39) ? 5 : (n >= 7) ? 3 : (n - 1) / 2;
  const std::size_t p = (n - t) / 2;
  const std::size_t q = p + t;
  const std::size_t m = std::max(s + 1, n);
  std::size_t i = 0, ip = p % n, iq = q % n;  // k, k + p, k + q, all mod n
  // w[k + n - 1] is always the word the step before wrote at its own index: it is carried in
  // `before` rather than read back from memory, which the next step would have to wait for
  W before = w[n - 1];
  const auto step = [n](std::size_t& index) { index = index + 1 == n ? 0 : index + 1; };
  for (std::size_t k = 0; k < m; ++k) {
    W r = w[i] ^ w[ip] ^ before;
    r = (r ^ (r >> 27)) * 1664525u;
    // the sequence's length first, then its values, then nothing, each plus k mod n
    const W add = k == 0 ? zero + static_cast<std::uint32_t>(s)
                         : (k <= s ? v[k - 1] : zero) + static_cast<std::uint32_t>(i);
    w[ip] += r;
    before = r + add;
    w[iq] += before;
    w[i] = before;
    step(i), step(ip), step(iq);
  }
  for (std::size_t k = m; k < m + n; ++k) {
    W r = w[i] + w[ip] + before;
    r = (r ^ (r >> 27)) * 1566083941u;
    w[ip] ^= r;
    before = r - static_cast<std::uint32_t>(i);
    w[iq] ^= before;
    w[i] = before;
    step(i), step(ip), step(iq);
  }
}

// eight sequences side by side in a vector (GCC's and Clang's vector extension), and four such
// vectors in a word: four independent chains of steps that the processor overlaps (a chain alone
// waits on each step's multiply: one chain took 0.36 us a stream, two 0.21, four 0.17)
constexpr std::size_t kLanes = 8;
constexpr std::size_t kChains = kStreamsSideBySide / kLanes;
static_assert(kStreamsSideBySide % kLanes == 0);
using Lanes = std::uint32_t __attribute__((vector_size(4 * kLanes)));
struct Chains {
  Lanes chain[kChains];
};

// generate_words' arithmetic on Chains, chain by chain (macros, not lambdas: everything must
// inline into the AVX2 version below)
#define RIDERSIM_CHAINS_OP(op, rhs_type, rhs)                                                        \
  [[gnu::always_inline]] inline Chains operator op(const Chains& a, rhs_type b) {                  \
    Chains out;                                                                                    \
    for (std::size_t c = 0; c < kChains; ++c) out.chain[c] = a.chain[c] op rhs;                    \
    return out;                                                                                    \
  }
RIDERSIM_CHAINS_OP(^, const Chains&, b.chain[c])
RIDERSIM_CHAINS_OP(+, const Chains&, b.chain[c])
RIDERSIM_CHAINS_OP(+, std::uint32_t, b)
RIDERSIM_CHAINS_OP(-, std::uint32_t, b)
RIDERSIM_CHAINS_OP(*, std::uint32_t, b)
RIDERSIM_CHAINS_OP(>>, int, b)
#undef RIDERSIM_CHAINS_OP
[[gnu::always_inline]] inline Chains& operator+=(Chains& a, const Chains& b) { return a = a + b; }
[[gnu::always_inline]] inline Chains& operator^=(Chains& a, const Chains& b) { return a = a ^ b; }

// the sequences, in AVX2 registers where the processor has them (the version is chosen when the
// library is loaded), in SSE2 registers where it has not. GCC aligns Lanes to 16 bytes without
// AVX and to 32 with it, so arrays of them are declared alignas(32).
__attribute__((target_clones("avx2", "default"))) void generate_chains(const Chains* v, Chains* w, std::size_t n) {
  generate_words<Chains, 7>(v, w, n);
}

// chain c's eight sequences of 624 words as eight engines' 312 state words, the low word of each
// pair first: each pair of vectors is read once and interleaved, rather than read word by word
__attribute__((target_clones("avx2", "default"))) void chain_to_states(const Chains* words, std::size_t c,
                                                                         std::uint64_t* const* states) {
  using Pairs = std::uint64_t __attribute__((vector_size(4 * kLanes)));
  for (std::size_t j = 0; j < MersenneTwister64::state_size; ++j) {
    const Lanes low = words[2 * j].chain[c];
    const Lanes high = words[2 * j + 1].chain[c];
    const auto first = reinterpret_cast<Pairs>(__builtin_shufflevector(low, high, 0, 8, 1, 9, 2, 10, 3, 11));
    const auto second = reinterpret_cast<Pairs>(__builtin_shufflevector(low, high, 4, 12, 5, 13, 6, 14, 7, 15));
    for (std::size_t l = 0; l < kLanes / 2; ++l) {
      states[l][j] = first[l];
      states[kLanes / 2 + l][j] = second[l];
    }
  }
}
static_assert(kLanes == 8, "chain_to_states interleaves eight lanes");

}  // namespace

template <std::size_t S>
void StreamSeed<S>::generate(std::uint32_t* first, std::uint32_t* last) const {
  generate_words<std::uint32_t, S>(v_.data(), first, static_cast<std::size_t>(last - first));
}

template class StreamSeed<5>;
template class StreamSeed<7>;

std::uint64_t salted_seed(std::uint64_t run_seed, std::uint64_t salt) {
  return salt == 0 ? run_seed : mix64(run_seed ^ mix64(salt ^ 0xa0761d6478bd642fULL));
}

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

void make_streams(Stream purpose, std::span<const std::uint64_t> agent_ids, std::uint64_t sub_id,
                  std::uint64_t run_seed, std::span<Engine> out) {
  alignas(32) Chains words[2 * Engine::state_size];
  Engine spare;  // where the lanes past the last agent go
  for (std::size_t first = 0; first < agent_ids.size(); first += kStreamsSideBySide) {
    const std::size_t count = std::min(kStreamsSideBySide, agent_ids.size() - first);
    alignas(32) Chains v[7];
    for (std::size_t l = 0; l < kStreamsSideBySide; ++l) {
      const std::uint64_t agent = agent_ids[first + std::min(l, count - 1)];  // spare lanes repeat the last
      const std::array<std::uint32_t, 7> one{static_cast<std::uint32_t>(purpose), lo(agent), hi(agent), lo(sub_id),
                                             hi(sub_id), lo(run_seed), hi(run_seed)};
      for (std::size_t j = 0; j < 7; ++j) v[j].chain[l / kLanes][l % kLanes] = one[j];
    }
    generate_chains(v, words, 2 * Engine::state_size);
    for (std::size_t c = 0; c * kLanes < count; ++c) {
      std::array<std::uint64_t*, kLanes> states{};
      for (std::size_t l = 0; l < kLanes; ++l) {
        const std::size_t lane = c * kLanes + l;
        states[l] = (lane < count ? out[first + lane] : spare).state_words();
      }
      chain_to_states(words, c, states.data());
      for (std::size_t l = 0; l < kLanes && c * kLanes + l < count; ++l) out[first + c * kLanes + l].seeded();
    }
  }
}

double hashed_uniform(Stream purpose, std::uint64_t agent_id, std::uint64_t counter, std::uint64_t run_seed) {
  std::uint64_t h = mix64(run_seed ^ 0x9e3779b97f4a7c15ULL);
  h = mix64(h ^ static_cast<std::uint64_t>(purpose));
  h = mix64(h ^ agent_id);
  h = mix64(h ^ counter);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

}  // namespace ridersim
