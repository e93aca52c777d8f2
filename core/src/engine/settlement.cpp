#include <algorithm>
#include <cmath>

#include "detail/settlement.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/rng.hpp"

namespace ridersim::detail {

void settle_delivery(const Scenario& sc, SimulationState& st, std::int32_t o, std::int32_t delivered_s) {
  OrderColumns& orders = st.results.orders;
  const std::int32_t rider = orders.rider_id[o];
  const std::int32_t day = delivered_s / kSecondsPerDay;
  orders.delivered_s[o] = delivered_s;
  orders.status[o] = static_cast<std::uint8_t>(OrderStatus::DELIVERED);
  orders.minutes_late[o] = std::max(0, delivered_s - orders.promised_s[o]) / 60.0;

  OrderFacts facts;
  facts.route_distance_m = orders.distance_m[o];
  facts.basket_fen = orders.basket_fen[o];
  facts.minutes_late = orders.minutes_late[o];
  facts.weather = sc.world.weather_at(orders.picked_up_s[o]) != nullptr;
  facts.night = is_night(orders.picked_up_s[o], sc.rules.pay);
  facts.festival = sc.world.is_festival_day(day);
  facts.record_clean = st.rider_violations_today[rider] == 0;
  facts.bad_review = hashed_uniform(Stream::CUSTOMER_CHOICE, o, 1, st.seed) <
                     bad_review_probability(facts.minutes_late, sc.demand.response);
  const PaySlip slip = order_pay(facts, sc.rules);
  const Fen fee = orders.customer_fee_fen[o];
  const Fen commission = merchant_commission_fen(orders.basket_fen[o], sc.rules.commission);
  const Fen levy = sc.rules.welfare.insurance_levy_fen;

  orders.bad_review[o] = facts.bad_review ? 1 : 0;
  orders.commission_fen[o] = commission;
  orders.insurance_levy_fen[o] = levy;
  orders.pay_base_fen[o] = slip.base_fen;
  orders.pay_distance_fen[o] = slip.distance_fen;
  orders.pay_weather_fen[o] = slip.weather_fen;
  orders.pay_night_fen[o] = slip.night_fen;
  orders.pay_festival_fen[o] = slip.festival_fen;
  orders.peak_fee_fen[o] = slip.peak_fee_fen;
  orders.safety_bonus_fen[o] = slip.safety_bonus_fen;
  orders.penalty_fen[o] = slip.penalty_fen;
  orders.bad_review_fine_fen[o] = slip.bad_review_fine_fen;
  orders.rider_net_fen[o] = slip.net_fen();

  // the service score: points lost when late, won back when on time
  const double lost = points_lost(facts.minutes_late, sc.rules.lateness);
  orders.points_lost[o] = lost;
  if (sc.rules.lateness.sanction == LatenessSanction::POINTS) {
    const double won = facts.minutes_late <= 0.0 ? sc.rules.lateness.points_recovered_on_time : 0.0;
    st.rider_score[rider] = std::clamp(st.rider_score[rider] - lost + won, 0.0, 100.0);
  }

  LedgerColumns& ledger = st.results.ledger;
  const Fen basket = orders.basket_fen[o];
  ledger.record(delivered_s, TransferKind::CUSTOMER_PAYMENT, Account::CUSTOMERS, Account::PLATFORM, basket + fee, o, -1);
  ledger.record(delivered_s, TransferKind::PEAK_SERVICE_FEE, Account::CUSTOMERS, Account::RIDER, slip.peak_fee_fen, o, rider);
  ledger.record(delivered_s, TransferKind::MERCHANT_PAYOUT, Account::PLATFORM, Account::MERCHANTS, basket, o, -1);
  ledger.record(delivered_s, TransferKind::MERCHANT_COMMISSION, Account::MERCHANTS, Account::PLATFORM, commission, o, -1);
  ledger.record(delivered_s, TransferKind::RIDER_PAY, Account::PLATFORM, Account::RIDER, slip.platform_pay_fen(), o, rider);
  ledger.record(delivered_s, TransferKind::LATENESS_PENALTY, Account::RIDER, Account::PLATFORM, slip.penalty_fen, o, rider);
  ledger.record(delivered_s, TransferKind::BAD_REVIEW_FINE, Account::RIDER, Account::PLATFORM, slip.bad_review_fine_fen, o,
                rider);
  ledger.record(delivered_s, TransferKind::INSURANCE_LEVY, Account::PLATFORM, Account::INSURER, levy, o, rider);

  RiderDayColumns& days = st.results.rider_days;
  const std::int32_t row = st.rider_day_row[rider];
  st.rider_deliveries[rider] += 1;
  days.orders[row] += 1;
  days.gross_fen[row] += slip.gross_fen();
  days.penalties_fen[row] += slip.deductions_fen();
  days.bonuses_fen[row] += slip.safety_bonus_fen;
  days.net_fen[row] += slip.net_fen();

  // pay earned inside the multiplier window counts towards the day's acceleration
  const MultiplierRules& m = sc.rules.multiplier;
  const double hour = (delivered_s % kSecondsPerDay) / 3600.0;
  if (m.share > 0.0 && hour >= m.start_h && hour < m.end_h) st.rider_window_pay_fen[rider] += slip.platform_pay_fen();
}

void settle_rider_day(const Scenario& sc, SimulationState& st, std::int32_t rider) {
  RiderDayColumns& days = st.results.rider_days;
  const std::int32_t row = st.rider_day_row[rider];
  DayFacts facts;
  facts.shift_h = days.shift_s[row] / 3600.0;
  facts.online_h = days.online_s[row] / 3600.0;
  facts.engaged_h = days.engaged_s[row] / 3600.0;
  facts.orders = days.orders[row];
  facts.offers = days.offers[row];
  facts.week_orders_before = st.rider_week_orders[rider];
  facts.orders_net_fen = days.net_fen[row];
  facts.window_pay_fen = st.rider_window_pay_fen[rider];
  facts.multiplier_day = sc.rules.multiplier.days == DaySet::ALL || sc.world.is_festival_day(days.day[row]);
  const DaySettlement s = settle_day(facts, sc.rules);

  LedgerColumns& ledger = st.results.ledger;
  ledger.record(st.now_s, TransferKind::MULTIPLIER_BONUS, Account::PLATFORM, Account::RIDER, s.multiplier_fen, -1, rider);
  ledger.record(st.now_s, TransferKind::THRESHOLD_BONUS, Account::PLATFORM, Account::RIDER, s.threshold_bonus_fen, -1, rider);
  ledger.record(st.now_s, TransferKind::FLOOR_TOPUP, Account::PLATFORM, Account::RIDER, s.floor_topup_fen, -1, rider);
  ledger.record(st.now_s, TransferKind::PENSION_SUBSIDY, Account::PLATFORM, Account::PENSION_FUND, s.pension_subsidy_fen, -1,
                rider);
  days.multiplier_fen[row] = s.multiplier_fen;
  days.threshold_bonus_fen[row] = s.threshold_bonus_fen;
  days.floor_topup_fen[row] = s.floor_topup_fen;
  days.pension_subsidy_fen[row] = s.pension_subsidy_fen;
  days.bonuses_fen[row] += s.multiplier_fen + s.threshold_bonus_fen;
  days.net_fen[row] += s.cash_fen();
  days.score[row] = st.rider_score[rider];
  st.rider_week_orders[rider] += facts.orders;
}

void settle_commission_month(const Scenario& sc, SimulationState& st, std::int32_t month) {
  if (sc.rules.commission.average_cap <= 0.0) return;
  const OrderColumns& orders = st.results.orders;
  Fen commission = 0;
  Fen baskets = 0;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    if (orders.delivered_s[o] / kSecondsPerDay / 30 != month) continue;
    commission += orders.commission_fen[o];
    baskets += orders.basket_fen[o];
  }
  st.results.ledger.record(st.now_s, TransferKind::COMMISSION_REFUND, Account::PLATFORM, Account::MERCHANTS,
                           commission_refund_fen(commission, baskets, sc.rules.commission), -1, -1);
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
