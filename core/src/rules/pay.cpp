#include "ridersim/pay.hpp"

#include <algorithm>
#include <cmath>

namespace ridersim {

Fen distance_pay_fen(double route_distance_m, const PayRules& pay) {
  const double km_over = std::max(0.0, route_distance_m / 1000.0 - 1.0);
  return static_cast<Fen>(std::llround(km_over * static_cast<double>(pay.per_km_over_1km_fen)));
}

Fen lateness_penalty_fen(Fen gross_fen, double minutes_late, const LatenessRules& lateness) {
  if (lateness.sanction != LatenessSanction::CASH || minutes_late <= 0.0) return 0;
  double share = 0.0;
  for (const auto& tier : lateness.cash_tiers) {
    if (minutes_late >= tier.from_min) share = tier.deduct_share;
  }
  return share_of(gross_fen, share);
}

PaySlip order_pay(const OrderFacts& facts, const Rules& rules) {
  PaySlip slip;
  slip.base_fen = rules.pay.base_per_order_fen;
  slip.distance_fen = distance_pay_fen(facts.route_distance_m, rules.pay);
  slip.penalty_fen = lateness_penalty_fen(slip.gross_fen(), facts.minutes_late, rules.lateness);
  return slip;
}

Fen merchant_commission_fen(Fen basket_fen, const CommissionRules& commission) {
  return share_of(basket_fen, commission.merchant_rate);
}

}  // namespace ridersim
