#include "city.hpp"

#include <algorithm>
#include <cmath>

namespace ridersim::bench {

nlohmann::json generated_city(std::int64_t n_orders, std::int64_t n_riders) {
  // the default district has ~900 riders on 8 x 8 km; keep that density
  const double side_km = std::max(2.0, 8.0 * std::sqrt(static_cast<double>(n_riders) / 900.0));
  nlohmann::json hotspots = nlohmann::json::array();
  const int blocks = std::max(1, static_cast<int>(side_km / 4.0));
  const double block_km = side_km / blocks;
  for (int i = 0; i < blocks; ++i) {
    for (int j = 0; j < blocks; ++j) {
      const double x = (i + 0.5) * block_km;
      const double y = (j + 0.5) * block_km;
      hotspots.push_back({{"name", "m" + std::to_string(i) + "_" + std::to_string(j)}, {"kind", "merchant_cluster"},
                          {"x_km", x}, {"y_km", y}, {"radius_km", 0.7}});
      hotspots.push_back({{"name", "r" + std::to_string(i) + "_" + std::to_string(j)}, {"kind", "residential"},
                          {"x_km", std::min(side_km, x + block_km / 4)}, {"y_km", std::min(side_km, y + block_km / 4)},
                          {"radius_km", 1.0}});
    }
  }
  nlohmann::json city = nlohmann::json::parse(R"({
    "name": "bench-city",
    "seed": 1,
    "horizon": {"start_h": 0, "end_h": 24, "days": 1},
    "world": {
      "travel": {"detour_factor": 1.3, "speed_kmh": {"ebike": 16},
                 "congestion_by_hour": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]},
      "pickup_service_min": 2, "dropoff_service_min": 3
    },
    "demand": {
      "merchants": {"share_in_clusters": 0.75},
      "customers": {"share_in_residential": 0.8},
      "delivery_radius_km": 2.8,
      "prep_time_min": {"mean": 9.5, "sd": 4.5},
      "basket_yuan": {"mean": 45, "sd": 20},
      "cancel_after_unassigned_min": 30
    },
    "riders": {"types": [{"name": "full_day", "vehicle": "ebike", "employment": "dedicated",
                          "shifts": [{"start_h": 0, "end_h": 24, "share": 1.0}]}]},
    "rules": {
      "dispatch": {"policy": "batched", "batch_interval_s": 30, "candidates_per_order": 8, "max_pickup_km": 4},
      "promise": {"quantile": 0.2, "buffer_min": 0},
      "pay": {"base_per_order_yuan": 4.0, "per_km_over_1km_yuan": 0.8},
      "commission": {"merchant_rate": 0.22},
      "customer_fee": {"base_yuan": 3},
      "lateness": {"sanction": "cash", "cash_tiers": [{"from_min": 0, "deduct_share": 0.4},
                                                      {"from_min": 6, "deduct_share": 0.5}]}
    }
  })");
  city["world"]["area"] = {{"width_km", side_km}, {"height_km", side_km}};
  city["world"]["hotspots"] = hotspots;
  city["demand"]["orders_per_hour"] = std::vector<double>(24, static_cast<double>(n_orders) / 24.0);
  city["demand"]["merchants"]["count"] = std::max<std::int64_t>(50, n_riders / 2);
  city["riders"]["types"][0]["count"] = n_riders;
  return city;
}

}  // namespace ridersim::bench
