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

double crash_probability(double km, bool violating, double online_h, const Behaviour& b, double weather_factor) {
  if (!b.enabled || km <= 0.0 || b.crash_per_million_km <= 0.0) return 0.0;
  const double hazard_per_km = b.crash_per_million_km / 1e6 * (violating ? b.crash_violation_factor : 1.0) *
                               (1.0 + b.crash_fatigue_per_h * std::max(0.0, online_h - 8.0)) * weather_factor;
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
  const double demand = r.form == DemandForm::LINEAR
                            ? 1.0 + r.fee_elasticity * (fee_ratio - 1.0) + r.promise_elasticity * (time_ratio - 1.0)
                            : std::pow(fee_ratio, r.fee_elasticity) * std::pow(time_ratio, r.promise_elasticity);
  return std::clamp(demand / r.max_uplift, 0.0, 1.0);
}

double bad_review_probability(double minutes_late, const CustomerResponse& r) {
  return std::clamp(r.bad_review_on_time + r.bad_review_per_late_min * std::max(0.0, minutes_late), 0.0, 1.0);
}

double hours_to_go_on(const StopFacts& f, const LabourSupply& supply) {
  const double planned_left = std::max(0.0, f.planned_h - f.online_h);
  const double latest_h = f.planned_h + supply.max_extra_h;
  const double rate = f.online_h > 0.0 ? f.net_yuan / f.online_h : 0.0;
  const double step = std::min(supply.decision_step_h, std::max(0.0, latest_h - f.online_h));
  double go = planned_left;
  if (supply.responds_on(Margin::HOURS)) {
    switch (supply.stopping_rule) {
      case StoppingRule::HOURS_TARGET:
        break;
      case StoppingRule::INCOME_TARGET:
        if (f.net_yuan >= f.reservation_yuan_per_h * f.planned_h) {
          go = 0.0;
        } else if (planned_left <= 0.0) {
          go = step;
        }
        break;
      case StoppingRule::FORWARD_LOOKING:
        if (planned_left <= 0.0 && f.recent_yuan_per_h >= f.reservation_yuan_per_h) go = step;
        break;
    }
  }
  if (supply.responds_on(Margin::GATES) && f.gate_h > f.online_h && f.gate_h <= latest_h) {
    const double need = f.gate_h - f.online_h;
    if (f.gate_bonus_yuan + rate * need >= f.reservation_yuan_per_h * need) go = std::max(go, need);
  }
  return go;
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
