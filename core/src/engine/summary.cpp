// Headline figures and the ledger reconciliation, computed from the result columns.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "detail/buckets.hpp"
#include "detail/stats.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr auto kDelivered = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
constexpr auto kDeterred = static_cast<std::uint8_t>(OrderStatus::DETERRED);

using detail::mean;
using detail::percentile;

double ratio(double a, double b) { return b > 0 ? a / b : kNaN; }

// what the injury insurance would pay on so many expected crashes, as it pays on each crash
double expected_payouts_yuan(const WelfareRules& welfare, double expected_crashes) {
  return expected_crashes * fen_to_yuan(welfare.injury_payout_per_crash_fen) * welfare.injury_cover_share;
}

// rider-day figures of one group of rows (all riders, or one type)
struct RiderFigures {
  std::vector<double> net_per_online_hour;
  std::vector<double> utilisation;
  double online_h = 0.0;
  double engaged_h = 0.0;
  double orders = 0.0;
  double below_min_wage = 0.0;         // on online hours
  double below_min_wage_floor_h = 0.0;  // on the hours the floor in force counts
  double over_10h = 0.0;
  Fen net_after_costs_fen = 0;
  double rows = 0.0;
};

// whether net pay is below the minimum wage for the hours counted, compared in fen as the floor pays
bool below(Fen net_fen, double hours, Fen min_wage_per_h_fen) {
  const double owed_fen = static_cast<double>(min_wage_per_h_fen) * hours;
  return static_cast<double>(net_fen) < std::ceil(owed_fen - 1e-6);
}

RiderFigures rider_figures(const Scenario& sc, const RiderDayColumns& days, int type) {
  RiderFigures f;
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (type >= 0 && days.rider_type[d] != type) continue;
    const Fen min_wage = sc.min_wage_per_h_fen(sc.rider_types[static_cast<std::size_t>(days.rider_type[d])]);
    f.rows += 1;
    f.net_after_costs_fen += days.net_after_costs_fen[d];
    if (days.online_s[d] <= 0) continue;
    DayFacts day;
    day.shift_h = days.shift_s[d] / 3600.0;
    day.online_h = days.online_s[d] / 3600.0;
    day.engaged_h = days.engaged_s[d] / 3600.0;
    f.online_h += day.online_h;
    f.engaged_h += day.engaged_h;
    f.orders += days.orders[d];
    f.net_per_online_hour.push_back(fen_to_yuan(days.net_fen[d]) / day.online_h);
    f.utilisation.push_back(day.engaged_h / day.online_h);
    f.over_10h += day.online_h > 10.0 ? 1 : 0;
    // a worker's own yardstick, on what the day leaves after the vehicle's costs
    f.below_min_wage += below(days.net_after_costs_fen[d], day.online_h, min_wage) ? 1 : 0;
    // the floor's own terms: pay before vehicle costs, the hourly minimum, on the hours the floor counts
    const double floor_h = sc.rules.floor.hourly_fen > 0 ? floor_hours(day, sc.rules.floor) : day.online_h;
    f.below_min_wage_floor_h += below(days.net_fen[d], floor_h, sc.local_min_wage_per_h_fen) ? 1 : 0;
  }
  return f;
}

// the mean service score workers log out with, where lateness costs points (else no score)
double service_score_mean(const Scenario& sc, const RiderDayColumns& days) {
  if (sc.rules.lateness.sanction != LatenessSanction::POINTS) return kNaN;
  double sum = 0.0, n = 0.0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (days.online_s[d] <= 0) continue;
    sum += days.score[d];
    n += 1;
  }
  return ratio(sum, n);
}

// What a 30-day month of the scenario's calendar pays a member of the pool (type < 0) or of one
// type, after vehicle costs, in yuan: the run's ordinary days (dry, no festival) stand for the
// month's ordinary days, its rainy days for the rainy ones and its festival days for the festival
// ones (the ordinary days, for a kind the run has none of). NaN when the month has ordinary days
// and the run none: a festival day's pay is never taken for a month's.
double month_net_yuan(const Scenario& sc, const Results& results, int type) {
  enum Kind : std::uint8_t { ORDINARY, RAINY, FESTIVAL };
  const RiderDayColumns& days = results.rider_days;
  const std::size_t types = sc.rider_types.size();
  const auto n_days = static_cast<std::size_t>(sc.horizon.days);
  std::vector<std::uint8_t> kind(n_days, ORDINARY);
  for (const WeatherPeriod& w : sc.world.weather) {
    if (w.day >= 0 && static_cast<std::size_t>(w.day) < n_days) kind[static_cast<std::size_t>(w.day)] = RAINY;
  }
  for (const std::int32_t d : sc.world.festival_days) {
    if (d >= 0 && static_cast<std::size_t>(d) < n_days) kind[static_cast<std::size_t>(d)] = FESTIVAL;
  }
  std::array<double, 3> net{}, members{};
  for (std::size_t d = 0; d < n_days; ++d) {
    for (std::size_t t = 0; t < types; ++t) {
      if (type < 0 || t == static_cast<std::size_t>(type)) members[kind[d]] += static_cast<double>(results.member_days[d * types + t]);
    }
  }
  for (std::size_t r = 0; r < days.size(); ++r) {
    if (type < 0 || days.rider_type[r] == type) net[kind[static_cast<std::size_t>(days.day[r])]] += static_cast<double>(days.net_after_costs_fen[r]);
  }
  const double ordinary = ratio(net[ORDINARY], members[ORDINARY]);
  const auto per_day = [&](Kind k) { return members[k] > 0 ? net[k] / members[k] : ordinary; };
  const Calendar& month = sc.calendar;
  const double ordinary_days = 30.0 - month.rainy_days_per_month - month.festival_days_per_month;
  double fen = month.rainy_days_per_month * per_day(RAINY) + month.festival_days_per_month * per_day(FESTIVAL);
  if (ordinary_days > 0) fen += ordinary_days * ordinary;
  return fen / 100.0;
}

// How many seconds of a span of the run fall in the peak hours, from a running count of peak
// seconds since the run began (times are >= 0; every day has the same peak hours).
class PeakSeconds {
 public:
  explicit PeakSeconds(const std::array<bool, 24>& peak) : peak_(peak) {
    for (std::size_t h = 0; h < 24; ++h) before_hour_[h + 1] = before_hour_[h] + (peak[h] ? 3600 : 0);
  }
  [[nodiscard]] std::int64_t between(std::int32_t from_s, std::int32_t to_s) const { return before(to_s) - before(from_s); }

 private:
  [[nodiscard]] std::int64_t before(std::int32_t t) const {
    const std::int32_t in_day = t % kSecondsPerDay;
    const auto hour = static_cast<std::size_t>(in_day / 3600);
    return std::int64_t{t / kSecondsPerDay} * before_hour_[24] + before_hour_[hour] + (peak_[hour] ? in_day % 3600 : 0);
  }
  std::array<bool, 24> peak_;
  std::array<std::int64_t, 25> before_hour_{};
};

// the mean number of jobs a worker has in hand (assigned, not yet delivered) while they have
// any, over the peak hours: the hours of the day whose placed jobs are at least 80% of the busiest
double jobs_in_hand_at_peaks(const OrderColumns& orders) {
  std::array<double, 24> placed{};
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != kDeterred) placed[static_cast<std::size_t>(orders.placed_s[o] % kSecondsPerDay / 3600)] += 1;
  }
  const double busiest = *std::max_element(placed.begin(), placed.end());
  std::array<bool, 24> peak{};
  for (std::size_t h = 0; h < 24; ++h) peak[h] = busiest > 0 && placed[h] >= 0.8 * busiest;
  const PeakSeconds peak_seconds(peak);
  // jobs in hand over time, summed: each job's peak seconds; time with any: the peak seconds of
  // the union of each worker's jobs, put together as the columns are read in order (gathering
  // them worker by worker missed the cache at every job)
  const auto delivered = [&](std::size_t o) { return orders.status[o] == kDelivered; };
  std::int32_t workers = 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (delivered(o)) workers = std::max(workers, orders.rider_id[o] + 1);
  }
  struct Spell {
    std::int32_t from_s, to_s;
  };
  auto by_worker = detail::group_by(
      orders.size(), static_cast<std::size_t>(workers), [&](std::size_t o) { return delivered(o) ? orders.rider_id[o] : -1; },
      [&](std::size_t o) { return Spell{orders.assigned_s[o], orders.delivered_s[o]}; });
  std::int64_t job_seconds = 0, busy_seconds = 0;
  for (const Spell& job : by_worker.items) job_seconds += peak_seconds.between(job.from_s, job.to_s);
  for (std::size_t w = 0; w < static_cast<std::size_t>(workers); ++w) {
    const auto begin = by_worker.items.begin() + by_worker.first[w];
    const auto end = by_worker.items.begin() + by_worker.first[w + 1];
    if (begin == end) continue;
    std::sort(begin, end, [](const Spell& a, const Spell& b) { return a.from_s < b.from_s; });
    Spell busy = *begin;
    for (auto job = begin; job != end; ++job) {
      if (job->from_s > busy.to_s) {
        busy_seconds += peak_seconds.between(busy.from_s, busy.to_s);
        busy = *job;
      } else {
        busy.to_s = std::max(busy.to_s, job->to_s);
      }
    }
    busy_seconds += peak_seconds.between(busy.from_s, busy.to_s);
  }
  return ratio(static_cast<double>(job_seconds), static_cast<double>(busy_seconds));
}

// each account's balance, and each worker's after them (flat arrays: a run has millions of
// transfers and a map per transfer was a tenth of the run)
class Balances {
 public:
  Balances(const Scenario& scenario, const Results& results) {
    std::int32_t workers = scenario.n_riders();
    // a transfer's worker is a delivery's or a settlement's (a slip's is its order's worker)
    for (const Ledger::Entry& e : results.ledger.transfers) workers = std::max(workers, e.transfer.rider_id + 1);
    for (const std::int32_t o : results.ledger.slips) {
      workers = std::max(workers, results.orders.rider_id[static_cast<std::size_t>(o)] + 1);
    }
    for (std::size_t d = 0; d < results.rider_days.size(); ++d) workers = std::max(workers, results.rider_days.rider_id[d] + 1);
    fen.assign(kAccountNames.size() + static_cast<std::size_t>(workers), 0);
  }
  [[nodiscard]] static std::size_t slot(Account account, std::int32_t worker) {
    return account == Account::WORKER ? kAccountNames.size() + static_cast<std::size_t>(worker)
                                      : static_cast<std::size_t>(account);
  }
  void book(const Transfer& t) {
    fen[slot(t.payer, t.rider_id)] -= t.amount_fen;
    fen[slot(t.payee, t.rider_id)] += t.amount_fen;
  }
  // an account's balance: the workers' is the sum of each worker's
  [[nodiscard]] Fen of(Account account) const {
    if (account != Account::WORKER) return fen[static_cast<std::size_t>(account)];
    Fen sum = 0;
    for (std::size_t k = kAccountNames.size(); k < fen.size(); ++k) sum += fen[k];
    return sum;
  }
  std::vector<Fen> fen;
};

// how far the balances the ledger booked are from those the result columns imply: every party but
// the workers from the slips and the day settlements, the workers from their rider-day totals (so
// the two must agree), and the monthly refunds the rules owe, recomputed from the orders
Fen imbalance_fen(const Scenario& scenario, const Results& results, const Balances& booked) {
  const CommissionRules& commission = scenario.rules.commission;
  const OrderColumns& orders = results.orders;
  const RiderDayColumns& days = results.rider_days;
  const auto slot = Balances::slot;
  std::vector<Fen> implied(booked.fen.size(), 0);
  const auto add = [&](const MoneyComponent& c, Fen amount) {
    if (c.payer != Account::WORKER) implied[slot(c.payer, -1)] -= amount;
    if (c.payee != Account::WORKER) implied[slot(c.payee, -1)] += amount;
  };
  std::vector<std::pair<Fen, Fen>> merchant_months;                                    // month -> (commission, baskets)
  std::map<std::pair<std::int32_t, std::int32_t>, std::pair<Fen, Fen>> worker_months;  // (month, worker) -> (take, fares)
  std::map<std::pair<std::int32_t, std::int32_t>, Fen> station_months;                 // (month, worker) -> station pay
  // each job component's total over the delivered orders, a column at a time
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) {
    Fen sum = 0;
    const auto& column = orders.money[i];
    for (std::size_t o = 0; o < orders.size(); ++o) sum += orders.status[o] == kDelivered ? column[o] : 0;
    add(kMoney[i], sum);
  }
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != kDelivered) continue;
    const std::int32_t month = orders.delivered_s[o] / kSecondsPerDay / 30;
    if (static_cast<std::size_t>(month) >= merchant_months.size()) merchant_months.resize(static_cast<std::size_t>(month) + 1);
    auto& m = merchant_months[static_cast<std::size_t>(month)];
    m.first += orders.money_of(Money::MERCHANT_COMMISSION)[o];
    m.second += orders.money_of(Money::MERCHANT_PAYOUT)[o];
    if (orders.money_of(Money::STATION_PAY)[o] > 0) station_months[{month, orders.rider_id[o]}] += orders.money_of(Money::STATION_PAY)[o];
    if (orders.money_of(Money::PAY_FARE)[o] > 0) {
      auto& w = worker_months[{month, orders.rider_id[o]}];
      w.first += orders.money_of(Money::WORKER_COMMISSION)[o];
      w.second += orders.money_of(Money::PAY_FARE)[o];
    }
  }
  for (std::size_t d = 0; d < days.size(); ++d) {
    for (std::size_t i = 0; i < kDayMoneyCount; ++i) add(kMoney[kJobMoneyCount + i], days.money[i][d]);
    implied[slot(Account::WORKER, days.rider_id[d])] += days.net_after_costs_fen[d] + days.money_of(Money::INJURY_PAYOUT)[d];
  }
  for (const auto& totals : merchant_months) {
    add(component(Money::COMMISSION_REFUND), average_cap_refund_fen(totals.first, totals.second, commission.average_cap));
  }
  for (const auto& [month_worker, totals] : worker_months) {
    const Fen refund = average_cap_refund_fen(totals.first, totals.second, commission.worker_average_cap);
    add(component(Money::WORKER_COMMISSION_REFUND), refund);
    implied[slot(Account::WORKER, month_worker.second)] += refund;
  }

  if (scenario.rules.station.arrears_share > 0.0) {
    for (const auto& [month_worker, earned] : station_months) {
      const Fen arrears = station_arrears_fen(earned, scenario.rules.station);
      const Fen payout = guarantee_payout_fen(arrears, scenario.rules.station);
      add(component(Money::PAY_ARREARS), arrears);
      add(component(Money::GUARANTEE_PAYOUT), payout);
      implied[slot(Account::WORKER, month_worker.second)] += payout - arrears;
    }
  }

  Fen imbalance = 0;
  Fen conserved = 0;
  for (std::size_t k = 0; k < implied.size(); ++k) {
    conserved += implied[k];
    imbalance += std::llabs(implied[k] - booked.fen[k]);
  }
  return imbalance + std::llabs(conserved);
}

}  // namespace

Fen ledger_imbalance_fen(const Scenario& scenario, const Results& results) {
  Balances booked(scenario, results);
  results.ledger.for_each(results.orders, [&booked](const Transfer& t) { booked.book(t); });
  return imbalance_fen(scenario, results, booked);
}

Summary summarise(const Scenario& sc, const Results& results) {
  const OrderColumns& orders = results.orders;
  const RiderDayColumns& days = results.rider_days;
  // first, while no other list of every order is held: its own is one more at the run's peak memory
  const double in_hand_at_peaks = jobs_in_hand_at_peaks(orders);

  std::vector<double> ctd_min;
  ctd_min.reserve(orders.size());
  double placed = 0, deterred = 0, on_time = 0, violations = 0, crashes = 0, bad_reviews = 0;
  double crash_risk = 0, pressed = 0, minutes_short = 0;
  Fen fees = 0;
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
    crash_risk += orders.crash_risk[o];
    pressed += orders.minutes_short[o] > 0.0 ? 1 : 0;
    minutes_short += orders.minutes_short[o];
    bad_reviews += orders.bad_review[o];
    fees += orders.customer_fee_fen[o];
  }
  // every transfer by component, and each account's balance (each worker's too, for the ledger's
  // reconciliation), from the ledger
  std::array<Fen, kMoneyCount> by_kind{};
  Balances booked(sc, results);
  results.ledger.for_each(orders, [&](const Transfer& t) {
    booked.book(t);
    by_kind[static_cast<std::size_t>(t.kind)] += t.amount_fen;
  });
  // and, from the components' totals, what the platform collects for the service (what customers
  // and merchants pay it, less what it passes on), what of it reaches workers net of what they pay
  // back, and what customers pay
  Fen collected = 0, to_workers = 0, customers_paid = 0;
  for (std::size_t i = 0; i < kMoneyCount; ++i) {
    const MoneyComponent& c = kMoney[i];
    const Fen amount = by_kind[i];
    if (c.payee == Account::PLATFORM && c.payer != Account::WORKER) collected += amount;
    if (c.role == Role::PASS_THROUGH) collected -= amount;
    if ((c.payer == Account::PLATFORM || c.payer == Account::STATION) && c.payee == Account::WORKER) to_workers += amount;
    if (c.payer == Account::WORKER && c.payee == Account::PLATFORM) to_workers -= amount;
    if (c.payer == Account::CUSTOMERS) customers_paid += amount;
  }
  const auto total = [&](Money m) { return by_kind[static_cast<std::size_t>(m)]; };
  // the components of the roles `keep` passes, signed for an account (or as amounts, for NONE)
  const auto sum = [&](auto keep, std::optional<Account> account) {
    Fen s = 0;
    for (std::size_t i = 0; i < kMoneyCount; ++i) {
      if (keep(kMoney[i])) s += (account ? sign_for(kMoney[i], *account) : 1) * by_kind[i];
    }
    return s;
  };
  const auto of_role = [](Role role) { return [role](const MoneyComponent& c) { return c.role == role; }; };
  const Fen platform_pay = sum([](const MoneyComponent& c) { return is_platform_pay(c.role); }, std::nullopt);
  const Fen worker_commission = sum(of_role(Role::COMMISSION), Account::PLATFORM);
  const Fen commission = sum(of_role(Role::MERCHANT_FEE), Account::PLATFORM);
  const Fen welfare = sum(of_role(Role::WELFARE), std::nullopt);
  const Fen levies = total(Money::INSURANCE_LEVY);
  const Fen pension = total(Money::PENSION_SUBSIDY);
  const Fen direct_pay = sum(of_role(Role::WORKER_DIRECT), std::nullopt);
  const Fen vehicle_costs = sum(of_role(Role::WORKER_COST), std::nullopt);
  // what workers are paid before any charge: every kind of pay and any commission handed back
  const Fen worker_gross = sum([](const MoneyComponent& c) {
    return c.payee == Account::WORKER && (is_earnings(c.role) || c.role == Role::COMMISSION);
  }, std::nullopt);
  Fen penalties = 0, bonuses = 0;
  double distance_m = 0.0, empty_m = 0.0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    penalties += days.penalties_fen[d];
    bonuses += days.bonuses_fen[d];
    distance_m += days.distance_m[d];
    empty_m += days.empty_distance_m[d];
  }
  const double delivered = static_cast<double>(ctd_min.size());
  const Fen rider_cost = platform_pay - worker_commission + welfare;
  const Fen platform_net = booked.of(Account::PLATFORM);
  // what workers earned, after vehicle costs: their balance less injury compensation
  const Fen worker_net = booked.of(Account::WORKER) - sum(of_role(Role::BENEFIT), Account::WORKER);
  const RiderFigures all = rider_figures(sc, days, -1);
  const bool has_min_wage = std::any_of(sc.rider_types.begin(), sc.rider_types.end(), [&](const RiderType& t) { return sc.min_wage_per_h_fen(t) > 0; });
  const double n_days = static_cast<double>(days.size());

  // per member of the pool (working that day or not): what a 30-day month and a week come to
  double member_days = 0.0;
  for (const std::int64_t n : results.member_days) member_days += static_cast<double>(n);

  const double expected_payouts = expected_payouts_yuan(sc.rules.welfare, crash_risk);
  Summary s{
      {"orders_placed", placed},
      {"orders_delivered", delivered},
      {"orders_undelivered", placed - delivered},
      {"orders_lost_share", ratio(placed - delivered, placed)},
      {"orders_deterred", deterred},
      {"ctd_mean_min", mean(ctd_min)},
      {"ctd_p90_min", percentile(std::move(ctd_min), 90)},
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
      {"rider_net_per_online_hour_mean", ratio(fen_to_yuan(worker_net + vehicle_costs), all.online_h)},
      {"rider_utilisation_mean", mean(all.utilisation)},
      {"share_rider_days_below_min_wage", has_min_wage ? ratio(all.below_min_wage, all.rows) : kNaN},
      {"orders_per_rider_hour", ratio(delivered, all.online_h)},
      {"penalties_per_rider_day_yuan", ratio(fen_to_yuan(penalties), n_days)},
      {"bonuses_per_rider_day_yuan", ratio(fen_to_yuan(bonuses), n_days)},
      {"floor_topups_yuan", fen_to_yuan(total(Money::FLOOR_TOPUP))},
      {"pension_subsidy_yuan", fen_to_yuan(pension)},
      {"insurance_levy_yuan", fen_to_yuan(levies)},
      {"customer_fee_mean_yuan", ratio(fen_to_yuan(fees), delivered)},
      {"commission_yuan", fen_to_yuan(commission)},
      {"commission_rate_effective", ratio(static_cast<double>(commission), static_cast<double>(sum(of_role(Role::PASS_THROUGH), std::nullopt)))},
      {"rider_cost_per_order_yuan", ratio(fen_to_yuan(rider_cost), delivered)},
      {"platform_net_revenue_yuan", fen_to_yuan(platform_net)},
      {"platform_net_per_order_yuan", ratio(fen_to_yuan(platform_net), delivered)},
      {"ledger_imbalance_fen", static_cast<double>(imbalance_fen(sc, results, booked))},
      // what workers talk about: gross and net of vehicle costs, by the hour, the day and the month
      {"worker_gross_per_online_hour_mean",
       ratio(fen_to_yuan(worker_gross), all.online_h)},
      {"worker_net_after_costs_per_online_hour_mean", ratio(fen_to_yuan(worker_net), all.online_h)},
      {"worker_net_per_day_mean_yuan", ratio(fen_to_yuan(worker_net), n_days)},
      {"worker_net_per_month_mean_yuan", month_net_yuan(sc, results, -1)},
      {"weekly_online_hours_mean", ratio(7.0 * all.online_h, member_days)},
      {"share_rider_days_over_10_online_hours", ratio(all.over_10h, all.rows)},
      {"share_rider_days_below_min_wage_floor_hours", has_min_wage ? ratio(all.below_min_wage_floor_h, all.rows) : kNaN},
      {"worker_share_of_platform_collections", ratio(static_cast<double>(to_workers), static_cast<double>(collected))},
      {"worker_share_of_customer_payments",
       ratio(static_cast<double>(worker_net + vehicle_costs), static_cast<double>(customers_paid))},
      {"jobs_in_hand_at_peaks_mean", in_hand_at_peaks},
      {"crashes", crashes},
      // expected crashes, and what they would cost the injury insurance: a rate known to a few
      // per cent from a day, where the crashes themselves are too rare to count
      {"expected_crashes", crash_risk},
      {"expected_crashes_per_million_orders", ratio(1e6 * crash_risk, delivered)},
      {"injury_expected_payouts_yuan", expected_payouts},
      {"insurance_fair_levy_per_job_yuan", ratio(expected_payouts, delivered)},
      // time pressure: only where workers weigh the promise against the law (a behaviour)
      {"share_jobs_pressed", sc.behaviour.enabled ? ratio(pressed, delivered) : kNaN},
      {"minutes_short_per_job", sc.behaviour.enabled ? ratio(minutes_short, delivered) : kNaN},
      {"injury_payouts_yuan", fen_to_yuan(sum(of_role(Role::BENEFIT), std::nullopt))},
      {"pension_contributions_yuan", fen_to_yuan(total(Money::PENSION_CONTRIBUTION))},
      {"vehicle_cost_per_worker_day_yuan", ratio(fen_to_yuan(vehicle_costs), n_days)},
      {"worker_take_rate", ratio(static_cast<double>(worker_commission), static_cast<double>(total(Money::PAY_FARE)))},
      {"worker_commission_yuan", fen_to_yuan(worker_commission)},
      {"worker_commission_refunds_yuan", fen_to_yuan(total(Money::WORKER_COMMISSION_REFUND))},
      {"trip_floor_topups_yuan", fen_to_yuan(total(Money::TRIP_FLOOR_TOPUP))},
      {"peak_fees_yuan", fen_to_yuan(direct_pay)},
      {"worker_utilisation", ratio(all.engaged_h, all.online_h)},
      {"empty_km_share", ratio(empty_m, distance_m)},
      {"logins_turned_away", static_cast<double>(results.logins_turned_away)},
      {"dispatch_work_per_job", ratio(results.dispatch_work, placed)},
      {"service_score_mean", service_score_mean(sc, days)},
  };
  // who pays: each party's net balance over the run (they sum to 0)
  for (std::size_t a = 0; a < kAccountNames.size(); ++a) {
    s.emplace_back("balance_" + std::string(kAccountNames[a]) + "_yuan", fen_to_yuan(booked.of(static_cast<Account>(a))));
  }
  sc.trade->add_kpis(sc, results, s);
  // the rider figures of each type
  for (std::size_t t = 0; t < sc.rider_types.size(); ++t) {
    const std::string suffix = "." + sc.rider_types[t].name;
    // with one type, its figures are everyone's
    const bool only_type = sc.rider_types.size() == 1;
    const RiderFigures own = only_type ? RiderFigures{} : rider_figures(sc, days, static_cast<int>(t));
    const RiderFigures& f = only_type ? all : own;
    s.emplace_back("rider_days" + suffix, f.rows);
    s.emplace_back("rider_net_per_online_hour_p10" + suffix, percentile(f.net_per_online_hour, 10));
    s.emplace_back("rider_net_per_online_hour_p50" + suffix, percentile(f.net_per_online_hour, 50));
    s.emplace_back("rider_net_per_online_hour_p90" + suffix, percentile(f.net_per_online_hour, 90));
    s.emplace_back("rider_utilisation_mean" + suffix, mean(f.utilisation));
    s.emplace_back("orders_per_rider_day" + suffix, ratio(f.orders, f.rows));
    s.emplace_back("share_rider_days_below_min_wage" + suffix, has_min_wage ? ratio(f.below_min_wage, f.rows) : kNaN);
    double members = 0.0;
    for (std::size_t i = t; i < results.member_days.size(); i += sc.rider_types.size()) members += static_cast<double>(results.member_days[i]);
    s.emplace_back("orders_per_online_hour" + suffix, ratio(f.orders, f.online_h));
    s.emplace_back("worker_net_per_day_mean_yuan" + suffix, ratio(fen_to_yuan(f.net_after_costs_fen), f.rows));
    s.emplace_back("worker_net_per_month_mean_yuan" + suffix, month_net_yuan(sc, results, static_cast<int>(t)));
    s.emplace_back("weekly_online_hours_mean" + suffix, ratio(7.0 * f.online_h, members));
    s.emplace_back("share_rider_days_over_10_online_hours" + suffix, ratio(f.over_10h, f.rows));
  }
  return s;
}

}  // namespace ridersim
