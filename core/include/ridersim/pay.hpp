#pragma once
// Pay rules: pure functions from the facts of a delivered order and the rules to a pay slip.

#include <cstdint>

#include "ridersim/money.hpp"
#include "ridersim/scenario.hpp"

namespace ridersim {

/// What happened to one delivered order, as the pay rules see it.
struct OrderFacts {
  double route_distance_m = 0.0;  // merchant -> customer
  Fen basket_fen = 0;
  double minutes_late = 0.0;      // 0 when on time
};

/// Every component of a rider's pay for one order, in fen; what the rules did to this order.
struct PaySlip {
  Fen base_fen = 0;
  Fen distance_fen = 0;
  Fen penalty_fen = 0;  // lateness deduction, paid back by the rider to the platform

  [[nodiscard]] Fen gross_fen() const { return base_fen + distance_fen; }
  [[nodiscard]] Fen net_fen() const { return gross_fen() - penalty_fen; }
};

/// Distance add-on: per km of route distance beyond the first, rounded to the fen.
///
/// Example: 3.4 km at 0.80 yuan/km over 1 km -> 2.4 x 80 = 192 fen.
[[nodiscard]] Fen distance_pay_fen(double route_distance_m, const PayRules& pay);

/// Lateness deduction: the share of the order's gross pay of the highest cash tier reached.
///
/// Example: tiers 40% from 0 min, 50% from 6 min; 7.5 min late on 500 fen -> 250 fen.
[[nodiscard]] Fen lateness_penalty_fen(Fen gross_fen, double minutes_late, const LatenessRules& lateness);

/// The pay slip of one delivered order.
[[nodiscard]] PaySlip order_pay(const OrderFacts& facts, const Rules& rules);

/// The merchant's commission to the platform on one delivered order.
[[nodiscard]] Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission);

}  // namespace ridersim
