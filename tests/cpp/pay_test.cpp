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
