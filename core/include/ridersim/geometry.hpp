#pragma once
// Points in metres on the flat service area.

#include <cmath>

namespace ridersim {

struct Point {
  double x_m = 0.0;
  double y_m = 0.0;
};

[[nodiscard]] inline double distance_m(Point a, Point b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

}  // namespace ridersim
