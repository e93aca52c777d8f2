#include "ridersim/behaviour.hpp"

#include <algorithm>
#include <cmath>

namespace ridersim {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double violation_probability(double slack, double sanction_share, double bonus_share, const Behaviour& b) {
  if (!b.enabled) return 0.0;
  return logistic(b.violation_intercept - b.violation_slack_coef * slack + b.violation_sanction_coef * sanction_share -
                  b.violation_bonus_coef * bonus_share);
}

double acceptance_probability(double surplus_yuan, double rejection_penalty, const Behaviour& b, double online_h) {
  if (!b.enabled) return 1.0;
  return logistic(b.accept_intercept + b.accept_pay_coef * surplus_yuan + b.accept_rejection_coef * rejection_penalty -
                  b.accept_fatigue_coef * std::max(0.0, online_h - 8.0));
}

double crash_probability(double km, bool violating, double online_h, const Behaviour& b) {
  if (!b.enabled || km <= 0.0 || b.crash_per_million_km <= 0.0) return 0.0;
  const double hazard_per_km = b.crash_per_million_km / 1e6 * (violating ? b.crash_violation_factor : 1.0) *
                               (1.0 + b.crash_fatigue_per_h * std::max(0.0, online_h - 8.0));
  return 1.0 - std::exp(-hazard_per_km * km);
}

double expected_sanction_share(const LatenessRules& lateness, const Behaviour& b) {
  switch (lateness.sanction) {
    case LatenessSanction::CASH:
      return lateness.cash_tiers.empty() ? 0.0 : lateness.cash_tiers.front().deduct_share;
    case LatenessSanction::POINTS:
      return lateness.points_minor * b.points_as_pay_share;
    case LatenessSanction::NONE:
      return 0.0;
  }
  return 0.0;
}

double order_probability(double fee_yuan, double promise_min, const CustomerResponse& r) {
  const double fee_ratio = std::max(fee_yuan, 0.01) / r.reference_fee_yuan;
  const double time_ratio = std::max(promise_min, 0.1) / r.reference_promise_min;
  const double p = std::pow(fee_ratio, r.fee_elasticity) * std::pow(time_ratio, r.promise_elasticity) / r.max_uplift;
  return std::clamp(p, 0.0, 1.0);
}

double bad_review_probability(double minutes_late, const CustomerResponse& r) {
  return std::clamp(r.bad_review_on_time + r.bad_review_per_late_min * std::max(0.0, minutes_late), 0.0, 1.0);
}

double exit_probability(double expected_yuan_per_h, double reservation_yuan_per_h, const LabourSupply& supply) {
  if (!supply.free_entry || reservation_yuan_per_h <= 0.0 || expected_yuan_per_h >= reservation_yuan_per_h) return 0.0;
  const double shortfall = (reservation_yuan_per_h - expected_yuan_per_h) / reservation_yuan_per_h;
  return std::min(1.0, supply.elasticity / supply.adjustment_days * shortfall);
}

double expected_entrants(double sum_of_surpluses, const LabourSupply& supply) {
  if (!supply.free_entry) return 0.0;
  return supply.elasticity / supply.adjustment_days * std::max(0.0, sum_of_surpluses);
}

}  // namespace ridersim
