#include <catch2/catch.hpp>
#include <cmath>

#include "ridersim/promise.hpp"

using namespace ridersim;

TEST_CASE("promise: the median plus the buffer") {
  PromiseRules p;
  p.quantile = 0.5;
  p.prediction_log_sd = 0.25;
  p.buffer_min = 8;
  CHECK(promised_duration_s(1800, p) == 1800 + 480);
}

TEST_CASE("promise: a low quantile is stricter and a high one looser") {
  PromiseRules p;
  p.prediction_log_sd = 0.25;
  p.buffer_min = 0;
  p.quantile = 0.2;
  // z(0.2) = -0.84162: 1800 x exp(-0.21041) = 1458.46; z(0.8) gives 2221.52
  CHECK(promised_duration_s(1800, p) == 1458);
  p.quantile = 0.8;
  CHECK(promised_duration_s(1800, p) == 2222);
}

TEST_CASE("promise: predicted median by hand") {
  Demand demand;
  demand.prep_mean_s = 570;  // 9.5 min
  World world;
  world.pickup_service_s = 120;
  world.dropoff_service_s = 180;
  world.travel.congestion_by_hour.fill(1.0);
  world.travel.congestion_by_hour[18] = 1.2;
  PromiseRules p;
  p.pickup_allowance_min = 15;
  p.assumed_speed_kmh = 12;
  // 900 s allowance (> prep) + 300 s service + 2400 m at 12 km/h = 720 s, x 1.2 at 18h
  CHECK(predicted_median_s(2400, 18 * 3600 + 60, demand, world, p) == Approx(900 + 300 + 864));
  p.pickup_allowance_min = 5;  // now the preparation is longer than the allowance
  CHECK(predicted_median_s(2400, 10 * 3600, demand, world, p) == Approx(570 + 300 + 720));
}

TEST_CASE("promise: adjusted for the weather by hand") {
  Demand demand;
  demand.prep_mean_s = 570;
  World world;
  world.pickup_service_s = 120;
  world.dropoff_service_s = 180;
  world.travel.congestion_by_hour.fill(1.0);
  WeatherPeriod rain;
  rain.start_s = 11 * 3600;
  rain.end_s = 14 * 3600;
  rain.travel_time_factor = 1.5;
  world.weather.push_back(rain);
  PromiseRules p;
  p.pickup_allowance_min = 15;
  p.assumed_speed_kmh = 12;
  // unaware: 900 s allowance + 300 s service + 720 s leg, rain or not
  CHECK(predicted_median_s(2400, 12 * 3600, demand, world, p) == Approx(900 + 300 + 720));
  p.weather_aware = true;
  // in the rain the allowance and the leg are 1.5 times as long; the service is not
  CHECK(predicted_median_s(2400, 12 * 3600, demand, world, p) == Approx(1350 + 300 + 1080));
  CHECK(predicted_median_s(2400, 15 * 3600, demand, world, p) == Approx(900 + 300 + 720));
}
