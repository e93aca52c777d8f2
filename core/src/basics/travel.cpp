#include "ridersim/travel.hpp"

#include <cmath>

namespace ridersim {

std::int32_t travel_time_for_s(const TravelModel& travel, Vehicle vehicle, double straight_m, std::int32_t depart_s) {
  if (travel.mode == TravelMode::WHOLE_MINUTES) {
    return 60 * static_cast<std::int32_t>(std::ceil(straight_m / travel.meters_per_minute - 1e-9));
  }
  const double speed = travel.speed_mps[static_cast<std::size_t>(vehicle)];
  const double seconds = straight_m * travel.detour_factor / speed * travel.congestion_by_hour[hour_of_day(depart_s)];
  // a small tolerance keeps exact products (720.0000000001) from rounding up a second
  return static_cast<std::int32_t>(std::ceil(seconds - 1e-9));
}

std::int32_t travel_time_s(const TravelModel& travel, Vehicle vehicle, Point a, Point b, std::int32_t depart_s) {
  return travel_time_for_s(travel, vehicle, distance_m(a, b), depart_s);
}

// a weather period slows every leg that starts inside it
std::int32_t legal_travel_for_s(const Scenario& sc, Vehicle vehicle, double straight_m, std::int32_t depart_s) {
  const std::int32_t t = travel_time_for_s(sc.world.travel, vehicle, straight_m, depart_s);
  if (sc.world.weather.empty()) return t;
  const WeatherPeriod* weather = sc.world.weather_at(depart_s);
  return weather ? static_cast<std::int32_t>(std::ceil(t * weather->travel_time_factor - 1e-9)) : t;
}

std::int32_t legal_travel_s(const Scenario& sc, Vehicle vehicle, Point from, Point to, std::int32_t depart_s) {
  return legal_travel_for_s(sc, vehicle, distance_m(from, to), depart_s);
}

}  // namespace ridersim
