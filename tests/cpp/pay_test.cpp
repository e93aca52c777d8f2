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

namespace {
JobFacts meal(double distance_m, Fen basket_fen, double minutes_late) {
  JobFacts f;
  f.route_distance_m = distance_m;
  f.basket_fen = basket_fen;
  f.minutes_late = minutes_late;
  return f;
}

JobFacts trip(Fen fare_fen, double distance_m = 8000, double minutes = 20) {
  JobFacts f;
  f.route_distance_m = distance_m;
  f.trip_min = minutes;
  f.price_fen = fare_fen;
  f.basis = PayBasis::FARE;
  return f;
}

}  // namespace

TEST_CASE("pay: slips by hand") {
  const Rules rules = cash_rules();
  SECTION("on time: base + distance, no deduction") {
    const JobMoney slip = job_money(meal(2500, 4500, 0.0), rules);
    CHECK(slip[Money::PAY_BASE] == 400);
    CHECK(slip[Money::PAY_DISTANCE] == 120);  // 1.5 km x 80
    CHECK(slip[Money::LATENESS_PENALTY] == 0);
    CHECK(slip.worker_net_fen() == 520);
  }
  SECTION("a few seconds late: the first tier") {
    CHECK(job_money(meal(2500, 4500, 0.05), rules)[Money::LATENESS_PENALTY] == 208);  // 40% of 520
  }
  SECTION("7.5 minutes late: the second tier") {
    CHECK(job_money(meal(2500, 4500, 7.5), rules)[Money::LATENESS_PENALTY] == 260);  // 50% of 520
  }
  SECTION("exactly at a tier boundary the higher tier applies") {
    CHECK(job_money(meal(2500, 4500, 12.0), rules)[Money::LATENESS_PENALTY] == 312);  // 60% of 520
    CHECK(job_money(meal(2500, 4500, 45.0), rules)[Money::LATENESS_PENALTY] == 364);  // 70% of 520
  }
  SECTION("no sanction: lateness costs the rider nothing") {
    Rules none = rules;
    none.lateness.sanction = LatenessSanction::NONE;
    CHECK(job_money(meal(2500, 4500, 30.0), none)[Money::LATENESS_PENALTY] == 0);
  }
  SECTION("the customer pays basket and fee; the basket goes to the merchant less its commission") {
    JobFacts f = meal(2500, 4500, 0.0);
    f.price_fen = 300;
    const JobMoney m = job_money(f, rules);
    CHECK(m[Money::CUSTOMER_PAYMENT] == 4800);
    CHECK(m[Money::MERCHANT_PAYOUT] == 4500);
    CHECK(m[Money::MERCHANT_COMMISSION] == 990);  // 22% of 45 yuan
    CHECK(m[Money::PAY_FARE] == 0);               // riders are not paid from the fee
    CHECK(m[Money::WORKER_COMMISSION] == 0);
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
  JobFacts facts = meal(2500, 4500, 0.0);
  SECTION("a plain day: none of them") {
    const JobMoney slip = job_money(facts, rules);
    CHECK(slip[Money::PAY_WEATHER] + slip[Money::PAY_NIGHT] + slip[Money::PAY_FESTIVAL] + slip[Money::PEAK_SERVICE_FEE] +
              slip[Money::SAFETY_BONUS] ==
          0);
    CHECK(slip.worker_net_fen() == 520);
  }
  SECTION("a rainy festival night, clean record, bad review, 7 min late") {
    facts.weather = facts.night = facts.festival = facts.record_clean = facts.bad_review = true;
    facts.minutes_late = 7;
    const JobMoney slip = job_money(facts, rules);
    CHECK(slip[Money::PAY_WEATHER] == 200);
    CHECK(slip[Money::PAY_NIGHT] == 100);
    CHECK(slip[Money::PAY_FESTIVAL] == 300);
    CHECK(slip[Money::PEAK_SERVICE_FEE] == 1800);  // 40% of the 45-yuan order
    CHECK(slip[Money::SAFETY_BONUS] == 150);
    CHECK(slip[Money::LATENESS_PENALTY] == 260);   // 50% of base + distance only
    CHECK(slip[Money::BAD_REVIEW_FINE] == 5000);
    CHECK(slip.worker_gross_fen() == 1270 + 1800);
    CHECK(slip.worker_net_fen() == 3070 - 260 - 5000);
  }
  SECTION("the peak fee on every day") {
    rules.pay.peak_fee_days = DaySet::ALL;
    CHECK(job_money(facts, rules)[Money::PEAK_SERVICE_FEE] == 1800);
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

TEST_CASE("pay: an abnormal order carries no lateness sanction") {
  LatenessRules l;
  l.sanction = LatenessSanction::CASH;
  l.cash_tiers = {{0.0, 0.4}};
  l.late_fine_fen = 200;
  CHECK_FALSE(exempt_from_lateness(0, 25 * 60, 12 * 60, l));  // off by default
  l.exempt_merchant_delay_min = 10;
  CHECK(exempt_from_lateness(0, 25 * 60, 12 * 60, l));         // ready 13 min after the expected 12
  CHECK_FALSE(exempt_from_lateness(0, 21 * 60, 12 * 60, l));   // 9 min: the worker's own lateness
  JobFacts facts;
  facts.minutes_late = 7;
  Rules rules;
  rules.lateness = l;
  rules.pay.base_per_order_fen = 500;
  CHECK(job_money(facts, rules)[Money::LATENESS_PENALTY] == 200 + 200);
  facts.exempt = true;
  CHECK(job_money(facts, rules)[Money::LATENESS_PENALTY] == 0);
}

TEST_CASE("pay: merchant commission caps by hand") {
  CommissionRules c;
  c.merchant_rate = 0.122;
  c.per_order_cap_fen = 10000;
  CHECK(merchant_commission_fen(50000, c) == 6100);
  CHECK(merchant_commission_fen(100000, c) == 10000);  // 12,200 capped at 100 yuan
  CHECK(average_cap_refund_fen(2300, 10000, 0.20) == 300);
  CHECK(average_cap_refund_fen(1900, 10000, 0.20) == 0);
  CHECK(average_cap_refund_fen(2300, 10003, 0.20) == 300);  // 2000.6 allowed: rounded down, never above the cap
  CHECK(average_cap_refund_fen(2300, 10000, 0.0) == 0);
}

TEST_CASE("pay: commission on the worker's fare by hand") {
  Rules rules;
  rules.commission.worker_rate = 0.20;
  SECTION("a 5-point cut raises the driver's pay by 5% of the fare, to the fen, and lowers the take as much") {
    const Fen fare = 4321;  // 43.21 yuan
    const JobMoney before = job_money(trip(fare), rules);
    Rules cut = rules;
    cut.commission.worker_rate = 0.15;
    const JobMoney after = job_money(trip(fare), cut);
    CHECK(before[Money::PAY_FARE] == 4321);
    CHECK(before[Money::WORKER_COMMISSION] == 864);  // 864.2
    CHECK(after[Money::WORKER_COMMISSION] == 648);   // 648.15
    CHECK(before.worker_net_fen() == 4321 - 864);
    CHECK(after.worker_net_fen() - before.worker_net_fen() == 216);  // 5% of 43.21 yuan = 2.1605 -> 216 fen
    CHECK(before[Money::CUSTOMER_PAYMENT] == after[Money::CUSTOMER_PAYMENT]);  // the passenger pays the same
  }
  SECTION("a per-order cap as a share binds only above it") {
    rules.commission.worker_rate = 0.35;
    rules.commission.worker_per_order_cap_share = 0.29;
    CHECK(worker_commission_fen(10000, rules.commission) == 2900);  // 35% capped at 29%
    rules.commission.worker_rate = 0.25;
    CHECK(worker_commission_fen(10000, rules.commission) == 2500);  // under the cap
  }
  SECTION("freight: 12.2% -> 10.9% with a 100-yuan cap") {
    CommissionRules c;
    c.worker_rate = 0.122;
    c.worker_per_order_cap_fen = 10000;
    CHECK(worker_commission_fen(100000, c) == 10000);  // 1,000 yuan: 122 capped at 100
    CHECK(worker_commission_fen(10000, c) == 1220);    // 100 yuan: 12.20, the cap does not bind
    c.worker_rate = 0.109;
    CHECK(worker_commission_fen(10000, c) == 1090);
    CHECK(worker_commission_fen(100000, c) == 10000);  // 109 still capped
  }
  SECTION("the monthly-average cap refunds exactly the excess") {
    // a driver's month: 100 trips of 50 yuan at a 29% take -> 1,450 yuan taken on 5,000; cap 25% -> 1,250
    CHECK(average_cap_refund_fen(100 * 1450, 100 * 5000, 0.25) == 20000);
  }
  SECTION("quoted pay is the fare less the commission") {
    CHECK(quoted_pay_fen(8000, 4321, PayBasis::FARE, rules) == 4321 - 864);
  }
}

TEST_CASE("pay: the per-trip floor (New York City style) by hand") {
  Rules rules;
  rules.commission.worker_rate = 0.25;
  rules.trip_floor.per_km_fen = 80;
  rules.trip_floor.per_min_fen = 40;
  rules.trip_floor.utilisation = 0.5;
  CHECK(trip_floor_fen(10000, 20, rules.trip_floor) == 3200);  // (8 + 8) / 0.5
  // a 30-yuan fare leaves 22.50 after the commission: topped up to 32
  const JobMoney low = job_money(trip(3000, 10000, 20), rules);
  CHECK(low[Money::TRIP_FLOOR_TOPUP] == 3200 - 2250);
  CHECK(low.worker_net_fen() == 3200);
  // a 60-yuan fare leaves 45: no top-up
  CHECK(job_money(trip(6000, 10000, 20), rules)[Money::TRIP_FLOOR_TOPUP] == 0);
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
    CHECK(settle_day(day, rules)[Money::MULTIPLIER_BONUS] == 1500);  // 25% of 60 yuan; 20/21 = 0.952
    day.offers = 22;                                     // 20/22 = 0.909 < 0.93
    CHECK(settle_day(day, rules)[Money::MULTIPLIER_BONUS] == 0);
    day.offers = 21;
    day.online_h = 6.5;
    CHECK(settle_day(day, rules)[Money::MULTIPLIER_BONUS] == 0);
    day.online_h = 8;
    day.multiplier_day = false;
    CHECK(settle_day(day, rules)[Money::MULTIPLIER_BONUS] == 0);
  }
  SECTION("threshold bonuses: daily when reached, weekly once when crossed") {
    rules.threshold_bonuses = {{BonusPeriod::DAY, 20, 1000}, {BonusPeriod::DAY, 25, 2000}, {BonusPeriod::WEEK, 100, 5000}};
    day.week_orders_before = 85;  // 85 -> 105 crosses 100
    CHECK(settle_day(day, rules)[Money::THRESHOLD_BONUS] == 1000 + 5000);
    day.week_orders_before = 100;  // already paid this week
    CHECK(settle_day(day, rules)[Money::THRESHOLD_BONUS] == 1000);
  }
  SECTION("floor: the top-up lifts net earnings to the floor on each basis") {
    rules.floor.hourly_fen = 2500;
    rules.floor.basis = FloorBasis::ONLINE;
    CHECK(settle_day(day, rules)[Money::FLOOR_TOPUP] == 8000);  // 8 h x 25 = 200 yuan - 120
    rules.floor.basis = FloorBasis::ENGAGED;
    CHECK(settle_day(day, rules)[Money::FLOOR_TOPUP] == 0);  // 4.4 h x 25 = 110 < 120
    rules.floor.basis = FloorBasis::ENGAGED_OVER_UTILISATION;
    rules.floor.utilisation_reference = 0.55;
    CHECK(floor_hours(day, rules.floor) == Approx(8.0));
    CHECK(settle_day(day, rules)[Money::FLOOR_TOPUP] == 8000);
    rules.multiplier.share = 0.25;  // bonuses count towards the floor
    CHECK(settle_day(day, rules)[Money::FLOOR_TOPUP] == 8000 - 1500);
  }
  SECTION("pension subsidy: a share of the day's premium") {
    rules.welfare.pension_premium_per_day_fen = 1500;
    rules.welfare.pension_subsidy_share = 0.5;
    const DayMoney s = settle_day(day, rules);
    CHECK(s[Money::PENSION_SUBSIDY] == 750);
    CHECK(s[Money::PENSION_CONTRIBUTION] == 750);  // the worker pays the rest
    CHECK(s.worker_net_fen() == -750);               // the subsidy is not cash in hand; the worker's share leaves it
  }
  SECTION("pension: only enrolled days pay, by the day's hours and the type's days a month") {
    rules.welfare.pension_premium_per_day_fen = 1000;
    rules.welfare.pension_subsidy_share = 0.3;
    rules.welfare.pension_min_online_h = 4.0;
    rules.welfare.pension_min_days_per_month = 20.0;
    day.days_active_per_month = 26.0;
    CHECK(settle_day(day, rules)[Money::PENSION_SUBSIDY] == 300);
    CHECK(settle_day(day, rules)[Money::PENSION_CONTRIBUTION] == 700);
    day.days_active_per_month = 8.0;  // an occasional rider's type
    CHECK(settle_day(day, rules)[Money::PENSION_SUBSIDY] == 0);
    CHECK(settle_day(day, rules)[Money::PENSION_CONTRIBUTION] == 0);
    day.days_active_per_month = 26.0;
    day.online_h = 3.5;
    CHECK(settle_day(day, rules)[Money::PENSION_SUBSIDY] == 0);
  }
  SECTION("injury insurance pays out the expected amount for the day's crashes") {
    rules.welfare.injury_payout_per_crash_fen = 300000;
    rules.welfare.injury_cover_share = 0.4;
    CHECK(settle_day(day, rules)[Money::INJURY_PAYOUT] == 0);
    day.crashes = 2;
    CHECK(settle_day(day, rules)[Money::INJURY_PAYOUT] == 240000);  // 2 x 3000 yuan x 0.4
    CHECK(settle_day(day, rules).worker_net_fen() == settle_day(day, rules)[Money::FLOOR_TOPUP]);  // compensation, not earnings
  }
}

TEST_CASE("pay: a fixed fee per order makes short trips dearer, and the share cap binds there first") {
  CommissionRules c;
  c.worker_rate = 0.20;
  c.worker_fixed_fen = 150;
  CHECK(worker_commission_fen(1300, c) == 260 + 150);   // 31.5% of a 13-yuan trip
  CHECK(worker_commission_fen(5000, c) == 1000 + 150);  // 23% of a 50-yuan trip
  c.worker_per_order_cap_share = 0.29;
  CHECK(worker_commission_fen(1300, c) == 377);         // capped at 29%
  CHECK(worker_commission_fen(5000, c) == 1150);        // under the cap
  CHECK(worker_commission_fen(100, c) == 29);           // never above the fare, and the cap still binds
}

TEST_CASE("pay: a fixed fine per late job, on top of any tier, whatever the sanction") {
  Rules rules = cash_rules();
  rules.lateness.late_fine_fen = 500;
  JobFacts f;
  f.route_distance_m = 2500;
  f.minutes_late = 7.5;
  CHECK(job_money(f, rules)[Money::LATENESS_PENALTY] == 260 + 500);  // 50% of 520, and the fine
  rules.lateness.sanction = LatenessSanction::NONE;
  CHECK(job_money(f, rules)[Money::LATENESS_PENALTY] == 500);
  f.minutes_late = 0;
  CHECK(job_money(f, rules)[Money::LATENESS_PENALTY] == 0);
}
