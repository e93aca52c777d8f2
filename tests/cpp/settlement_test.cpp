// Where the money flows after the pay rules: from each slip into the rider-day's totals, the
// day's settlement, the ledger and the summary, each checked against sums written out by hand
// from the result columns (component by component, not through the money table's roles).
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <utility>
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "ridersim/engine.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/scenario_spec.hpp"

using namespace ridersim;
using nlohmann::json;

namespace {

// the small city with every kind of job and day money in use: cash lateness sanctions and
// bad-review fines, a safety bonus, a peak fee paid by customers, an earnings multiplier without
// gates over the whole day, a daily threshold bonus and an hourly floor
Scenario every_money_rule() {
  json spec = test::small_city();
  spec["rules"]["bad_review_fine_yuan"] = 5.0;
  spec["demand"]["response"]["bad_review_on_time"] = 0.05;
  spec["rules"]["pay"]["safety_bonus_per_order_yuan"] = 0.5;
  spec["rules"]["pay"]["peak_fee_share"] = 0.1;
  spec["rules"]["pay"]["peak_fee_days"] = "all";
  spec["rules"]["pay"]["night_surcharge_yuan"] = 1.0;
  spec["rules"]["multiplier"] = {{"share", 0.25}, {"start_h", 0.0}, {"end_h", 24.0}, {"days", "all"}};
  spec["rules"]["threshold_bonuses"] = json::array({{{"period", "day"}, {"orders", 3}, {"bonus_yuan", 7.0}}});
  spec["rules"]["floor"] = {{"hourly_yuan", 30.0}, {"basis", "online"}};
  return compile(spec);
}

// the row of rider-days each delivered order belongs to: the worker's last log-in before it
std::vector<std::int64_t> day_row_of_orders(const Results& r) {
  const RiderDayColumns& days = r.rider_days;
  std::vector<std::int64_t> row(r.orders.size(), -1);
  for (std::size_t o = 0; o < r.orders.size(); ++o) {
    if (r.orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    std::int32_t best_login = -1;
    for (std::size_t d = 0; d < days.size(); ++d) {
      if (days.rider_id[d] == r.orders.rider_id[o] && days.login_s[d] <= r.orders.delivered_s[o] &&
          days.login_s[d] > best_login) {
        best_login = days.login_s[d];
        row[o] = static_cast<std::int64_t>(d);
      }
    }
  }
  return row;
}

struct HandTotals {
  Fen gross = 0, penalties = 0, commission = 0, bonuses = 0, window_pay = 0, peak = 0, orders = 0;
};

}  // namespace

TEST_CASE("settlement: each rider-day adds up its slips, by hand, component by component") {
  const Scenario sc = every_money_rule();
  const Results r = run(sc, 5);
  const OrderColumns& o = r.orders;
  const std::vector<std::int64_t> row = day_row_of_orders(r);
  std::vector<HandTotals> hand(r.rider_days.size());
  Fen fines = 0, peak_fees = 0;
  for (std::size_t k = 0; k < o.size(); ++k) {
    if (row[k] < 0) continue;
    const auto m = [&](Money c) { return o.money_of(c)[k]; };
    HandTotals& h = hand[static_cast<std::size_t>(row[k])];
    h.orders += 1;
    h.gross += m(Money::PAY_BASE) + m(Money::PAY_DISTANCE) + m(Money::PAY_FARE) + m(Money::PAY_WEATHER) +
               m(Money::PAY_NIGHT) + m(Money::PAY_FESTIVAL) + m(Money::SAFETY_BONUS) + m(Money::TRIP_FLOOR_TOPUP) +
               m(Money::STATION_PAY) + m(Money::DIRECT_DISPATCH_FEE) + m(Money::PEAK_SERVICE_FEE);
    h.penalties += m(Money::LATENESS_PENALTY) + m(Money::BAD_REVIEW_FINE);
    h.commission += m(Money::WORKER_COMMISSION);
    h.bonuses += m(Money::SAFETY_BONUS);
    // the multiplier accelerates the platform's pay for the work, not the fee customers pay the
    // worker directly, nor a top-up
    h.window_pay += m(Money::PAY_BASE) + m(Money::PAY_DISTANCE) + m(Money::PAY_FARE) + m(Money::PAY_WEATHER) +
                    m(Money::PAY_NIGHT) + m(Money::PAY_FESTIVAL) + m(Money::SAFETY_BONUS) + m(Money::STATION_PAY) +
                    m(Money::DIRECT_DISPATCH_FEE) - m(Money::WORKER_COMMISSION);
    h.peak += m(Money::PEAK_SERVICE_FEE);
    fines += m(Money::BAD_REVIEW_FINE);
    peak_fees += m(Money::PEAK_SERVICE_FEE);
  }
  // the rules this test is about were used
  REQUIRE(fines > 0);
  REQUIRE(peak_fees > 0);
  const RiderDayColumns& days = r.rider_days;
  Fen multipliers = 0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    INFO("rider-day " << d);
    const HandTotals& h = hand[d];
    CHECK(days.orders[d] == h.orders);
    CHECK(days.gross_fen[d] == h.gross);
    CHECK(days.penalties_fen[d] == h.penalties);
    CHECK(days.commission_fen[d] == h.commission);
    const Fen multiplier = days.money_of(Money::MULTIPLIER_BONUS)[d];
    const Fen threshold = days.money_of(Money::THRESHOLD_BONUS)[d];
    CHECK(multiplier == share_of(h.window_pay, 0.25));
    CHECK(threshold == (h.orders >= 3 ? 700 : 0));
    CHECK(days.bonuses_fen[d] == h.bonuses + multiplier + threshold);
    // the floor lifts what the day earned, bonuses included, to 30 yuan an online hour
    const Fen earned = h.gross - h.penalties - h.commission + multiplier + threshold;
    const Fen floor = static_cast<Fen>(std::ceil(days.online_s[d] / 3600.0 * 3000 - 1e-6));
    CHECK(days.money_of(Money::FLOOR_TOPUP)[d] == std::max<Fen>(0, floor - earned));
    CHECK(days.net_fen[d] == earned + days.money_of(Money::FLOOR_TOPUP)[d] - days.money_of(Money::PENSION_CONTRIBUTION)[d]);
    CHECK(days.net_after_costs_fen[d] == days.net_fen[d] - days.money_of(Money::VEHICLE_COST)[d]);
    multipliers += multiplier;
  }
  REQUIRE(multipliers > 0);
}

TEST_CASE("settlement: every transfer is dated when it is settled, slips at the delivery") {
  const Scenario sc = every_money_rule();
  const Results r = run(sc, 5);
  std::size_t slips = 0, days = 0;
  std::set<std::pair<std::int32_t, std::int32_t>> logouts;  // a worker's day is settled at the log-out
  for (std::size_t d = 0; d < r.rider_days.size(); ++d) logouts.insert({r.rider_days.rider_id[d], r.rider_days.logout_s[d]});
  r.ledger.for_each(r.orders, [&](const Transfer& t) {
    if (component(t.kind).when == Settled::JOB) {
      REQUIRE(t.order_id >= 0);
      CHECK(t.time_s == r.orders.delivered_s[static_cast<std::size_t>(t.order_id)]);
      CHECK(t.time_s > r.orders.picked_up_s[static_cast<std::size_t>(t.order_id)]);
      slips += 1;
    } else if (component(t.kind).when == Settled::DAY) {
      CHECK(t.order_id == -1);
      REQUIRE(t.rider_id >= 0);
      CHECK(logouts.count({t.rider_id, t.time_s}) == 1);
      days += 1;
    }
  });
  CHECK(slips > 100);
  CHECK(days > 10);
}

TEST_CASE("settlement: the summary's money figures are the columns' sums by hand") {
  const Scenario sc = every_money_rule();
  const Results r = run(sc, 5);
  const OrderColumns& o = r.orders;
  Fen platform_pay = 0, worker_paid = 0, commission = 0, welfare = 0, merchant_commission = 0, baskets = 0;
  double delivered = 0;
  for (std::size_t k = 0; k < o.size(); ++k) {
    if (o.status[k] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    const auto m = [&](Money c) { return o.money_of(c)[k]; };
    delivered += 1;
    const Fen pay = m(Money::PAY_BASE) + m(Money::PAY_DISTANCE) + m(Money::PAY_FARE) + m(Money::PAY_WEATHER) +
                    m(Money::PAY_NIGHT) + m(Money::PAY_FESTIVAL) + m(Money::SAFETY_BONUS) +
                    m(Money::TRIP_FLOOR_TOPUP) + m(Money::STATION_PAY) + m(Money::DIRECT_DISPATCH_FEE);
    platform_pay += pay;
    worker_paid += pay + m(Money::PEAK_SERVICE_FEE);
    commission += m(Money::WORKER_COMMISSION);
    welfare += m(Money::INSURANCE_LEVY);
    merchant_commission += m(Money::MERCHANT_COMMISSION);
    baskets += m(Money::MERCHANT_PAYOUT);
  }
  const RiderDayColumns& days = r.rider_days;
  double online_h = 0;
  for (std::size_t d = 0; d < days.size(); ++d) {
    const Fen day_pay = days.money_of(Money::MULTIPLIER_BONUS)[d] + days.money_of(Money::THRESHOLD_BONUS)[d] +
                        days.money_of(Money::FLOOR_TOPUP)[d];
    platform_pay += day_pay;
    worker_paid += day_pay;
    welfare += days.money_of(Money::PENSION_SUBSIDY)[d];
    online_h += days.online_s[d] / 3600.0;
  }
  REQUIRE(r.kpi("floor_topups_yuan") > 0);
  CHECK(r.kpi("rider_cost_per_order_yuan") == Approx(fen_to_yuan(platform_pay - commission + welfare) / delivered));
  CHECK(r.kpi("worker_gross_per_online_hour_mean") == Approx(fen_to_yuan(worker_paid) / online_h));
  CHECK(r.kpi("peak_fees_yuan") == Approx(fen_to_yuan(worker_paid - platform_pay)));
  CHECK(r.kpi("commission_rate_effective") ==
        Approx(static_cast<double>(merchant_commission) / static_cast<double>(baskets)));
  CHECK(r.kpi("ledger_imbalance_fen") == 0);
}
