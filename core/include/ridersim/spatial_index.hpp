#pragma once
// A uniform grid over the service area for k-nearest queries (idle riders, waiting orders).

#include <cstdint>
#include <functional>
#include <vector>

#include "ridersim/geometry.hpp"

namespace ridersim {

/// Cell size of the grids over a service area (idle riders, waiting orders, candidates): about
/// a few minutes' ride, so a k-nearest query looks at a handful of cells.
inline constexpr double kGridCellM = 500.0;

struct Neighbour {
  std::int32_t id = -1;
  double distance_m = 0.0;
};

/// Points with dense integer ids in square cells; insert and remove are O(1).
///
/// Example:
///   GridIndex grid(8000, 8000, 500);
///   grid.insert(7, {1200, 300});
///   grid.nearest({1000, 0}, 3, 5000, out);   // out: up to 3 ids by (distance, id)
class GridIndex {
 public:
  GridIndex(double width_m, double height_m, double cell_m);

  void insert(std::int32_t id, Point p);
  void remove(std::int32_t id);
  [[nodiscard]] bool contains(std::int32_t id) const {
    return id >= 0 && static_cast<std::size_t>(id) < cell_of_.size() && cell_of_[id] >= 0;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  void clear();

  /// The up-to-k nearest ids within max_m of p, sorted by (distance, id), into `out` (cleared
  /// first); with `accept`, only ids it accepts count (the k nearest of those).
  void nearest(Point p, int k, double max_m, std::vector<Neighbour>& out,
               const std::function<bool(std::int32_t)>& accept = {}) const;
  /// The cells and points the queries have looked at since the index was made: their work (a
  /// search over a wide, empty radius looks at many cells for nothing).
  [[nodiscard]] std::int64_t visited() const { return visited_; }

 private:
  // visits the cells ring by ring outwards from p's, handing each point to keep.consider, until
  // keep is full and no closer point can remain (or the rings pass max_m)
  template <typename Keep>
  void search(Point p, double max_m, Keep& keep) const;
  [[nodiscard]] int cell_x(double x) const { return grid_cell(x, cell_m_, nx_); }
  [[nodiscard]] int cell_y(double y) const { return grid_cell(y, cell_m_, ny_); }

  double cell_m_;
  int nx_;
  int ny_;
  struct Member {
    std::int32_t id;
    Point at;  // kept beside the id: a query reads a cell front to back, without a lookup per id
  };
  std::vector<std::vector<Member>> cells_;        // the points in each cell           (nx x ny)
  std::vector<std::int32_t> cell_of_;             // cell of each id; -1: absent       (max id + 1)
  std::vector<std::int32_t> slot_of_;             // position of each id in its cell  (max id + 1)
  std::vector<std::int32_t> occupied_;            // cells that held an id since the last clear(), each once
  std::vector<char> listed_;                      // whether each cell is in occupied_  (nx x ny)
  std::size_t size_ = 0;
  mutable std::int64_t visited_ = 0;
};

}  // namespace ridersim
