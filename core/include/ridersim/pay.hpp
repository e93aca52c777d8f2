#pragma once
// Pay rules: pure functions from the facts of an order or a rider-day and the rules to a pay
// slip or a settlement. No state, no randomness: a negotiator can recompute any slip by hand.

#include <cstdint>

#include "ridersim/money.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

/// What happened to one delivered order, as the pay rules see it.
struct OrderFacts {
  double route_distance_m = 0.0;  // merchant -> customer
  Fen basket_fen = 0;             // the order value
  double minutes_late = 0.0;      // 0 when on time
  bool weather = false;           // picked up during a weather period
  bool night = false;             // picked up during night hours
  bool festival = false;          // delivered on a festival day
  bool record_clean = false;      // the rider has no violation today at delivery
  bool bad_review = false;        // the customer left a delivery-caused bad review
};

/// Every component of a rider's pay for one order, in fen: what the rules did to this order.
struct PaySlip {
  Fen base_fen = 0;
  Fen distance_fen = 0;
  Fen weather_fen = 0;
  Fen night_fen = 0;
  Fen festival_fen = 0;
  Fen peak_fee_fen = 0;       // paid by the customer straight to the rider
  Fen safety_bonus_fen = 0;
  Fen penalty_fen = 0;        // lateness deduction (cash sanction)
  Fen bad_review_fine_fen = 0;

  /// What the platform pays the rider for the order.
  [[nodiscard]] Fen platform_pay_fen() const {
    return base_fen + distance_fen + weather_fen + night_fen + festival_fen + safety_bonus_fen;
  }
  [[nodiscard]] Fen gross_fen() const { return platform_pay_fen() + peak_fee_fen; }
  [[nodiscard]] Fen deductions_fen() const { return penalty_fen + bad_review_fine_fen; }
  [[nodiscard]] Fen net_fen() const { return gross_fen() - deductions_fen(); }
};

/// Distance add-on: per km of route distance beyond the first, rounded to the fen.
///
/// Example: 3.4 km at 0.80 yuan/km over 1 km -> 2.4 x 80 = 192 fen.
[[nodiscard]] Fen distance_pay_fen(double route_distance_m, const PayRules& pay);

/// Lateness deduction under cash tiers: the share of `order_pay_fen` of the highest tier reached.
///
/// Example: tiers 40% from 0 min, 50% from 6 min; 7.5 min late on 500 fen -> 250 fen.
[[nodiscard]] Fen lateness_penalty_fen(Fen order_pay_fen, double minutes_late, const LatenessRules& lateness);

/// Service-score points lost for one order under the points regime (0 otherwise).
///
/// Example: minor 1, major 2 from 5 min: 3 min late -> 1; 9 min late -> 2; on time -> 0.
[[nodiscard]] double points_lost(double minutes_late, const LatenessRules& lateness);

/// The pay slip of one delivered order. The lateness deduction is a share of base + distance.
[[nodiscard]] PaySlip order_pay(const OrderFacts& facts, const Rules& rules);

/// The merchant's commission to the platform on one delivered order, capped per order.
[[nodiscard]] Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission);

/// The refund that brings a period's commission down to the average cap (0 without a cap).
///
/// Example: cap 20%, baskets 10,000 fen, commission 2,300 fen -> 300 fen back to merchants.
[[nodiscard]] Fen commission_refund_fen(Fen commission_fen, Fen basket_fen, const CommissionRules& commission);

/// Whether a time of day (seconds since the start of day 0) falls in the night hours.
[[nodiscard]] bool is_night(std::int32_t time_s, const PayRules& pay);

/// What the customer pays for delivery: base + per km beyond the free distance + night extra.
[[nodiscard]] Fen customer_fee_fen(double route_distance_m, bool night, const CustomerFeeRules& fee);

/// What happened in one rider-day, as the daily settlement sees it.
struct DayFacts {
  double shift_h = 0.0;                  // the scheduled shift
  double online_h = 0.0;
  double engaged_h = 0.0;
  std::int32_t orders = 0;               // delivered today
  std::int32_t offers = 0;               // offers received today
  std::int32_t week_orders_before = 0;   // delivered earlier this week (days 0-6, 7-13, ...)
  Fen orders_net_fen = 0;                // sum of today's pay slips, net
  Fen window_pay_fen = 0;                // platform pay of today's orders delivered inside the multiplier window
  bool multiplier_day = false;           // the multiplier applies on this day
};

/// The daily settlement of one rider-day: bonuses, floor top-up, pension subsidy.
struct DaySettlement {
  Fen multiplier_fen = 0;
  Fen threshold_bonus_fen = 0;
  Fen floor_topup_fen = 0;
  Fen pension_subsidy_fen = 0;  // paid into the rider's pension, not in cash

  [[nodiscard]] Fen cash_fen() const { return multiplier_fen + threshold_bonus_fen + floor_topup_fen; }
};

/// Hours an earnings floor counts for a rider-day, by its basis.
///
/// Example: 6 h online, 3.3 h engaged, reference 0.55: online -> 6; engaged over utilisation -> 6; engaged -> 3.3.
[[nodiscard]] double floor_hours(const DayFacts& day, const FloorRules& floor);

/// Settles a rider-day: the multiplier (if the gates are met), threshold bonuses reached today,
/// then the floor top-up that lifts orders + bonuses to the floor, and the pension subsidy.
[[nodiscard]] DaySettlement settle_day(const DayFacts& day, const Rules& rules);

}  // namespace ridersim
