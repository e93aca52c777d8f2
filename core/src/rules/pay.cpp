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

bool exempt_from_lateness(std::int32_t placed_s, std::int32_t ready_s, double expected_prep_s, const LatenessRules& lateness) {
  if (lateness.exempt_merchant_delay_min <= 0.0) return false;
  return ready_s - placed_s - expected_prep_s > lateness.exempt_merchant_delay_min * 60.0;
}

double points_lost(double minutes_late, const LatenessRules& lateness) {
  if (lateness.sanction != LatenessSanction::POINTS || minutes_late <= 0.0) return 0.0;
  return minutes_late < lateness.major_after_min ? lateness.points_minor : lateness.points_major;
}

Fen worker_commission_fen(Fen fare_fen, const CommissionRules& commission) {
  Fen take = std::min(fare_fen, share_of(fare_fen, commission.worker_rate) + commission.worker_fixed_fen);
  if (commission.worker_per_order_cap_share > 0.0) take = std::min(take, share_of(fare_fen, commission.worker_per_order_cap_share));
  if (commission.worker_per_order_cap_fen > 0) take = std::min(take, commission.worker_per_order_cap_fen);
  return take;
}

Fen trip_floor_fen(double route_distance_m, double trip_min, const TripFloorRules& floor) {
  if (floor.per_km_fen <= 0 && floor.per_min_fen <= 0) return 0;
  const double fen = (route_distance_m / 1000.0 * static_cast<double>(floor.per_km_fen) +
                      trip_min * static_cast<double>(floor.per_min_fen)) /
                     floor.utilisation;
  return static_cast<Fen>(std::llround(fen));
}

Fen quoted_pay_fen(double route_distance_m, Fen price_fen, PayBasis basis, const Rules& rules) {
  Fen pay = rules.pay.base_per_order_fen + distance_pay_fen(route_distance_m, rules.pay);
  if (basis == PayBasis::FARE) pay += price_fen - worker_commission_fen(price_fen, rules.commission);
  if (basis == PayBasis::FRANCHISE) {
    const StationRules& s = rules.station;
    pay += s.direct_payment ? std::max(price_fen, s.min_per_parcel_fen)
                            : std::max(price_fen - share_of(price_fen, s.cut_share), s.min_per_parcel_fen);
  }
  return pay;
}

JobMoney job_money(const JobFacts& facts, const Rules& rules) {
  const PayRules& pay = rules.pay;
  const bool fare = facts.basis == PayBasis::FARE;
  JobMoney m;
  m[Money::CUSTOMER_PAYMENT] = facts.basket_fen + facts.price_fen;
  m[Money::MERCHANT_PAYOUT] = facts.basket_fen;
  m[Money::MERCHANT_COMMISSION] = merchant_commission_fen(facts.basket_fen, rules.commission);
  const bool peak = (pay.peak_fee_days == DaySet::ALL || facts.festival) && facts.peak_hour;
  // the peak fee is a share of what the job is worth: the fare, or the basket
  m[Money::PEAK_SERVICE_FEE] = peak ? share_of(fare ? facts.price_fen : facts.basket_fen, pay.peak_fee_share) : 0;
  m[Money::PAY_BASE] = pay.base_per_order_fen;
  m[Money::PAY_DISTANCE] = distance_pay_fen(facts.route_distance_m, pay);
  m[Money::PAY_FARE] = fare ? facts.price_fen : 0;
  if (facts.basis == PayBasis::FRANCHISE) {
    // the dispatch fee reaches the courier through the station, less its cut, or straight from the brand
    const StationRules& station = rules.station;
    if (station.direct_payment) {
      m[Money::DIRECT_DISPATCH_FEE] = std::max(facts.price_fen, station.min_per_parcel_fen);
    } else {
      m[Money::DISPATCH_FEE] = facts.price_fen;
      m[Money::STATION_PAY] = std::max(facts.price_fen - share_of(facts.price_fen, station.cut_share), station.min_per_parcel_fen);
    }
  }
  m[Money::WORKER_COMMISSION] = fare ? worker_commission_fen(facts.price_fen, rules.commission) : 0;
  m[Money::PAY_WEATHER] = facts.weather ? pay.weather_surcharge_fen : 0;
  m[Money::PAY_NIGHT] = facts.night ? pay.night_surcharge_fen : 0;
  m[Money::PAY_FESTIVAL] = facts.festival ? pay.festival_surcharge_fen : 0;
  m[Money::SAFETY_BONUS] = facts.record_clean ? pay.safety_bonus_fen : 0;
  // what the job itself pays, before surcharges: the floor tops it up, sanctions take a share of it
  const Fen job_pay = m.for_worker(Role::WORKER_PAY) + m.for_worker(Role::COMMISSION);
  const Fen floor = trip_floor_fen(facts.route_distance_m, facts.trip_min, rules.trip_floor);
  m[Money::TRIP_FLOOR_TOPUP] = std::max<Fen>(0, floor - job_pay);
  m[Money::LATENESS_PENALTY] = facts.exempt ? 0
                                            : lateness_penalty_fen(job_pay, facts.minutes_late, rules.lateness) +
                                                  (facts.minutes_late > 0.0 ? rules.lateness.late_fine_fen : 0);
  const bool forgiven = rules.first_complaint_free && facts.first_complaint;
  m[Money::BAD_REVIEW_FINE] = facts.bad_review && !forgiven ? rules.bad_review_fine_fen : 0;
  m[Money::INSURANCE_LEVY] = rules.welfare.insurance_levy_fen;
  return m;
}

Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission) {
  const Fen fee = share_of(basket_fen, commission.merchant_rate);
  return commission.per_order_cap_fen > 0 ? std::min(fee, commission.per_order_cap_fen) : fee;
}

Fen average_cap_refund_fen(Fen charged_fen, Fen base_fen, double cap) {
  if (cap <= 0.0) return 0;
  const auto allowed = static_cast<Fen>(std::floor(static_cast<double>(base_fen) * cap));
  return std::max<Fen>(0, charged_fen - allowed);
}

double peak_fee_share(bool festival_day, std::int32_t placed_s, const PayRules& pay) {
  if (pay.peak_fee_share <= 0.0 || (pay.peak_fee_days == DaySet::FESTIVAL && !festival_day)) return 0.0;
  const double hour = (placed_s % kSecondsPerDay) / 3600.0;
  return hour >= pay.peak_fee_start_h && hour < pay.peak_fee_end_h ? pay.peak_fee_share : 0.0;
}

Fen station_arrears_fen(Fen month_pay_fen, const StationRules& station) { return share_of(month_pay_fen, station.arrears_share); }

Fen guarantee_payout_fen(Fen arrears_fen, const StationRules& station) {
  return share_of(arrears_fen, station.guarantee_cover_share);
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

DayMoney settle_day(const DayFacts& day, const Rules& rules) {
  DayMoney s;
  const MultiplierRules& m = rules.multiplier;
  const double completion = day.offers > 0 ? static_cast<double>(day.orders) / day.offers : 0.0;
  if (m.share > 0.0 && day.multiplier_day && day.online_h >= m.min_online_h && completion >= m.min_completion_rate) {
    s[Money::MULTIPLIER_BONUS] = share_of(day.window_pay_fen, m.share);
  }
  for (const ThresholdBonus& bonus : rules.threshold_bonuses) {
    const bool reached = bonus.period == BonusPeriod::DAY
                             ? day.orders >= bonus.orders
                             : day.week_orders_before < bonus.orders && day.week_orders_before + day.orders >= bonus.orders;
    if (reached) s[Money::THRESHOLD_BONUS] += bonus.bonus_fen;
  }
  if (rules.floor.hourly_fen > 0) {
    // rounded up to the fen, so that a floor at the minimum wage leaves nobody a fraction of a fen below it
    const Fen floor = static_cast<Fen>(std::ceil(floor_hours(day, rules.floor) * static_cast<double>(rules.floor.hourly_fen) - 1e-6));
    s[Money::FLOOR_TOPUP] = std::max<Fen>(0, floor - (day.orders_net_fen + s.for_worker(Role::WORKER_BONUS)));
  }
  const WelfareRules& welfare = rules.welfare;
  const bool enrolled = day.online_h >= welfare.pension_min_online_h &&
                        day.days_active_per_month + 1e-9 >= welfare.pension_min_days_per_month;
  if (enrolled) {
    s[Money::PENSION_SUBSIDY] = share_of(welfare.pension_premium_per_day_fen, welfare.pension_subsidy_share);
    s[Money::PENSION_CONTRIBUTION] = welfare.pension_premium_per_day_fen - s[Money::PENSION_SUBSIDY];
  }
  s[Money::INJURY_PAYOUT] = share_of(welfare.injury_payout_per_crash_fen * day.crashes, welfare.injury_cover_share);
  s[Money::VEHICLE_COST] = static_cast<Fen>(std::llround(day.distance_km * static_cast<double>(day.vehicle_cost_per_km_fen))) +
                       day.vehicle_cost_per_day_fen;
  return s;
}

}  // namespace ridersim
