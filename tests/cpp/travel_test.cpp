#include <catch2/catch.hpp>

#include "ridersim/travel.hpp"

using namespace ridersim;

TEST_CASE("travel: time by hand") {
  TravelModel travel;
  travel.detour_factor = 1.25;
  travel.speed_mps[static_cast<std::size_t>(Vehicle::EBIKE)] = 15.0 / 3.6;
  travel.congestion_by_hour.fill(1.0);
  travel.congestion_by_hour[12] = 1.2;
  // 2 km straight x 1.25 = 2.5 km at 15 km/h = 600 s; x 1.2 at noon = 720 s
  const Point a{0, 0};
  const Point b{1200, 1600};
  CHECK(road_distance_m(travel, a, b) == Approx(2500.0));
  CHECK(travel_time_s(travel, Vehicle::EBIKE, a, b, 12 * 3600 + 5) == 720);
  CHECK(travel_time_s(travel, Vehicle::EBIKE, a, b, 9 * 3600) == 600);
  // the hour of day repeats every day
  CHECK(travel_time_s(travel, Vehicle::EBIKE, a, b, kSecondsPerDay + 12 * 3600) == 720);
  // a metre still takes a whole second; no distance takes none
  CHECK(travel_time_s(travel, Vehicle::EBIKE, a, {0.5, 0}, 0) == 1);
  CHECK(travel_time_s(travel, Vehicle::EBIKE, a, a, 0) == 0);
}
