#include "ridersim/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ridersim {

GridIndex::GridIndex(double width_m, double height_m, double cell_m)
    : cell_m_(cell_m),
      nx_(std::max(1, static_cast<int>(std::ceil(width_m / cell_m)))),
      ny_(std::max(1, static_cast<int>(std::ceil(height_m / cell_m)))),
      cells_(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_)),
      listed_(cells_.size(), 0) {}

void GridIndex::insert(std::int32_t id, Point p) {
  if (static_cast<std::size_t>(id) >= cell_of_.size()) {
    const std::size_t n = std::max<std::size_t>(static_cast<std::size_t>(id) + 1, cell_of_.size() * 2);
    cell_of_.resize(n, -1);
    slot_of_.resize(n, -1);
  }
  if (cell_of_[id] >= 0) remove(id);
  const std::int32_t cell = cell_y(p.y_m) * nx_ + cell_x(p.x_m);
  auto& members = cells_[cell];
  if (!listed_[cell]) {
    listed_[cell] = 1;
    occupied_.push_back(cell);
  }
  cell_of_[id] = cell;
  slot_of_[id] = static_cast<std::int32_t>(members.size());
  members.push_back({id, p});
  ++size_;
}

void GridIndex::remove(std::int32_t id) {
  if (!contains(id)) return;
  auto& members = cells_[cell_of_[id]];
  // swap-remove keeps removal O(1); order inside a cell does not matter (queries sort)
  const Member moved = members.back();
  members[slot_of_[id]] = moved;
  slot_of_[moved.id] = slot_of_[id];
  members.pop_back();
  cell_of_[id] = -1;
  slot_of_[id] = -1;
  --size_;
}

void GridIndex::clear() {
  for (std::int32_t cell : occupied_) {
    for (const Member& m : cells_[cell]) {
      cell_of_[m.id] = -1;
      slot_of_[m.id] = -1;
    }
    cells_[cell].clear();
    listed_[cell] = 0;
  }
  occupied_.clear();
  size_ = 0;
}

namespace {

bool closer(const Neighbour& a, const Neighbour& b) {
  return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.id < b.id);
}

// What a search keeps: the k nearest so far by (squared distance, id), among the points within
// reach that `accept` accepts. One for k = 1 (the nearest idle worker, once per job placed), held
// in registers; one for more, a heap with the farthest on top.
struct KeepNearest {
  double max_m2;
  const std::function<bool(std::int32_t)>& accept;
  Neighbour best{-1, std::numeric_limits<double>::infinity()};

  [[nodiscard]] bool full() const { return best.id >= 0; }
  [[nodiscard]] double farthest_m2() const { return best.distance_m; }
  void consider(std::int32_t id, double d2) {
    if (closer({id, d2}, best) && d2 <= max_m2 && (!accept || accept(id))) best = {id, d2};
  }
  void into(std::vector<Neighbour>& out) const {
    if (best.id >= 0) out.push_back(best);
  }
};

struct KeepNearestK {
  double max_m2;
  const std::function<bool(std::int32_t)>& accept;
  std::size_t k;
  std::vector<Neighbour>& heap;

  [[nodiscard]] bool full() const { return heap.size() == k; }
  [[nodiscard]] double farthest_m2() const { return heap.front().distance_m; }
  void consider(std::int32_t id, double d2) {
    const Neighbour candidate{id, d2};
    if (d2 > max_m2 || (full() && !closer(candidate, heap.front())) || (accept && !accept(id))) return;
    if (heap.size() == k) {
      std::pop_heap(heap.begin(), heap.end(), closer);
      heap.pop_back();
    }
    heap.push_back(candidate);
    std::push_heap(heap.begin(), heap.end(), closer);
  }
  void sort() const { std::sort_heap(heap.begin(), heap.end(), closer); }
};

}  // namespace

template <typename Keep>
void GridIndex::search(Point p, double max_m, Keep& keep) const {
  const auto scan = [&](std::size_t cell) {
    visited_ += 1 + static_cast<std::int64_t>(cells_[cell].size());
    for (const Member& m : cells_[cell]) keep.consider(m.id, squared_distance_m2(p, m.at));
  };
  const int cx = cell_x(p.x_m);
  const int cy = cell_y(p.y_m);
  const int max_ring = std::max(nx_, ny_);
  // how far p is from the edge of its own cell: the rings inside a ring make a square that far
  // beyond p's cell on every side, and nothing in the ring is closer than that square's edge
  const double to_edge_m = std::max(0.0, std::min({p.x_m - cx * cell_m_, (cx + 1) * cell_m_ - p.x_m,
                                                   p.y_m - cy * cell_m_, (cy + 1) * cell_m_ - p.y_m}));
  const auto at = [this](int gx, int gy) { return static_cast<std::size_t>(gy * nx_ + gx); };
  scan(at(cx, cy));
  for (int ring = 1; ring <= max_ring; ++ring) {
    const double ring_min_m = (ring - 1) * cell_m_ + to_edge_m;
    if (ring_min_m > max_m) break;
    if (keep.full() && ring_min_m > 0 && ring_min_m * ring_min_m > keep.farthest_m2()) break;
    // the ring's bottom and top rows, then its two sides between them
    const int x_low = std::max(cx - ring, 0);
    const int x_high = std::min(cx + ring, nx_ - 1);
    for (const int gy : {cy - ring, cy + ring}) {
      if (gy < 0 || gy >= ny_) continue;
      for (int gx = x_low; gx <= x_high; ++gx) scan(at(gx, gy));
    }
    for (int gy = std::max(cy - ring + 1, 0); gy <= std::min(cy + ring - 1, ny_ - 1); ++gy) {
      if (cx - ring >= 0) scan(at(cx - ring, gy));
      if (cx + ring < nx_) scan(at(cx + ring, gy));
    }
  }
}

void GridIndex::nearest(Point p, int k, double max_m, std::vector<Neighbour>& out,
                        const std::function<bool(std::int32_t)>& accept) const {
  out.clear();
  if (k <= 0 || size_ == 0) return;
  // the search compares squared distances (no root per candidate); the k kept get their root at the end
  const double max_m2 = max_m * max_m;
  if (k == 1) {
    KeepNearest keep{max_m2, accept};
    search(p, max_m, keep);
    keep.into(out);
  } else {
    KeepNearestK keep{max_m2, accept, static_cast<std::size_t>(k), out};  // a heap in out itself
    search(p, max_m, keep);
    keep.sort();
  }
  for (Neighbour& n : out) n.distance_m = std::sqrt(n.distance_m);
}

}  // namespace ridersim
