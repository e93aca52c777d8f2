#include "ridersim/promise.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "ridersim/travel.hpp"

namespace ridersim {

double predicted_median_s(double route_distance_m, std::int32_t placed_s, const Demand& demand, const World& world,
                          const PromiseRules& promise) {
  const TravelModel& travel = world.travel;
  const double service_s = world.pickup_service_s + world.dropoff_service_s;
  // a weather-aware prediction slows the travel it allows for as the weather slows the worker
  const WeatherPeriod* weather = promise.weather_aware ? world.weather_at(placed_s) : nullptr;
  const double slower = weather ? weather->travel_time_factor : 1.0;
  const double before_pickup_s = std::max(demand.prep_mean_s, promise.pickup_allowance_min * 60.0 * slower);
  const double speed_mps = promise.assumed_speed_kmh / 3.6;
  const double leg_s = route_distance_m / speed_mps * travel.congestion_by_hour[hour_of_day(placed_s)] * slower;
  return before_pickup_s + leg_s + service_s;
}

std::int32_t promised_duration_s(double predicted_median_s, const PromiseRules& promise) {
  if (promise.fixed_min > 0.0) return static_cast<std::int32_t>(std::lround((promise.fixed_min + promise.window_min) * 60.0));
  const boost::math::normal_distribution<double> standard;
  const double z = boost::math::quantile(standard, promise.quantile);
  const double seconds =
      predicted_median_s * std::exp(promise.prediction_log_sd * z) + (promise.buffer_min + promise.window_min) * 60.0;
  // a promise is never more than a week away (and so never wraps around in whole seconds)
  return static_cast<std::int32_t>(std::lround(std::min(seconds, 7.0 * 86400.0)));
}

}  // namespace ridersim
