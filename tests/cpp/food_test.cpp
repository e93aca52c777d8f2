// Where food orders come from: a merchant within the delivery radius, drawn uniformly, with the
// customer where the scenario puts customers, in a city of any size.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numbers>

#include "helpers.hpp"
#include "ridersim/engine.hpp"
#include "trades/food/merchants_nearby.hpp"

using namespace ridersim;
using ridersim::trades::food::MerchantsNearby;

TEST_CASE("food: a merchant is drawn uniformly among those within the radius, and only among them") {
  // five merchants within 1 km of the customer at (5000, 5000), and many just beyond it
  std::vector<Point> merchants{{5300, 5000}, {5000, 4400}, {4200, 5100}, {5500, 5500}, {5000, 5990}};
  for (int k = 0; k < 200; ++k) {
    const double a = 2.0 * std::numbers::pi * k / 200.0;
    merchants.push_back({5000 + 1100 * std::cos(a), 5000 + 1100 * std::sin(a)});
  }
  const MerchantsNearby nearby(merchants, 10000, 10000, 1000);
  Engine rng = make_stream(Stream::ORDER_ARRIVALS, 0, 1);
  std::map<std::int32_t, int> drawn;
  const int n = 50000;
  for (int i = 0; i < n; ++i) drawn[nearby.draw({5000, 5000}, rng)] += 1;
  REQUIRE(drawn.size() == 5);
  for (const auto& [m, count] : drawn) {
    CHECK(m < 5);
    // binomial(50000, 1/5): sd 89
    CHECK(std::abs(count - n / 5) < 450);
  }
  CHECK(nearby.draw({100, 100}, rng) == -1);  // an empty corner of the city
}

TEST_CASE("food: one merchant within reach among hundreds in the same cells is found, and none is none") {
  std::vector<Point> merchants{{500, 500}, {1900, 100}, {100, 1900}};
  for (int k = 0; k < 300; ++k) merchants.push_back({1950, 1950});
  const MerchantsNearby nearby(merchants, 10000, 10000, 1000);
  Engine rng = make_stream(Stream::ORDER_ARRIVALS, 0, 2);
  for (int i = 0; i < 200; ++i) REQUIRE(nearby.draw({600, 600}, rng) == 0);
  CHECK(nearby.draw({2900, 2900}, rng) == -1);  // merchants in the cells around, none within 1 km
  CHECK(nearby.draw({3500, 3500}, rng) == -1);  // no merchant in the cells around
}

TEST_CASE("food: in a large city every customer orders within the radius, where the scenario puts customers") {
  // 40 x 40 km with 200 merchants spread evenly: a merchant drawn from the whole city is within
  // 2.8 km of a customer one time in 65; every customer lives around one neighbourhood
  nlohmann::json spec = test::small_city();
  spec["world"]["area"] = {{"width_km", 40}, {"height_km", 40}};
  spec["world"]["hotspots"] = {{{"name", "homes"}, {"kind", "residential"}, {"x_km", 20}, {"y_km", 20}, {"radius_km", 2}}};
  spec["demand"]["merchants"] = {{"count", 200}, {"share_in_clusters", 0}};
  spec["demand"]["customers"] = {{"share_in_residential", 1}};
  spec["demand"]["delivery_radius_km"] = 2.8;
  const Results r = run(compile(spec), 4);
  const OrderColumns& o = r.orders;
  REQUIRE(o.size() > 200);
  std::size_t far = 0;
  for (std::size_t k = 0; k < o.size(); ++k) {
    CHECK(std::hypot(o.pickup_x_m[k] - o.dropoff_x_m[k], o.pickup_y_m[k] - o.dropoff_y_m[k]) <= 2800.0);
    // 5 standard deviations from the neighbourhood's centre: a chance of 4e-6 for each customer
    far += std::hypot(o.dropoff_x_m[k] - 20000.0, o.dropoff_y_m[k] - 20000.0) > 10000.0 ? 1 : 0;
  }
  CHECK(far == 0);
}
