// The trades that come with ridersim, by name: one line each.

#include <algorithm>
#include <array>

#include "ridersim/trade.hpp"
#include "trades/courier/courier.hpp"
#include "trades/food/food.hpp"
#include "trades/freight/freight.hpp"
#include "trades/ride_hailing/ride_hailing.hpp"

namespace ridersim {

// the kernel's headline, for a trade that names none of its own: figures every trade has
std::span<const std::string_view> Trade::headline_kpis() const {
  static constexpr std::array<std::string_view, 16> kKernelHeadline{
      "orders_placed", "orders_delivered", "ctd_mean_min", "on_time_rate", "rider_days",
      "worker_gross_per_online_hour_mean", "worker_net_after_costs_per_online_hour_mean",
      "rider_net_per_online_hour_p10", "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90",
      "worker_net_per_day_mean_yuan", "share_rider_days_below_min_wage", "worker_utilisation",
      "rider_cost_per_order_yuan", "platform_net_revenue_yuan", "ledger_imbalance_fen"};
  return kKernelHeadline;
}

void TradeRegistry::add(std::string_view name, TradeCompiler compiler) {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
  if (it != entries_.end()) {
    it->second = compiler;
  } else {
    entries_.emplace_back(std::string(name), compiler);
  }
}

TradeCompiler TradeRegistry::find(std::string_view name) const {
  for (const auto& [key, compiler] : entries_) {
    if (key == name) return compiler;
  }
  return nullptr;
}

std::vector<std::string_view> TradeRegistry::names() const {
  std::vector<std::string_view> out;
  for (const auto& [key, compiler] : entries_) out.push_back(key);
  return out;
}

const TradeRegistry& builtin_trades() {
  static const TradeRegistry registry = [] {
    TradeRegistry r;
    r.add("food", &trades::food::compile);
    r.add("ride_hailing", &trades::ride_hailing::compile);
    r.add("freight", &trades::freight::compile);
    r.add("courier", &trades::courier::compile);
    return r;
  }();
  return registry;
}

}  // namespace ridersim
