// Headline figures and the ledger reconciliation, computed from the result columns.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

#include "ridersim/engine.hpp"

namespace ridersim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// linear interpolation between order statistics (numpy's default), NaN for no data
double percentile(std::vector<double> values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (rank - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return kNaN;
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double ratio(double a, double b) { return b > 0 ? a / b : kNaN; }

}  // namespace

Fen ledger_imbalance_fen(const Results& results) {
  const OrderColumns& orders = results.orders;
  const LedgerColumns& ledger = results.ledger;

  // balances as the ledger records them
  std::map<std::pair<int, std::int32_t>, Fen> booked;  // (account, rider id or -1) -> balance
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    const auto account_key = [&](std::uint8_t account) {
      return std::make_pair(static_cast<int>(account),
                            account == static_cast<std::uint8_t>(Account::RIDER) ? ledger.rider_id[i] : -1);
    };
    booked[account_key(ledger.payer[i])] -= ledger.amount_fen[i];
    booked[account_key(ledger.payee[i])] += ledger.amount_fen[i];
  }

  // balances implied by the pay slips of the orders and the riders' daily settlements
  std::map<std::pair<int, std::int32_t>, Fen> implied;
  const auto customers = std::make_pair(static_cast<int>(Account::CUSTOMERS), -1);
  const auto platform = std::make_pair(static_cast<int>(Account::PLATFORM), -1);
  const auto merchants = std::make_pair(static_cast<int>(Account::MERCHANTS), -1);
  implied[customers] += 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    const Fen gross = orders.pay_base_fen[o] + orders.pay_distance_fen[o];
    implied[customers] -= orders.basket_fen[o] + orders.delivery_fee_fen[o];
    implied[merchants] += orders.basket_fen[o] - orders.commission_fen[o];
    implied[platform] += orders.delivery_fee_fen[o] + orders.commission_fen[o] - gross + orders.penalty_fen[o];
  }
  const RiderDayColumns& days = results.rider_days;
  for (std::size_t d = 0; d < days.size(); ++d) {
    implied[{static_cast<int>(Account::RIDER), days.rider_id[d]}] += days.net_fen[d];
  }

  Fen imbalance = 0;
  Fen conserved = 0;
  for (const auto& [key, value] : implied) {
    conserved += value;
    const auto it = booked.find(key);
    imbalance += std::llabs(value - (it == booked.end() ? 0 : it->second));
  }
  for (const auto& [key, value] : booked) {
    if (!implied.count(key)) imbalance += std::llabs(value);
  }
  return imbalance + std::llabs(conserved);
}

Summary summarise(const Scenario& sc, const Results& results) {
  const OrderColumns& orders = results.orders;
  const RiderDayColumns& days = results.rider_days;
  (void)sc;

  std::vector<double> ctd_min;
  std::int64_t on_time = 0;
  Fen fees = 0, commission = 0, gross = 0, penalties = 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    ctd_min.push_back((orders.delivered_s[o] - orders.placed_s[o]) / 60.0);
    on_time += orders.delivered_s[o] <= orders.promised_s[o] ? 1 : 0;
    fees += orders.delivery_fee_fen[o];
    commission += orders.commission_fen[o];
    gross += orders.pay_base_fen[o] + orders.pay_distance_fen[o];
    penalties += orders.penalty_fen[o];
  }
  const auto placed = static_cast<double>(orders.size());
  const auto delivered = static_cast<double>(ctd_min.size());

  std::vector<double> net_per_online_hour;
  std::vector<double> utilisation;
  double online_h = 0.0, engaged_h = 0.0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (days.online_s[d] <= 0) continue;
    const double hours = days.online_s[d] / 3600.0;
    online_h += hours;
    engaged_h += days.engaged_s[d] / 3600.0;
    net_per_online_hour.push_back(fen_to_yuan(days.net_fen[d]) / hours);
    utilisation.push_back(static_cast<double>(days.engaged_s[d]) / days.online_s[d]);
  }

  const Fen platform_net = fees + commission + penalties - gross;
  return {
      {"orders_placed", placed},
      {"orders_delivered", delivered},
      {"orders_undelivered", placed - delivered},
      {"ctd_mean_min", mean(ctd_min)},
      {"ctd_p90_min", percentile(ctd_min, 90)},
      {"on_time_rate", ratio(static_cast<double>(on_time), delivered)},
      {"late_rate", ratio(delivered - static_cast<double>(on_time), delivered)},
      {"rider_days", static_cast<double>(days.size())},
      {"rider_online_hours", online_h},
      {"rider_engaged_hours", engaged_h},
      {"rider_net_per_online_hour_p10", percentile(net_per_online_hour, 10)},
      {"rider_net_per_online_hour_p50", percentile(net_per_online_hour, 50)},
      {"rider_net_per_online_hour_p90", percentile(net_per_online_hour, 90)},
      {"rider_utilisation_mean", mean(utilisation)},
      {"orders_per_rider_hour", ratio(delivered, online_h)},
      {"rider_gross_yuan", fen_to_yuan(gross)},
      {"rider_penalties_yuan", fen_to_yuan(penalties)},
      {"delivery_fees_yuan", fen_to_yuan(fees)},
      {"commission_yuan", fen_to_yuan(commission)},
      {"platform_net_revenue_yuan", fen_to_yuan(platform_net)},
      {"platform_net_per_order_yuan", ratio(fen_to_yuan(platform_net), delivered)},
      {"ledger_imbalance_fen", static_cast<double>(ledger_imbalance_fen(results))},
  };
}

}  // namespace ridersim
