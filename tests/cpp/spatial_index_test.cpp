#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>

#include "ridersim/spatial_index.hpp"

using namespace ridersim;

namespace {

using Coordinate = boost::random::uniform_real_distribution<double>;

// n points drawn uniformly and put in the grid, each with its place in the list as its id
std::vector<Point> scatter(GridIndex& grid, std::size_t n, boost::random::mt19937_64& rng, Coordinate& coord) {
  std::vector<Point> points(n);
  for (std::size_t i = 0; i < n; ++i) {
    points[i] = {coord(rng), coord(rng)};
    grid.insert(static_cast<std::int32_t>(i), points[i]);
  }
  return points;
}

// the ids of the k nearest present points within the radius, by a scan of them all (ties by id)
std::vector<std::int32_t> scanned(const std::vector<Point>& points, const std::vector<bool>& present, Point p, int k,
                                  double radius) {
  std::vector<Neighbour> near;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double d = distance_m(p, points[i]);
    if (present[i] && d <= radius) near.push_back({static_cast<std::int32_t>(i), d});
  }
  std::sort(near.begin(), near.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.id < b.id);
  });
  if (static_cast<int>(near.size()) > k) near.resize(static_cast<std::size_t>(k));
  std::vector<std::int32_t> ids;
  for (const Neighbour& n : near) ids.push_back(n.id);
  return ids;
}

}  // namespace

TEST_CASE("grid index: nearest equals a brute-force scan") {
  boost::random::mt19937_64 rng(7);
  Coordinate coord(0.0, 5000.0);
  GridIndex grid(5000, 5000, 400);
  const std::vector<Point> points = scatter(grid, 300, rng, coord);
  std::vector<bool> present(points.size(), true);
  for (std::size_t i = 0; i < points.size(); i += 3) {
    grid.remove(static_cast<std::int32_t>(i));
    present[i] = false;
  }
  CHECK(grid.size() == 200);
  std::vector<Neighbour> got;
  for (int q = 0; q < 200; ++q) {
    const Point p{coord(rng), coord(rng)};
    const int k = 1 + q % 9;
    const double radius = q % 2 ? 800.0 : 1e9;
    grid.nearest(p, k, radius, got);
    const std::vector<std::int32_t> expected = scanned(points, present, p, k, radius);
    REQUIRE(got.size() == expected.size());
    for (std::size_t j = 0; j < got.size(); ++j) CHECK(got[j].id == expected[j]);
  }
}

TEST_CASE("grid index: points on the border and outside are clamped into edge cells") {
  GridIndex grid(1000, 1000, 300);
  grid.insert(0, {1000, 1000});
  grid.insert(1, {-5, 2000});
  std::vector<Neighbour> got;
  grid.nearest({990, 990}, 2, 1e9, got);
  REQUIRE(got.size() == 2);
  CHECK(got[0].id == 0);
  grid.clear();
  CHECK(grid.size() == 0);
  grid.nearest({0, 0}, 3, 1e9, got);
  CHECK(got.empty());
}

TEST_CASE("grid index: crowded cells, points moved and removed, still equal a brute-force scan") {
  // ~60 points a cell
  boost::random::mt19937_64 rng(11);
  Coordinate coord(0.0, 1200.0);
  GridIndex grid(1200, 1200, 400);
  std::vector<Point> points = scatter(grid, 540, rng, coord);
  std::vector<bool> present(points.size(), true);
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = static_cast<std::size_t>(round); i < points.size(); i += 4) {
      if (round == 1) {
        points[i] = {coord(rng), coord(rng)};  // moved: inserted again elsewhere
        grid.insert(static_cast<std::int32_t>(i), points[i]);
        present[i] = true;
      } else {
        grid.remove(static_cast<std::int32_t>(i));
        present[i] = false;
      }
    }
    std::vector<Neighbour> got;
    for (int q = 0; q < 60; ++q) {
      const Point p{coord(rng), coord(rng)};
      const int k = 1 + q % 12;
      grid.nearest(p, k, 1e9, got);
      const std::vector<std::int32_t> expected = scanned(points, present, p, k, 1e9);
      REQUIRE(got.size() == expected.size());
      for (std::size_t j = 0; j < got.size(); ++j) CHECK(got[j].id == expected[j]);
    }
  }
  grid.clear();
  CHECK(grid.size() == 0);
  std::vector<Neighbour> none;
  grid.nearest({600, 600}, 3, 1e9, none);
  CHECK(none.empty());
}

TEST_CASE("grid index: nearest with a filter equals a brute-force scan of the points it accepts") {
  boost::random::mt19937_64 rng(11);
  Coordinate coord(0.0, 6000.0);
  GridIndex grid(6000, 6000, 500);
  const std::vector<Point> points = scatter(grid, 400, rng, coord);
  // accepted: ids not divisible by 3 (as a dispatcher accepts the workers whose vehicle fits)
  std::vector<bool> accepted(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) accepted[i] = i % 3 != 0;
  std::vector<Neighbour> got;
  for (int q = 0; q < 300; ++q) {
    const Point p{coord(rng), coord(rng)};
    const int k = 1 + q % 4;  // the nearest alone, and a few
    const double radius = q % 3 == 0 ? 700.0 : 1e9;
    grid.nearest(p, k, radius, got, [](std::int32_t id) { return id % 3 != 0; });
    const std::vector<std::int32_t> expected = scanned(points, accepted, p, k, radius);
    REQUIRE(got.size() == expected.size());
    for (std::size_t j = 0; j < got.size(); ++j) {
      CHECK(got[j].id == expected[j]);
      CHECK(got[j].distance_m == Approx(distance_m(p, points[static_cast<std::size_t>(expected[j])])));
    }
  }
}
