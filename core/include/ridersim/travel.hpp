#pragma once
// Travel on the service area: road distance = straight line x detour factor; time = road
// distance / vehicle speed x the congestion multiplier of the departure hour, in whole seconds.

#include <cstdint>

#include "ridersim/geometry.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

/// Hour of day (0-23) of an absolute time in seconds since the start of day 0.
[[nodiscard]] inline int hour_of_day(std::int32_t time_s) { return (time_s % kSecondsPerDay) / 3600; }

[[nodiscard]] inline double road_distance_m(const TravelModel& travel, Point a, Point b) {
  return distance_m(a, b) * travel.detour_factor;
}

/// Seconds to ride from a to b leaving at depart_s, rounded up (never 0 for a != b).
///
/// Example: 2 km straight, detour 1.25, 15 km/h, congestion 1.2 at that hour ->
/// ceil(2500 m / 4.1667 m/s x 1.2) = 720 s. In whole-minutes mode (the MDRPlib rule):
/// 60 x ceil(straight-line metres / meters_per_minute), whatever the vehicle and hour.
[[nodiscard]] std::int32_t travel_time_s(const TravelModel& travel, Vehicle vehicle, Point a, Point b,
                                         std::int32_t depart_s);

/// travel_time_s for a leg whose straight-line length is known (the same arithmetic, for callers
/// that reuse distances).
[[nodiscard]] std::int32_t travel_time_for_s(const TravelModel& travel, Vehicle vehicle, double straight_m,
                                             std::int32_t depart_s);

/// Seconds to ride from a to b leaving at depart_s at legal speed, a weather period's slowdown
/// included (a period slows every leg that starts inside it).
[[nodiscard]] std::int32_t legal_travel_s(const Scenario& scenario, Vehicle vehicle, Point from, Point to,
                                          std::int32_t depart_s);

/// legal_travel_s for a leg whose straight-line length is known.
[[nodiscard]] std::int32_t legal_travel_for_s(const Scenario& scenario, Vehicle vehicle, double straight_m,
                                              std::int32_t depart_s);

}  // namespace ridersim
