#include <catch2/catch.hpp>

#include "ridersim/pay.hpp"

using namespace ridersim;

namespace {
Rules cash_rules() {
  Rules rules;
  rules.pay.base_per_order_fen = 400;
  rules.pay.per_km_over_1km_fen = 80;
  rules.commission.merchant_rate = 0.22;
  rules.lateness.sanction = LatenessSanction::CASH;
  rules.lateness.cash_tiers = {{0, 0.4}, {6, 0.5}, {12, 0.6}, {18, 0.7}};
  return rules;
}
}  // namespace

TEST_CASE("pay: distance add-on counts km beyond the first") {
  PayRules pay;
  pay.per_km_over_1km_fen = 80;
  CHECK(distance_pay_fen(3400, pay) == 192);  // 2.4 km x 80
  CHECK(distance_pay_fen(1000, pay) == 0);
  CHECK(distance_pay_fen(600, pay) == 0);
  CHECK(distance_pay_fen(1500, pay) == 40);
}

TEST_CASE("pay: slips by hand") {
  const Rules rules = cash_rules();
  SECTION("on time: base + distance, no deduction") {
    const PaySlip slip = order_pay({2500, 4500, 0.0}, rules);
    CHECK(slip.base_fen == 400);
    CHECK(slip.distance_fen == 120);  // 1.5 km x 80
    CHECK(slip.penalty_fen == 0);
    CHECK(slip.net_fen() == 520);
  }
  SECTION("a few seconds late: the first tier") {
    CHECK(order_pay({2500, 4500, 0.05}, rules).penalty_fen == 208);  // 40% of 520
  }
  SECTION("7.5 minutes late: the second tier") {
    CHECK(order_pay({2500, 4500, 7.5}, rules).penalty_fen == 260);  // 50% of 520
  }
  SECTION("exactly at a tier boundary the higher tier applies") {
    CHECK(order_pay({2500, 4500, 12.0}, rules).penalty_fen == 312);  // 60% of 520
    CHECK(order_pay({2500, 4500, 45.0}, rules).penalty_fen == 364);  // 70% of 520
  }
  SECTION("no sanction: lateness costs the rider nothing") {
    Rules none = rules;
    none.lateness.sanction = LatenessSanction::NONE;
    CHECK(order_pay({2500, 4500, 30.0}, none).penalty_fen == 0);
  }
}

TEST_CASE("pay: merchant commission rounds to the fen") {
  CommissionRules c;
  c.merchant_rate = 0.22;
  CHECK(merchant_commission_fen(4550, c) == 1001);  // 1001.0
  CHECK(merchant_commission_fen(4553, c) == 1002);  // 1001.66
  c.merchant_rate = 0.0;
  CHECK(merchant_commission_fen(4553, c) == 0);
}

TEST_CASE("pay: surcharges, peak fee, safety bonus and bad-review fine by hand") {
  Rules rules = cash_rules();
  rules.pay.weather_surcharge_fen = 200;
  rules.pay.night_surcharge_fen = 100;
  rules.pay.festival_surcharge_fen = 300;
  rules.pay.peak_fee_share = 0.4;
  rules.pay.peak_fee_days = DaySet::FESTIVAL;
  rules.pay.safety_bonus_fen = 150;
  rules.bad_review_fine_fen = 5000;
  OrderFacts facts{2500, 4500, 0.0};
  SECTION("a plain day: none of them") {
    const PaySlip slip = order_pay(facts, rules);
    CHECK(slip.weather_fen + slip.night_fen + slip.festival_fen + slip.peak_fee_fen + slip.safety_bonus_fen == 0);
    CHECK(slip.net_fen() == 520);
  }
  SECTION("a rainy festival night, clean record, bad review, 7 min late") {
    facts.weather = facts.night = facts.festival = facts.record_clean = facts.bad_review = true;
    facts.minutes_late = 7;
    const PaySlip slip = order_pay(facts, rules);
    CHECK(slip.weather_fen == 200);
    CHECK(slip.night_fen == 100);
    CHECK(slip.festival_fen == 300);
    CHECK(slip.peak_fee_fen == 1800);      // 40% of the 45-yuan order
    CHECK(slip.safety_bonus_fen == 150);
    CHECK(slip.penalty_fen == 260);        // 50% of base + distance only
    CHECK(slip.bad_review_fine_fen == 5000);
    CHECK(slip.platform_pay_fen() == 400 + 120 + 200 + 100 + 300 + 150);
    CHECK(slip.gross_fen() == 1270 + 1800);
    CHECK(slip.net_fen() == 3070 - 260 - 5000);
  }
  SECTION("the peak fee on every day") {
    rules.pay.peak_fee_days = DaySet::ALL;
    CHECK(order_pay(facts, rules).peak_fee_fen == 1800);
  }
}

TEST_CASE("pay: points regime by hand") {
  LatenessRules l;
  l.sanction = LatenessSanction::POINTS;
  l.points_minor = 1;
  l.points_major = 2;
  l.major_after_min = 5;
  CHECK(points_lost(0.0, l) == 0);
  CHECK(points_lost(3.0, l) == 1);
  CHECK(points_lost(9.0, l) == 2);
  CHECK(lateness_penalty_fen(500, 9.0, l) == 0);  // no cash under points
  l.sanction = LatenessSanction::CASH;
  CHECK(points_lost(9.0, l) == 0);
}

TEST_CASE("pay: commission caps by hand") {
  CommissionRules c;
  c.merchant_rate = 0.122;
  c.per_order_cap_fen = 10000;
  CHECK(merchant_commission_fen(50000, c) == 6100);
  CHECK(merchant_commission_fen(100000, c) == 10000);  // 12,200 capped at 100 yuan
  c.average_cap = 0.20;
  CHECK(commission_refund_fen(2300, 10000, c) == 300);
  CHECK(commission_refund_fen(1900, 10000, c) == 0);
  CHECK(commission_refund_fen(2300, 10003, c) == 300);  // 2000.6 allowed: rounded down, never above the cap
  c.average_cap = 0.0;
  CHECK(commission_refund_fen(2300, 10000, c) == 0);
}

TEST_CASE("pay: night hours and the customer fee by hand") {
  PayRules p;
  p.night_start_h = 22;
  p.night_end_h = 6;
  CHECK(is_night(23 * 3600, p));
  CHECK(is_night(kSecondsPerDay + 2 * 3600, p));
  CHECK_FALSE(is_night(12 * 3600, p));
  CHECK_FALSE(is_night(6 * 3600, p));
  p.night_start_h = 0;
  p.night_end_h = 5;
  CHECK(is_night(3600, p));
  CHECK_FALSE(is_night(22 * 3600, p));
  CustomerFeeRules fee;
  fee.base_fen = 300;
  fee.per_km_fen = 50;
  fee.free_km = 3;
  fee.night_extra_fen = 100;
  CHECK(customer_fee_fen(2500, false, fee) == 300);
  CHECK(customer_fee_fen(4200, false, fee) == 360);  // 1.2 km x 50
  CHECK(customer_fee_fen(4200, true, fee) == 460);
}

TEST_CASE("pay: the daily settlement by hand") {
  Rules rules;
  DayFacts day;
  day.online_h = 8;
  day.engaged_h = 4.4;
  day.orders = 20;
  day.offers = 21;
  day.orders_net_fen = 12000;
  day.window_pay_fen = 6000;
  day.multiplier_day = true;
  SECTION("multiplier: paid only when every gate is met") {
    rules.multiplier.share = 0.25;
    rules.multiplier.min_online_h = 7;
    rules.multiplier.min_completion_rate = 0.93;
    CHECK(settle_day(day, rules).multiplier_fen == 1500);  // 25% of 60 yuan; 20/21 = 0.952
    day.offers = 22;                                     // 20/22 = 0.909 < 0.93
    CHECK(settle_day(day, rules).multiplier_fen == 0);
    day.offers = 21;
    day.online_h = 6.5;
    CHECK(settle_day(day, rules).multiplier_fen == 0);
    day.online_h = 8;
    day.multiplier_day = false;
    CHECK(settle_day(day, rules).multiplier_fen == 0);
  }
  SECTION("threshold bonuses: daily when reached, weekly once when crossed") {
    rules.threshold_bonuses = {{BonusPeriod::DAY, 20, 1000}, {BonusPeriod::DAY, 25, 2000}, {BonusPeriod::WEEK, 100, 5000}};
    day.week_orders_before = 85;  // 85 -> 105 crosses 100
    CHECK(settle_day(day, rules).threshold_bonus_fen == 1000 + 5000);
    day.week_orders_before = 100;  // already paid this week
    CHECK(settle_day(day, rules).threshold_bonus_fen == 1000);
  }
  SECTION("floor: the top-up lifts net earnings to the floor on each basis") {
    rules.floor.hourly_fen = 2500;
    rules.floor.basis = FloorBasis::ONLINE;
    CHECK(settle_day(day, rules).floor_topup_fen == 8000);  // 8 h x 25 = 200 yuan - 120
    rules.floor.basis = FloorBasis::ENGAGED;
    CHECK(settle_day(day, rules).floor_topup_fen == 0);  // 4.4 h x 25 = 110 < 120
    rules.floor.basis = FloorBasis::ENGAGED_OVER_UTILISATION;
    rules.floor.utilisation_reference = 0.55;
    CHECK(floor_hours(day, rules.floor) == Approx(8.0));
    CHECK(settle_day(day, rules).floor_topup_fen == 8000);
    rules.multiplier.share = 0.25;  // bonuses count towards the floor
    CHECK(settle_day(day, rules).floor_topup_fen == 8000 - 1500);
  }
  SECTION("pension subsidy: a share of the day's premium") {
    rules.welfare.pension_premium_per_day_fen = 1500;
    rules.welfare.pension_subsidy_share = 0.5;
    const DaySettlement s = settle_day(day, rules);
    CHECK(s.pension_subsidy_fen == 750);
    CHECK(s.cash_fen() == 0);  // not cash in hand
  }
}
