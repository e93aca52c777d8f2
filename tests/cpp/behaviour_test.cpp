#include <catch2/catch.hpp>
#include <cmath>

#include "ridersim/behaviour.hpp"

using namespace ridersim;

namespace {
Behaviour calibrated() {
  Behaviour b;
  b.enabled = true;
  b.violation_intercept = -1.2;
  b.violation_slack_coef = 1.5;
  b.violation_sanction_coef = 1.5;
  b.violation_bonus_coef = 1.5;
  b.crash_per_million_km = 4.0;
  b.crash_violation_factor = 1.75;
  b.crash_fatigue_per_h = 0.1;
  b.accept_intercept = 1.5;
  b.accept_pay_coef = 0.5;
  b.accept_rejection_coef = 2.0;
  b.points_as_pay_share = 0.1;
  return b;
}
}  // namespace

TEST_CASE("behaviour: the violation model by hand and its directions") {
  const Behaviour b = calibrated();
  // logistic(-1.2 - 1.5 x 0 + 1.5 x 0.4 - 1.5 x 0) = logistic(-0.6)
  CHECK(violation_probability(0.0, 0.4, 0.0, b) == Approx(1.0 / (1.0 + std::exp(0.6))));
  CHECK(violation_probability(-0.3, 0.4, 0.0, b) > violation_probability(0.0, 0.4, 0.0, b));  // less slack
  CHECK(violation_probability(0.0, 0.0, 0.0, b) < violation_probability(0.0, 0.4, 0.0, b));   // no sanction
  CHECK(violation_probability(0.0, 0.4, 0.28, b) < violation_probability(0.0, 0.4, 0.0, b));  // a bonus at stake
  Behaviour off;
  CHECK(violation_probability(-5.0, 1.0, 0.0, off) == 0.0);
}

TEST_CASE("behaviour: expected sanction share by regime") {
  const Behaviour b = calibrated();
  LatenessRules l;
  l.cash_tiers = {{0, 0.4}, {6, 0.5}};
  l.sanction = LatenessSanction::CASH;
  CHECK(expected_sanction_share(l, b) == Approx(0.4));
  l.sanction = LatenessSanction::POINTS;
  l.points_minor = 1;
  CHECK(expected_sanction_share(l, b) == Approx(0.1));
  l.sanction = LatenessSanction::NONE;
  CHECK(expected_sanction_share(l, b) == 0.0);
}

TEST_CASE("behaviour: acceptance and crash probabilities by hand") {
  const Behaviour b = calibrated();
  CHECK(acceptance_probability(0.0, 0.0, b) == Approx(1.0 / (1.0 + std::exp(-1.5))));
  CHECK(acceptance_probability(-2.0, 0.0, b) < acceptance_probability(0.0, 0.0, b));
  CHECK(acceptance_probability(0.0, 0.5, b) > acceptance_probability(0.0, 0.0, b));
  // 2 km legal and rested: 1 - exp(-4e-6 x 2)
  CHECK(crash_probability(2.0, false, 5.0, b) == Approx(1.0 - std::exp(-8e-6)));
  CHECK(crash_probability(2.0, true, 5.0, b) == Approx(1.0 - std::exp(-8e-6 * 1.75)));
  // 11 h online: 3 hours beyond 8 add 30%
  CHECK(crash_probability(2.0, false, 11.0, b) == Approx(1.0 - std::exp(-8e-6 * 1.3)));
}

TEST_CASE("behaviour: customers respond to fee and promise") {
  CustomerResponse r;
  r.fee_elasticity = -0.3;
  r.promise_elasticity = -0.2;
  r.reference_fee_yuan = 3.0;
  r.reference_promise_min = 30.0;
  r.max_uplift = 1.2;
  CHECK(order_probability(3.0, 30.0, r) == Approx(1.0 / 1.2));
  // twice the fee: 2^-0.3 = 0.812
  CHECK(order_probability(6.0, 30.0, r) == Approx(std::pow(2.0, -0.3) / 1.2));
  CHECK(order_probability(0.0, 5.0, r) == 1.0);  // capped
  // linear with the same slope at the reference: 1 - 0.3 x (6 / 3 - 1) = 0.7, and a promise of
  // 45 minutes: - 0.2 x 0.5 = 0.6
  r.form = DemandForm::LINEAR;
  CHECK(order_probability(6.0, 30.0, r) == Approx(0.7 / 1.2));
  CHECK(order_probability(6.0, 45.0, r) == Approx(0.6 / 1.2));
  CHECK(order_probability(20.0, 30.0, r) == 0.0);  // no demand left, never below 0
  r.bad_review_on_time = 0.01;
  r.bad_review_per_late_min = 0.02;
  CHECK(bad_review_probability(0.0, r) == Approx(0.01));
  CHECK(bad_review_probability(10.0, r) == Approx(0.21));
}

TEST_CASE("behaviour: free entry: riders short of their reservation wage leave, well-paid ones bring others") {
  LabourSupply s;
  s.free_entry = true;
  s.elasticity = 0.8;
  s.adjustment_days = 14;
  CHECK(exit_probability(18.0, 20.0, s) == Approx(0.8 / 14 * 0.1));
  CHECK(exit_probability(22.0, 20.0, s) == 0.0);
  CHECK(exit_probability(-1000.0, 20.0, s) == 1.0);  // capped
  CHECK(expected_entrants(2.5, s) == Approx(0.8 / 14 * 2.5));
  CHECK(expected_entrants(-1.0, s) == 0.0);
  s.free_entry = false;
  CHECK(exit_probability(1.0, 20.0, s) == 0.0);
  CHECK(expected_entrants(5.0, s) == 0.0);
}

TEST_CASE("behaviour: stopping rules by hand") {
  LabourSupply s;
  s.max_extra_h = 2.0;
  s.decision_step_h = 0.25;
  StopFacts f;
  f.planned_h = 8.0;
  f.reservation_yuan_per_h = 25.0;

  SECTION("hours target: the planned day, whatever it paid") {
    s.stopping_rule = StoppingRule::HOURS_TARGET;
    f.online_h = 5.0;
    f.net_yuan = 400.0;
    CHECK(hours_to_go_on(f, s) == Approx(3.0));
    f.online_h = 8.0;
    CHECK(hours_to_go_on(f, s) == 0.0);
  }
  SECTION("income target: a high-pay day ends early, a poor one runs over") {
    s.stopping_rule = StoppingRule::INCOME_TARGET;
    f.online_h = 5.0;
    f.net_yuan = 200.0;  // the target: 25 x 8
    CHECK(hours_to_go_on(f, s) == 0.0);
    f.net_yuan = 150.0;
    CHECK(hours_to_go_on(f, s) == Approx(3.0));
    f.online_h = 8.0;
    CHECK(hours_to_go_on(f, s) == Approx(0.25));  // short of the target: a step more
    f.online_h = 9.9;
    CHECK(hours_to_go_on(f, s) == Approx(0.1));   // up to 2 h past the plan
    f.online_h = 10.0;
    CHECK(hours_to_go_on(f, s) == 0.0);
  }
  SECTION("forward looking: past the plan while the day pays the reservation wage") {
    s.stopping_rule = StoppingRule::FORWARD_LOOKING;
    f.online_h = 8.0;
    f.net_yuan = 240.0;
    f.recent_yuan_per_h = 30.0;
    CHECK(hours_to_go_on(f, s) == Approx(0.25));
    f.recent_yuan_per_h = 20.0;  // the last quarter paid 20 an hour, whatever the day did
    CHECK(hours_to_go_on(f, s) == 0.0);
    f.online_h = 4.0;    // before the plan's end it keeps to the plan
    CHECK(hours_to_go_on(f, s) == Approx(4.0));
  }
  SECTION("gates: a worker goes on to a gate that pays for the hours it takes") {
    s.stopping_rule = StoppingRule::HOURS_TARGET;
    f.planned_h = 6.5;
    f.online_h = 6.5;
    f.net_yuan = 6.5 * 20.0;  // 20 an hour against 25: half an hour costs 2.5 yuan more than it earns
    f.gate_h = 7.0;
    f.gate_bonus_yuan = 2.5;
    CHECK(hours_to_go_on(f, s) == Approx(0.5));
    f.gate_bonus_yuan = 2.4;
    CHECK(hours_to_go_on(f, s) == 0.0);
    f.gate_bonus_yuan = 100.0;
    f.gate_h = 9.0;  // beyond 2 h past the plan
    CHECK(hours_to_go_on(f, s) == 0.0);
    f.gate_h = 7.0;
    s.responds = {true, true, false};  // gates switched off
    CHECK(hours_to_go_on(f, s) == 0.0);
  }
  SECTION("with hours switched off every rule keeps to the plan") {
    s.responds = {true, false, true};
    for (const auto rule : {StoppingRule::INCOME_TARGET, StoppingRule::FORWARD_LOOKING}) {
      s.stopping_rule = rule;
      f.online_h = 5.0;
      f.net_yuan = 1000.0;
      CHECK(hours_to_go_on(f, s) == Approx(3.0));
      f.online_h = 8.0;
      CHECK(hours_to_go_on(f, s) == 0.0);
    }
  }
}

TEST_CASE("behaviour: bad weather multiplies the crash hazard") {
  Behaviour b;
  b.enabled = true;
  b.crash_per_million_km = 4.0;
  b.crash_violation_factor = 1.75;
  CHECK(crash_probability(2.0, false, 5.0, b, 2.0) == Approx(1.0 - std::exp(-8e-6 * 2.0)));
  CHECK(crash_probability(2.0, true, 5.0, b, 2.0) == Approx(1.0 - std::exp(-8e-6 * 1.75 * 2.0)));
  CHECK(crash_probability(2.0, false, 5.0, b) == Approx(1.0 - std::exp(-8e-6)));
}
