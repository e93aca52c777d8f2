#pragma once
// Points in metres on the flat service area.

#include <algorithm>
#include <cmath>

namespace ridersim {

struct Point {
  double x_m = 0.0;
  double y_m = 0.0;
};

/// Squared distance: for comparisons inside searches, where the root is not needed.
[[nodiscard]] inline double squared_distance_m2(Point a, Point b) {
  const double dx = a.x_m - b.x_m;
  const double dy = a.y_m - b.y_m;
  return dx * dx + dy * dy;
}

// sqrt of the sum, not std::hypot: distances on a city's area cannot overflow, and hypot's care
// for that costs several times as much
[[nodiscard]] inline double distance_m(Point a, Point b) { return std::sqrt(squared_distance_m2(a, b)); }

/// The cell of coordinate v on a grid of n cells of cell_m from 0; beyond either end, the end
/// cell. The cast truncates towards 0, not down as floor would, but only below 0, where both
/// clamp to cell 0 (and a cast is an instruction, floor a call).
[[nodiscard]] inline int grid_cell(double v, double cell_m, int n) {
  return std::clamp(static_cast<int>(v / cell_m), 0, n - 1);
}

}  // namespace ridersim
