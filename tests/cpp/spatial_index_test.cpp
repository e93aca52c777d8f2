#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>

#include "ridersim/spatial_index.hpp"

using namespace ridersim;

TEST_CASE("grid index: nearest equals a brute-force scan") {
  boost::random::mt19937_64 rng(7);
  boost::random::uniform_real_distribution<double> coord(0.0, 5000.0);
  GridIndex grid(5000, 5000, 400);
  std::vector<Point> points(300);
  std::vector<bool> present(points.size(), false);
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {coord(rng), coord(rng)};
    grid.insert(static_cast<std::int32_t>(i), points[i]);
    present[i] = true;
  }
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
    std::vector<Neighbour> expected;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double d = distance_m(p, points[i]);
      if (present[i] && d <= radius) expected.push_back({static_cast<std::int32_t>(i), d});
    }
    std::sort(expected.begin(), expected.end(), [](const Neighbour& a, const Neighbour& b) {
      return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.id < b.id);
    });
    if (static_cast<int>(expected.size()) > k) expected.resize(k);
    REQUIRE(got.size() == expected.size());
    for (std::size_t j = 0; j < got.size(); ++j) CHECK(got[j].id == expected[j].id);
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
  // ~60 points a cell, most of them beyond the few a cell keeps inline
  boost::random::mt19937_64 rng(11);
  boost::random::uniform_real_distribution<double> coord(0.0, 1200.0);
  GridIndex grid(1200, 1200, 400);
  std::vector<Point> points(540);
  std::vector<bool> present(points.size(), false);
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {coord(rng), coord(rng)};
    grid.insert(static_cast<std::int32_t>(i), points[i]);
    present[i] = true;
  }
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
      std::vector<Neighbour> expected;
      for (std::size_t i = 0; i < points.size(); ++i) {
        if (present[i]) expected.push_back({static_cast<std::int32_t>(i), distance_m(p, points[i])});
      }
      std::sort(expected.begin(), expected.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.id < b.id);
      });
      expected.resize(static_cast<std::size_t>(k));
      REQUIRE(got.size() == expected.size());
      for (std::size_t j = 0; j < got.size(); ++j) CHECK(got[j].id == expected[j].id);
    }
  }
  grid.clear();
  CHECK(grid.size() == 0);
  std::vector<Neighbour> none;
  grid.nearest({600, 600}, 3, 1e9, none);
  CHECK(none.empty());
}
