#pragma once
// Merchants in square cells at least as wide as the delivery radius, so that the 3 x 3 cells
// around a customer hold every merchant within the radius: one is drawn uniformly among those,
// at any size of city (a merchant drawn from the whole city is rarely within reach of a customer
// in a large one).

#include <cstdint>
#include <vector>

#include "detail/buckets.hpp"
#include "ridersim/geometry.hpp"
#include "ridersim/rng.hpp"

namespace ridersim::trades::food {

class MerchantsNearby {
 public:
  MerchantsNearby(const std::vector<Point>& merchants, double width_m, double height_m, double radius_m);

  /// A merchant drawn uniformly among those within the radius of p; -1 if there is none.
  [[nodiscard]] std::int32_t draw(Point p, Engine& rng) const;

 private:
  [[nodiscard]] int cell_x(double x) const { return grid_cell(x, cell_m_, nx_); }
  [[nodiscard]] int cell_y(double y) const { return grid_cell(y, cell_m_, ny_); }

  const std::vector<Point>* merchants_;
  double radius_m_;
  double cell_m_;
  int nx_;
  int ny_;
  detail::Buckets by_cell_;  // the merchants by cell, row by row; by id within a cell
};

}  // namespace ridersim::trades::food
