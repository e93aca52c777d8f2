#include <algorithm>

#include "detail/settlement.hpp"
#include "ridersim/pay.hpp"

namespace ridersim::detail {

void settle_delivery(const Scenario& sc, SimulationState& st, std::int32_t o, std::int32_t delivered_s) {
  OrderColumns& orders = st.results.orders;
  const std::int32_t rider = orders.rider_id[o];
  orders.delivered_s[o] = delivered_s;
  orders.status[o] = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  orders.minutes_late[o] = std::max(0, delivered_s - orders.promised_s[o]) / 60.0;

  const OrderFacts facts{orders.distance_m[o], orders.basket_fen[o], orders.minutes_late[o]};
  const PaySlip slip = order_pay(facts, sc.rules);
  const Fen fee = sc.demand.delivery_fee_fen;
  const Fen commission = merchant_commission_fen(orders.basket_fen[o], sc.rules.commission);
  orders.delivery_fee_fen[o] = fee;
  orders.commission_fen[o] = commission;
  orders.pay_base_fen[o] = slip.base_fen;
  orders.pay_distance_fen[o] = slip.distance_fen;
  orders.penalty_fen[o] = slip.penalty_fen;
  orders.rider_net_fen[o] = slip.net_fen();

  LedgerColumns& ledger = st.results.ledger;
  ledger.record(delivered_s, TransferKind::CUSTOMER_PAYMENT, Account::CUSTOMERS, Account::PLATFORM,
                orders.basket_fen[o] + fee, o, -1);
  ledger.record(delivered_s, TransferKind::MERCHANT_PAYOUT, Account::PLATFORM, Account::MERCHANTS, orders.basket_fen[o], o,
                -1);
  ledger.record(delivered_s, TransferKind::MERCHANT_COMMISSION, Account::MERCHANTS, Account::PLATFORM, commission, o, -1);
  ledger.record(delivered_s, TransferKind::RIDER_PAY, Account::PLATFORM, Account::RIDER, slip.gross_fen(), o, rider);
  ledger.record(delivered_s, TransferKind::LATENESS_PENALTY, Account::RIDER, Account::PLATFORM, slip.penalty_fen, o, rider);

  RiderDayColumns& days = st.results.rider_days;
  const std::int32_t row = st.rider_day_row[rider];
  days.orders[row] += 1;
  days.gross_fen[row] += slip.gross_fen();
  days.penalties_fen[row] += slip.penalty_fen;
  days.net_fen[row] += slip.net_fen();
}

void expire_waiting(const Scenario& sc, SimulationState& st) {
  OrderColumns& orders = st.results.orders;
  const std::int32_t limit = sc.demand.cancel_after_unassigned_s;
  // every order has the same limit, so the expired ones are the oldest: a prefix of `waiting`
  std::size_t k = 0;
  for (; k < st.waiting.size(); ++k) {
    const std::int32_t o = st.waiting[k];
    if (orders.assigned_s[o] >= 0) continue;
    if (orders.placed_s[o] + limit > st.now_s) break;
    orders.cancelled_s[o] = orders.placed_s[o] + limit;
    orders.status[o] = static_cast<std::uint8_t>(OrderStatus::CANCELLED);
  }
  st.waiting.erase(st.waiting.begin(), st.waiting.begin() + static_cast<std::ptrdiff_t>(k));
}

void compact_waiting(SimulationState& st) {
  const OrderColumns& orders = st.results.orders;
  std::erase_if(st.waiting, [&](std::int32_t o) { return orders.assigned_s[o] >= 0 || orders.cancelled_s[o] >= 0; });
}

}  // namespace ridersim::detail
