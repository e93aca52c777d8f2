#pragma once
// The promised delivery time: a quantile of the platform's predicted delivery-time
// distribution plus a buffer. A low quantile is the "strictest algorithm"; the median is
// "the algorithm takes the middle".

#include <cstdint>

#include "ridersim/scenario.hpp"

namespace ridersim {

/// The platform's predicted median click-to-door time, in seconds: the longer of the mean
/// preparation and the pickup allowance (the time until a rider can have the meal), the
/// service times at both ends, and the delivery leg at the assumed speed under the
/// congestion of the hour the order is placed (and, weather-aware, the travel slowed by the
/// weather at placement).
[[nodiscard]] double predicted_median_s(double route_distance_m, std::int32_t placed_s, const Demand& demand,
                                        const World& world, const PromiseRules& promise);

/// Seconds from placement to the promised delivery: median x exp(log_sd x z(quantile)) + buffer.
///
/// Example: median 30 min, log_sd 0.25, quantile 0.5, buffer 8 min -> 38 min.
[[nodiscard]] std::int32_t promised_duration_s(double predicted_median_s, const PromiseRules& promise);

}  // namespace ridersim
