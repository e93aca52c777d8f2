#include "ridersim/spatial_index.hpp"

#include <algorithm>
#include <cmath>

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

void GridIndex::nearest(Point p, int k, double max_m, std::vector<Neighbour>& out,
                        const std::function<bool(std::int32_t)>& accept) const {
  out.clear();
  if (k <= 0 || size_ == 0) return;
  // the search compares squared distances (no root per candidate); the k kept get their root at the end
  const auto closer = [](const Neighbour& a, const Neighbour& b) {
    return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.id < b.id);
  };
  const double max_m2 = max_m * max_m;
  const int cx = cell_x(p.x_m);
  const int cy = cell_y(p.y_m);
  const int max_ring = std::max(nx_, ny_);
  // how far p is from the edge of its own cell: the rings inside a ring make a square that far
  // beyond p's cell on every side, and nothing in the ring is closer than that square's edge
  const double to_edge_m = std::max(0.0, std::min({p.x_m - cx * cell_m_, (cx + 1) * cell_m_ - p.x_m,
                                                   p.y_m - cy * cell_m_, (cy + 1) * cell_m_ - p.y_m}));
  for (int ring = 0; ring <= max_ring; ++ring) {
    const double ring_min_m = ring == 0 ? 0.0 : (ring - 1) * cell_m_ + to_edge_m;
    if (ring_min_m > max_m) break;
    if (static_cast<int>(out.size()) == k && ring_min_m > 0 && ring_min_m * ring_min_m > out.front().distance_m) break;
    for (int gy = cy - ring; gy <= cy + ring; ++gy) {
      if (gy < 0 || gy >= ny_) continue;
      const bool edge_row = gy == cy - ring || gy == cy + ring;
      for (int gx = cx - ring; gx <= cx + ring; gx += (edge_row ? 1 : 2 * ring)) {
        if (gx >= 0 && gx < nx_) {
          for (const Member& m : cells_[gy * nx_ + gx]) {
            const std::int32_t id = m.id;
            const Neighbour candidate{id, squared_distance_m2(p, m.at)};
            if (candidate.distance_m > max_m2) continue;
            if (static_cast<int>(out.size()) == k && !closer(candidate, out.front())) continue;
            if (accept && !accept(id)) continue;
            if (static_cast<int>(out.size()) < k) {
              out.push_back(candidate);
              std::push_heap(out.begin(), out.end(), closer);
            } else {
              std::pop_heap(out.begin(), out.end(), closer);
              out.back() = candidate;
              std::push_heap(out.begin(), out.end(), closer);
            }
          }
        }
        if (ring == 0) break;
      }
    }
  }
  std::sort_heap(out.begin(), out.end(), closer);
  for (Neighbour& n : out) n.distance_m = std::sqrt(n.distance_m);
}

}  // namespace ridersim
