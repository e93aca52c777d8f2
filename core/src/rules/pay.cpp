#include "ridersim/pay.hpp"

#include <algorithm>
#include <cmath>

namespace ridersim {

Fen distance_pay_fen(double route_distance_m, const PayRules& pay) {
  const double km_over = std::max(0.0, route_distance_m / 1000.0 - 1.0);
  return static_cast<Fen>(std::llround(km_over * static_cast<double>(pay.per_km_over_1km_fen)));
}

Fen lateness_penalty_fen(Fen order_pay_fen, double minutes_late, const LatenessRules& lateness) {
  if (lateness.sanction != LatenessSanction::CASH || minutes_late <= 0.0) return 0;
  double share = 0.0;
  for (const auto& tier : lateness.cash_tiers) {
    if (minutes_late >= tier.from_min) share = tier.deduct_share;
  }
  return share_of(order_pay_fen, share);
}

double points_lost(double minutes_late, const LatenessRules& lateness) {
  if (lateness.sanction != LatenessSanction::POINTS || minutes_late <= 0.0) return 0.0;
  return minutes_late < lateness.major_after_min ? lateness.points_minor : lateness.points_major;
}

PaySlip order_pay(const OrderFacts& facts, const Rules& rules) {
  const PayRules& pay = rules.pay;
  PaySlip slip;
  slip.base_fen = pay.base_per_order_fen;
  slip.distance_fen = distance_pay_fen(facts.route_distance_m, pay);
  slip.weather_fen = facts.weather ? pay.weather_surcharge_fen : 0;
  slip.night_fen = facts.night ? pay.night_surcharge_fen : 0;
  slip.festival_fen = facts.festival ? pay.festival_surcharge_fen : 0;
  const bool peak_day = pay.peak_fee_days == DaySet::ALL || facts.festival;
  slip.peak_fee_fen = peak_day ? share_of(facts.basket_fen, pay.peak_fee_share) : 0;
  slip.safety_bonus_fen = facts.record_clean ? pay.safety_bonus_fen : 0;
  slip.penalty_fen = lateness_penalty_fen(slip.base_fen + slip.distance_fen, facts.minutes_late, rules.lateness);
  slip.bad_review_fine_fen = facts.bad_review ? rules.bad_review_fine_fen : 0;
  return slip;
}

Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission) {
  const Fen fee = share_of(basket_fen, commission.merchant_rate);
  return commission.per_order_cap_fen > 0 ? std::min(fee, commission.per_order_cap_fen) : fee;
}

Fen commission_refund_fen(Fen commission_fen, Fen basket_fen, const CommissionRules& commission) {
  if (commission.average_cap <= 0.0) return 0;
  // the platform keeps at most the cap: its share is rounded down to the fen
  const auto allowed = static_cast<Fen>(std::floor(static_cast<double>(basket_fen) * commission.average_cap));
  return std::max<Fen>(0, commission_fen - allowed);
}

bool is_night(std::int32_t time_s, const PayRules& pay) {
  const double hour = (time_s % kSecondsPerDay) / 3600.0;
  if (pay.night_start_h == pay.night_end_h) return false;
  if (pay.night_start_h < pay.night_end_h) return hour >= pay.night_start_h && hour < pay.night_end_h;
  return hour >= pay.night_start_h || hour < pay.night_end_h;  // wraps past midnight
}

Fen customer_fee_fen(double route_distance_m, bool night, const CustomerFeeRules& fee) {
  const double km_over = std::max(0.0, route_distance_m / 1000.0 - fee.free_km);
  return fee.base_fen + static_cast<Fen>(std::llround(km_over * static_cast<double>(fee.per_km_fen))) +
         (night ? fee.night_extra_fen : 0);
}

double floor_hours(const DayFacts& day, const FloorRules& floor) {
  switch (floor.basis) {
    case FloorBasis::ONLINE:
      return day.online_h;
    case FloorBasis::ENGAGED_OVER_UTILISATION:
      return std::min(day.online_h, day.engaged_h / floor.utilisation_reference);
    case FloorBasis::ENGAGED:
      return day.engaged_h;
    case FloorBasis::SHIFT:
      return day.shift_h;
  }
  return 0.0;
}

DaySettlement settle_day(const DayFacts& day, const Rules& rules) {
  DaySettlement s;
  const MultiplierRules& m = rules.multiplier;
  const double completion = day.offers > 0 ? static_cast<double>(day.orders) / day.offers : 0.0;
  if (m.share > 0.0 && day.multiplier_day && day.online_h >= m.min_online_h && completion >= m.min_completion_rate) {
    s.multiplier_fen = share_of(day.window_pay_fen, m.share);
  }
  for (const ThresholdBonus& bonus : rules.threshold_bonuses) {
    const bool reached = bonus.period == BonusPeriod::DAY
                             ? day.orders >= bonus.orders
                             : day.week_orders_before < bonus.orders && day.week_orders_before + day.orders >= bonus.orders;
    if (reached) s.threshold_bonus_fen += bonus.bonus_fen;
  }
  if (rules.floor.hourly_fen > 0) {
    const Fen floor = static_cast<Fen>(std::llround(floor_hours(day, rules.floor) * static_cast<double>(rules.floor.hourly_fen)));
    s.floor_topup_fen = std::max<Fen>(0, floor - (day.orders_net_fen + s.multiplier_fen + s.threshold_bonus_fen));
  }
  s.pension_subsidy_fen = share_of(rules.welfare.pension_premium_per_day_fen, rules.welfare.pension_subsidy_share);
  return s;
}

}  // namespace ridersim
