#pragma once
// Points in metres on the flat service area.

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

}  // namespace ridersim
