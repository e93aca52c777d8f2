#pragma once
// A generated city for benchmarks: rider density and trip lengths like the default district,
// scaled to the requested number of orders and riders, with flat demand over 24 hours.

#include <cstdint>
#include <nlohmann/json.hpp>

namespace ridersim::bench {

/// The spec of a city with `n_orders` expected orders a day and `n_riders` riders on 24-hour
/// shifts, batched dispatch every 30 s.
[[nodiscard]] nlohmann::json generated_city(std::int64_t n_orders, std::int64_t n_riders);

}  // namespace ridersim::bench
