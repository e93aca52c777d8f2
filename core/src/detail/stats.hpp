#pragma once
// Summary statistics of result columns: NaN for no data.

#include <algorithm>
#include <cmath>
#include <cstddef>
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

/// The p-th percentile by linear interpolation between order statistics (numpy's default). It
/// selects the two order statistics it needs rather than sorting (a summary takes several).
[[nodiscard]] inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), at, values.end());
  // the next order statistic is the least of those after it
  const double next = lo + 1 < values.size() ? *std::min_element(at + 1, values.end()) : *at;
  return *at + (rank - static_cast<double>(lo)) * (next - *at);
}

}  // namespace ridersim::detail
