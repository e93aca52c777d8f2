#pragma once
// The 64-bit Mersenne Twister, draw for draw boost::random::mt19937_64 (a test compares them),
// but renewing its state one word at each draw, where boost renews all 312 words at the first
// draw after every 312. A run's streams are mostly short (a worker's day takes three draws from a
// stream of its own), and for them renewing the whole state was most of the cost of a draw.
//
// Renewing word j reads word j + 1, not yet renewed, and word j + 156 (mod 312), renewed this
// round once j + 156 wraps: the order boost's loop over the state reads them in, so the words
// come out the same.

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace ridersim {

class MersenneTwister64 {
 public:
  using result_type = std::uint64_t;
  static constexpr std::size_t state_size = 312;
  static constexpr std::size_t word_size = 64;

  /// Seeded as boost's engine is by default (5489).
  MersenneTwister64() {
    x_[0] = 5489;
    for (std::size_t j = 1; j < state_size; ++j) x_[j] = 6364136223846793005ULL * (x_[j - 1] ^ (x_[j - 1] >> 62)) + j;
    normalise();
  }

  /// Seeded from a seed sequence, as boost's engine is: 624 32-bit words, two to a state word.
  template <typename SeedSeq>
  explicit MersenneTwister64(SeedSeq& seq) {
    std::array<std::uint32_t, 2 * state_size> words{};
    seq.generate(words.data(), words.data() + words.size());
    seed(words.begin(), words.end());
  }

  /// Seeded from 624 32-bit words (the low half of each state word first), as boost's seed(first, last).
  template <typename It>
  void seed(It first, It last) {
    for (std::uint64_t& word : x_) {
      if (first == last) throw std::invalid_argument("MersenneTwister64: fewer than 624 words to seed from");
      const std::uint64_t low = *first++;
      if (first == last) throw std::invalid_argument("MersenneTwister64: fewer than 624 words to seed from");
      word = low | std::uint64_t{*first++} << 32;
    }
    next_ = 0;
    normalise();
  }

  /// Seeding in two steps, for a caller that seeds many engines side by side (make_streams): write
  /// the 312 state words (each the pair of 32-bit words seed(first, last) would join), then seeded().
  std::uint64_t* state_words() { return x_.data(); }
  void seeded() {
    next_ = 0;
    normalise();
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    const std::size_t j = next_;
    next_ = j + 1 == state_size ? 0 : j + 1;
    const std::uint64_t after = x_[next_];
    const std::uint64_t y = (x_[j] & kUpper) | (after & kLower);
    const std::size_t far = j < state_size - kShift ? j + kShift : j + kShift - state_size;
    std::uint64_t z = x_[far] ^ (y >> 1) ^ ((after & 1) * kMatrix);
    x_[j] = z;
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71D67FFFEDA60000ULL;
    z ^= (z << 37) & 0xFFF7EEE000000000ULL;
    return z ^ (z >> 43);
  }

  friend bool operator==(const MersenneTwister64&, const MersenneTwister64&) = default;

 private:
  static constexpr std::size_t kShift = 156;
  static constexpr std::uint64_t kMatrix = 0xB5026F5AA96619E9ULL;
  static constexpr std::uint64_t kUpper = ~std::uint64_t{0} << 31;
  static constexpr std::uint64_t kLower = ~kUpper;

  // boost's normalize_state, after every seeding: the first word's low bits are redundant and are
  // set from the words that determine them, and a state of all zeros would stay zero
  void normalise() {
    std::uint64_t y0 = x_[kShift - 1] ^ x_[state_size - 1];
    y0 = (y0 & (std::uint64_t{1} << 63)) ? ((y0 ^ kMatrix) << 1) | 1 : y0 << 1;
    x_[0] = (x_[0] & kUpper) | (y0 & kLower);
    for (const std::uint64_t word : x_) {
      if (word != 0) return;
    }
    x_[0] = std::uint64_t{1} << 63;
  }

  std::array<std::uint64_t, state_size> x_{};
  std::size_t next_ = 0;  // the word renewed and given out by the next draw
};

}  // namespace ridersim
