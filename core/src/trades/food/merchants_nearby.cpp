#include "trades/food/merchants_nearby.hpp"

#include <algorithm>
#include <array>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <utility>

namespace ridersim::trades::food {

namespace {
// cells per side at most: a tiny radius over a large area would otherwise make millions of cells
constexpr double kMaxCellsPerSide = 512.0;
// proposals from the 3 x 3 cells before the candidates are listed (each lands within the radius
// with probability about pi / 9 where merchants are spread evenly)
constexpr int kProposals = 32;
}  // namespace

MerchantsNearby::MerchantsNearby(const std::vector<Point>& merchants, double width_m, double height_m, double radius_m)
    : merchants_(&merchants),
      radius_m_(radius_m),
      cell_m_(std::max({radius_m, width_m / kMaxCellsPerSide, height_m / kMaxCellsPerSide, 1.0})),
      nx_(std::max(1, static_cast<int>(std::ceil(width_m / cell_m_)))),
      ny_(std::max(1, static_cast<int>(std::ceil(height_m / cell_m_)))) {
  by_cell_ = detail::group_by(merchants.size(), static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_),
                              [&](std::size_t m) { return cell_y(merchants[m].y_m) * nx_ + cell_x(merchants[m].x_m); });
}

std::int32_t MerchantsNearby::draw(Point p, Engine& rng) const {
  // the 3 x 3 cells around p: one run of ids per row of cells
  const int cx = cell_x(p.x_m);
  const int cy = cell_y(p.y_m);
  std::array<std::pair<std::int32_t, std::int32_t>, 3> runs{};
  std::size_t n_runs = 0;
  std::int32_t total = 0;
  for (int gy = std::max(0, cy - 1); gy <= std::min(ny_ - 1, cy + 1); ++gy) {
    const std::int32_t from = by_cell_.first[static_cast<std::size_t>(gy * nx_ + std::max(0, cx - 1))];
    const std::int32_t to = by_cell_.first[static_cast<std::size_t>(gy * nx_ + std::min(nx_ - 1, cx + 1)) + 1];
    runs[n_runs++] = {from, to};
    total += to - from;
  }
  if (total == 0) return -1;
  const auto id_at = [&](std::int32_t k) {
    for (std::size_t r = 0; r < n_runs; ++r) {
      const std::int32_t length = runs[r].second - runs[r].first;
      if (k < length) return by_cell_.items[static_cast<std::size_t>(runs[r].first + k)];
      k -= length;
    }
    return std::int32_t{-1};  // not reached: k < total
  };
  const auto within = [&](std::int32_t m) { return distance_m((*merchants_)[static_cast<std::size_t>(m)], p) <= radius_m_; };
  // uniform proposals from the cells, kept when within the radius: uniform among those within it
  boost::random::uniform_int_distribution<std::int32_t> proposal(0, total - 1);
  for (int attempt = 0; attempt < kProposals; ++attempt) {
    const std::int32_t m = id_at(proposal(rng));
    if (within(m)) return m;
  }
  // few or none of the cells' merchants are within the radius: list them, and draw among them
  std::vector<std::int32_t> candidates;
  for (std::int32_t k = 0; k < total; ++k) {
    const std::int32_t m = id_at(k);
    if (within(m)) candidates.push_back(m);
  }
  if (candidates.empty()) return -1;
  boost::random::uniform_int_distribution<std::size_t> pick(0, candidates.size() - 1);
  return candidates[pick(rng)];
}

}  // namespace ridersim::trades::food
