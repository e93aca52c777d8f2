#pragma once
// Money is an integer number of fen (1/100 yuan; cents for dollar scenarios) end to end.

#include <cmath>
#include <cstdint>

namespace ridersim {

using Fen = std::int64_t;

/// Converts a scenario amount in yuan to fen, rounding half away from zero.
[[nodiscard]] inline Fen yuan_to_fen(double yuan) { return static_cast<Fen>(std::llround(yuan * 100.0)); }

/// Converts fen to yuan for reporting only; never compute money in yuan.
[[nodiscard]] inline double fen_to_yuan(Fen fen) { return static_cast<double>(fen) / 100.0; }

/// A share of an amount, rounded half away from zero to the fen.
///
/// Example: `share_of(4550, 0.2) == 910`.
[[nodiscard]] inline Fen share_of(Fen amount, double share) {
  return static_cast<Fen>(std::llround(static_cast<double>(amount) * share));
}

}  // namespace ridersim
