// Headline figures and the ledger reconciliation, computed from the result columns.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

#include "ridersim/engine.hpp"
#include "ridersim/pay.hpp"

namespace ridersim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr auto kDelivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
constexpr auto kDeterred = static_cast<std::uint8_t>(OrderStatus::DETERRED);

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

// commission refunds owed by month, recomputed from the orders
Fen implied_refunds_fen(const std::vector<std::pair<Fen, Fen>>& by_month, const CommissionRules& rules) {
  Fen total = 0;
  for (const auto& [commission, baskets] : by_month) total += commission_refund_fen(commission, baskets, rules);
  return total;
}

// rider-day figures of one group of rows (all riders, or one type)
struct RiderFigures {
  std::vector<double> net_per_online_hour;
  std::vector<double> utilisation;
  double online_h = 0.0;
  double engaged_h = 0.0;
  double orders = 0.0;
  double below_min_wage = 0.0;
  double rows = 0.0;
};

RiderFigures rider_figures(const RiderDayColumns& days, int type, Fen min_wage_per_h_fen) {
  RiderFigures f;
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (type >= 0 && days.rider_type[d] != type) continue;
    f.rows += 1;
    if (days.online_s[d] <= 0) continue;
    const double hours = days.online_s[d] / 3600.0;
    const double per_hour = fen_to_yuan(days.net_fen[d]) / hours;
    f.online_h += hours;
    f.engaged_h += days.engaged_s[d] / 3600.0;
    f.orders += days.orders[d];
    f.net_per_online_hour.push_back(per_hour);
    f.utilisation.push_back(static_cast<double>(days.engaged_s[d]) / days.online_s[d]);
    if (per_hour < fen_to_yuan(min_wage_per_h_fen)) f.below_min_wage += 1;
  }
  return f;
}

}  // namespace

Fen ledger_imbalance_fen(const Scenario& scenario, const Results& results) {
  const CommissionRules& commission = scenario.rules.commission;
  const OrderColumns& orders = results.orders;
  const LedgerColumns& ledger = results.ledger;
  using Key = std::pair<int, std::int32_t>;  // (account, rider id or -1)
  const auto key_of = [](Account account, std::int32_t rider) {
    return Key{static_cast<int>(account), account == Account::RIDER ? rider : -1};
  };

  // balances as the ledger records them
  std::map<Key, Fen> booked;
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    booked[key_of(static_cast<Account>(ledger.payer[i]), ledger.rider_id[i])] -= ledger.amount_fen[i];
    booked[key_of(static_cast<Account>(ledger.payee[i]), ledger.rider_id[i])] += ledger.amount_fen[i];
  }

  // balances implied by the pay slips of the orders and the riders' daily settlements
  std::map<Key, Fen> implied;
  const Key customers = key_of(Account::CUSTOMERS, -1);
  const Key platform = key_of(Account::PLATFORM, -1);
  const Key merchants = key_of(Account::MERCHANTS, -1);
  const Key insurer = key_of(Account::INSURER, -1);
  const Key pension = key_of(Account::PENSION_FUND, -1);
  std::map<std::int32_t, std::pair<Fen, Fen>> months;  // month -> (commission, baskets)
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != kDelivered) continue;
    const Fen platform_pay = orders.pay_base_fen[o] + orders.pay_distance_fen[o] + orders.pay_weather_fen[o] +
                             orders.pay_night_fen[o] + orders.pay_festival_fen[o] + orders.safety_bonus_fen[o];
    implied[customers] -= orders.basket_fen[o] + orders.customer_fee_fen[o] + orders.peak_fee_fen[o];
    implied[merchants] += orders.basket_fen[o] - orders.commission_fen[o];
    implied[insurer] += orders.insurance_levy_fen[o];
    implied[platform] += orders.customer_fee_fen[o] + orders.commission_fen[o] - platform_pay + orders.penalty_fen[o] +
                         orders.bad_review_fine_fen[o] - orders.insurance_levy_fen[o];
    auto& month = months[orders.delivered_s[o] / kSecondsPerDay / 30];
    month.first += orders.commission_fen[o];
    month.second += orders.basket_fen[o];
  }
  std::vector<std::pair<Fen, Fen>> by_month;
  for (const auto& [m, totals] : months) by_month.push_back(totals);
  const Fen refunds = implied_refunds_fen(by_month, commission);
  implied[merchants] += refunds;
  implied[platform] -= refunds;
  const RiderDayColumns& days = results.rider_days;
  for (std::size_t d = 0; d < days.size(); ++d) {
    const Fen daily_cash = days.multiplier_fen[d] + days.threshold_bonus_fen[d] + days.floor_topup_fen[d];
    implied[key_of(Account::RIDER, days.rider_id[d])] += days.net_fen[d];
    implied[platform] -= daily_cash + days.pension_subsidy_fen[d];
    implied[pension] += days.pension_subsidy_fen[d];
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
  const LedgerColumns& ledger = results.ledger;

  std::vector<double> ctd_min;
  double placed = 0, deterred = 0, on_time = 0, violations = 0, crashes = 0, bad_reviews = 0;
  Fen fees = 0, commission = 0, baskets = 0, platform_pay = 0, deductions = 0, levies = 0, peak_fees = 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] == kDeterred) {
      deterred += 1;
      continue;
    }
    placed += 1;
    if (orders.status[o] != kDelivered) continue;
    ctd_min.push_back((orders.delivered_s[o] - orders.placed_s[o]) / 60.0);
    on_time += orders.delivered_s[o] <= orders.promised_s[o] ? 1 : 0;
    violations += orders.violations[o];
    crashes += orders.crash[o];
    bad_reviews += orders.bad_review[o];
    fees += orders.customer_fee_fen[o];
    commission += orders.commission_fen[o];
    baskets += orders.basket_fen[o];
    platform_pay += orders.pay_base_fen[o] + orders.pay_distance_fen[o] + orders.pay_weather_fen[o] +
                    orders.pay_night_fen[o] + orders.pay_festival_fen[o] + orders.safety_bonus_fen[o];
    deductions += orders.penalty_fen[o] + orders.bad_review_fine_fen[o];
    levies += orders.insurance_levy_fen[o];
    peak_fees += orders.peak_fee_fen[o];
  }
  Fen refunds = 0;
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    if (ledger.kind[i] == static_cast<std::uint8_t>(TransferKind::COMMISSION_REFUND)) refunds += ledger.amount_fen[i];
  }
  Fen daily_cash = 0, floor_topups = 0, pension = 0, penalties = 0, bonuses = 0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    daily_cash += days.multiplier_fen[d] + days.threshold_bonus_fen[d] + days.floor_topup_fen[d];
    floor_topups += days.floor_topup_fen[d];
    pension += days.pension_subsidy_fen[d];
    penalties += days.penalties_fen[d];
    bonuses += days.bonuses_fen[d];
  }
  const double delivered = static_cast<double>(ctd_min.size());
  const Fen rider_cost = platform_pay + daily_cash + levies + pension;
  const Fen platform_net = fees + commission - refunds + deductions - rider_cost;
  const RiderFigures all = rider_figures(days, -1, sc.local_min_wage_per_h_fen);
  const bool has_min_wage = sc.local_min_wage_per_h_fen > 0;
  const double n_days = static_cast<double>(days.size());

  Summary s{
      {"orders_placed", placed},
      {"orders_delivered", delivered},
      {"orders_undelivered", placed - delivered},
      {"orders_deterred", deterred},
      {"ctd_mean_min", mean(ctd_min)},
      {"ctd_p90_min", percentile(ctd_min, 90)},
      {"on_time_rate", ratio(on_time, delivered)},
      {"late_rate", ratio(delivered - on_time, delivered)},
      {"violations_per_1000_orders", ratio(1000.0 * violations, delivered)},
      {"crashes_per_million_orders", ratio(1e6 * crashes, delivered)},
      {"bad_reviews_per_1000_orders", ratio(1000.0 * bad_reviews, delivered)},
      {"rider_days", n_days},
      {"rider_online_hours", all.online_h},
      {"rider_engaged_hours", all.engaged_h},
      {"rider_net_per_online_hour_p10", percentile(all.net_per_online_hour, 10)},
      {"rider_net_per_online_hour_p50", percentile(all.net_per_online_hour, 50)},
      {"rider_net_per_online_hour_p90", percentile(all.net_per_online_hour, 90)},
      {"rider_net_per_online_hour_mean", ratio(fen_to_yuan(platform_pay + peak_fees - deductions + daily_cash), all.online_h)},
      {"rider_utilisation_mean", mean(all.utilisation)},
      {"share_rider_days_below_min_wage", has_min_wage ? ratio(all.below_min_wage, all.rows) : kNaN},
      {"orders_per_rider_hour", ratio(delivered, all.online_h)},
      {"penalties_per_rider_day_yuan", ratio(fen_to_yuan(penalties), n_days)},
      {"bonuses_per_rider_day_yuan", ratio(fen_to_yuan(bonuses), n_days)},
      {"floor_topups_yuan", fen_to_yuan(floor_topups)},
      {"pension_subsidy_yuan", fen_to_yuan(pension)},
      {"insurance_levy_yuan", fen_to_yuan(levies)},
      {"customer_fee_mean_yuan", ratio(fen_to_yuan(fees), delivered)},
      {"commission_yuan", fen_to_yuan(commission - refunds)},
      {"commission_rate_effective", ratio(static_cast<double>(commission - refunds), static_cast<double>(baskets))},
      {"rider_cost_per_order_yuan", ratio(fen_to_yuan(rider_cost), delivered)},
      {"platform_net_revenue_yuan", fen_to_yuan(platform_net)},
      {"platform_net_per_order_yuan", ratio(fen_to_yuan(platform_net), delivered)},
      {"ledger_imbalance_fen", static_cast<double>(ledger_imbalance_fen(sc, results))},
  };
  // the rider figures of each type
  for (std::size_t t = 0; t < sc.rider_types.size(); ++t) {
    const std::string suffix = "." + sc.rider_types[t].name;
    const RiderFigures f = rider_figures(days, static_cast<int>(t), sc.local_min_wage_per_h_fen);
    s.emplace_back("rider_days" + suffix, f.rows);
    s.emplace_back("rider_net_per_online_hour_p10" + suffix, percentile(f.net_per_online_hour, 10));
    s.emplace_back("rider_net_per_online_hour_p50" + suffix, percentile(f.net_per_online_hour, 50));
    s.emplace_back("rider_net_per_online_hour_p90" + suffix, percentile(f.net_per_online_hour, 90));
    s.emplace_back("rider_utilisation_mean" + suffix, mean(f.utilisation));
    s.emplace_back("orders_per_rider_day" + suffix, ratio(f.orders, f.rows));
    s.emplace_back("share_rider_days_below_min_wage" + suffix, has_min_wage ? ratio(f.below_min_wage, f.rows) : kNaN);
  }
  return s;
}

}  // namespace ridersim
