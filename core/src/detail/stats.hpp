#pragma once
// Summary statistics of result columns: NaN for no data.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace ridersim::detail {

/// The mean, NaN for no values.
[[nodiscard]] inline double mean(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

/// The p-th percentile by linear interpolation between order statistics (numpy's default).
[[nodiscard]] inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (rank - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace ridersim::detail
