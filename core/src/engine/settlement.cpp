#include <algorithm>
#include <limits>
#include <cmath>
#include <map>
#include <utility>

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

  JobFacts facts;
  facts.route_distance_m = orders.distance_m[o];
  facts.trip_min = (delivered_s - orders.picked_up_s[o]) / 60.0;
  facts.basket_fen = orders.basket_fen[o];
  facts.price_fen = orders.customer_fee_fen[o];
  facts.basis = sc.trade->pay_basis();
  facts.minutes_late = orders.minutes_late[o];
  facts.exempt = exempt_from_lateness(orders.placed_s[o], orders.ready_s[o], sc.demand.prep_mean_s, sc.rules.lateness);
  facts.weather = sc.world.weather_at(orders.picked_up_s[o]) != nullptr;
  facts.night = is_night(orders.picked_up_s[o], sc.rules.pay);
  facts.festival = sc.world.is_festival_day(day);
  const double placed_h = (orders.placed_s[o] % kSecondsPerDay) / 3600.0;
  facts.peak_hour = placed_h >= sc.rules.pay.peak_fee_start_h && placed_h < sc.rules.pay.peak_fee_end_h;
  Worker& worker = st.workers[rider];
  facts.record_clean = worker.today.violations == 0;
  const double left = orders.left_at_locker[o] ? sc.demand.response.bad_review_if_left : 0.0;
  const double p_review = bad_review_probability(facts.minutes_late, sc.demand.response) + left;
  facts.bad_review = p_review > 0.0 && hashed_uniform(Stream::CUSTOMER_CHOICE, o, 1, st.seed) < p_review;
  facts.first_complaint = worker.complaints_month == 0;
  if (facts.bad_review) worker.complaints_month += 1;
  const JobMoney money = job_money(facts, sc.rules);

  // the slip's columns, which are also its transfers in the ledger
  orders.bad_review[o] = facts.bad_review ? 1 : 0;
  std::uint32_t components = 0;
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) {
    if (money.fen[i] == 0) continue;  // a column of zeros stays unwritten
    orders.money[i][o] = money.fen[i];
    components |= 1u << i;
  }
  st.results.ledger.record_slip(o, components);
  orders.rider_net_fen[o] = money.worker_net_fen();

  // the service score: points lost when late, won back when on time
  const double lost = facts.exempt ? 0.0 : points_lost(facts.minutes_late, sc.rules.lateness);
  if (lost != 0.0) orders.points_lost[o] = lost;
  if (sc.rules.lateness.sanction == LatenessSanction::POINTS) {
    const double won = facts.minutes_late <= 0.0 ? sc.rules.lateness.points_recovered_on_time : 0.0;
    st.rider_score[rider] = std::clamp(st.rider_score[rider] - lost + won, 0.0, 100.0);
  }

  WorkerDayTotals& totals = worker.today;
  worker.deliveries += 1;
  totals.orders += 1;
  totals.gross_fen += money.worker_gross_fen();
  totals.penalties_fen -= money.for_worker(Role::SANCTION);
  totals.commission_fen -= money.for_worker(Role::COMMISSION);
  totals.bonuses_fen += money.for_worker(Role::WORKER_BONUS);
  totals.net_fen += money.worker_net_fen();

  // what the job paid inside the multiplier window counts towards the day's acceleration: the
  // platform's pay for the work, its conditions and bonuses, net of its commission (not what the
  // customer pays the worker directly, nor a top-up that follows from the rest)
  const MultiplierRules& m = sc.rules.multiplier;
  const double hour = (delivered_s % kSecondsPerDay) / 3600.0;
  if (m.share > 0.0 && hour >= m.start_h && hour < m.end_h) {
    totals.window_pay_fen += money.signed_for(Account::WORKER, [](Role r) {
      return r == Role::WORKER_PAY || r == Role::WORKER_SURCHARGE || r == Role::WORKER_BONUS || r == Role::COMMISSION;
    });
  }
}

double gate_bonus_at_stake_yuan(const Scenario& sc, const SimulationState& st, std::int32_t rider, double day_h) {
  const MultiplierRules& m = sc.rules.multiplier;
  const bool today = m.days == DaySet::ALL || sc.world.is_festival_day(st.now_s / kSecondsPerDay);
  if (m.share <= 0.0 || !today || (m.min_online_h <= 0.0 && m.min_completion_rate <= 0.0)) return 0.0;
  const Worker& worker = st.workers[rider];
  // half an hour at least, so that the first job's pay is not read as a day's pace
  const double online_h = std::max(0.5, (st.now_s - worker.login_s) / 3600.0);
  return m.share * fen_to_yuan(worker.today.window_pay_fen) / online_h * day_h;
}

void settle_rider_day(const Scenario& sc, SimulationState& st, std::int32_t rider) {
  RiderDayColumns& days = st.results.rider_days;
  const std::int32_t row = st.workers[rider].day_row;
  const RiderType& type = sc.rider_types[st.rider_type[rider]];
  DayFacts facts;
  facts.shift_h = days.shift_s[row] / 3600.0;
  facts.online_h = days.online_s[row] / 3600.0;
  facts.engaged_h = days.engaged_s[row] / 3600.0;
  facts.orders = days.orders[row];
  facts.offers = days.offers[row];
  facts.week_orders_before = st.rider_week_orders[rider];
  facts.orders_net_fen = days.net_fen[row];
  facts.window_pay_fen = st.workers[rider].today.window_pay_fen;
  facts.multiplier_day = sc.rules.multiplier.days == DaySet::ALL || sc.world.is_festival_day(days.day[row]);
  facts.distance_km = days.distance_m[row] / 1000.0;
  facts.vehicle_cost_per_km_fen = type.vehicle_cost_per_km_fen;
  facts.vehicle_cost_per_day_fen = type.vehicle_cost_per_day_fen;
  facts.crashes = days.crashes[row];
  facts.days_active_per_month = type.days_active_per_month();
  const DayMoney s = settle_day(facts, sc.rules);

  for (std::size_t i = 0; i < DayMoney::kCount; ++i) {
    const auto what = static_cast<Money>(DayMoney::kFirst + i);
    st.results.ledger.record(st.now_s, what, s.fen[i], -1, rider);
    days.money_of(what)[row] = s.fen[i];
  }
  days.bonuses_fen[row] += s.for_worker(Role::WORKER_BONUS);
  days.net_fen[row] += s.worker_net_fen();
  days.net_after_costs_fen[row] = days.net_fen[row] + s.for_worker(Role::WORKER_COST);
  days.score[row] = st.rider_score[rider];
  st.rider_week_orders[rider] += facts.orders;
}

void settle_commission_month(const Scenario& sc, SimulationState& st, std::int32_t month) {
  const CommissionRules& rules = sc.rules.commission;
  settle_station_month(sc, st, month);
  if (rules.average_cap <= 0.0 && rules.worker_average_cap <= 0.0) return;
  const OrderColumns& orders = st.results.orders;
  const auto& commission = orders.money_of(Money::MERCHANT_COMMISSION);
  const auto& payout = orders.money_of(Money::MERCHANT_PAYOUT);
  const auto& take = orders.money_of(Money::WORKER_COMMISSION);
  const auto& fare = orders.money_of(Money::PAY_FARE);
  Fen merchant_commission = 0;
  Fen baskets = 0;
  std::map<std::int32_t, std::pair<Fen, Fen>> by_worker;  // worker -> (commission, fares)
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED)) continue;
    if (orders.delivered_s[o] / kSecondsPerDay / 30 != month) continue;
    merchant_commission += commission[o];
    baskets += payout[o];
    if (fare[o] > 0) {
      auto& w = by_worker[orders.rider_id[o]];
      w.first += take[o];
      w.second += fare[o];
    }
  }
  st.results.ledger.record(st.now_s, Money::COMMISSION_REFUND,
                           average_cap_refund_fen(merchant_commission, baskets, rules.average_cap), -1, -1);
  for (const auto& [worker, totals] : by_worker) {
    st.results.ledger.record(st.now_s, Money::WORKER_COMMISSION_REFUND,
                             average_cap_refund_fen(totals.first, totals.second, rules.worker_average_cap), -1, worker);
  }
}

void settle_station_month(const Scenario& sc, SimulationState& st, std::int32_t month) {
  const StationRules& rules = sc.rules.station;
  if (rules.arrears_share <= 0.0) return;
  const OrderColumns& orders = st.results.orders;
  const auto& pay = orders.money_of(Money::STATION_PAY);
  std::map<std::int32_t, Fen> by_worker;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    if (orders.status[o] != static_cast<std::uint8_t>(OrderStatus::DELIVERED) || pay[o] == 0) continue;
    if (orders.delivered_s[o] / kSecondsPerDay / 30 != month) continue;
    by_worker[orders.rider_id[o]] += pay[o];
  }
  for (const auto& [worker, earned] : by_worker) {
    const Fen arrears = station_arrears_fen(earned, rules);
    st.results.ledger.record(st.now_s, Money::PAY_ARREARS, arrears, -1, worker);
    st.results.ledger.record(st.now_s, Money::GUARANTEE_PAYOUT, guarantee_payout_fen(arrears, rules), -1, worker);
  }
}

void expire_waiting(const Scenario& /*sc*/, SimulationState& st) {
  if (st.now_s < st.next_expiry_s) return;  // nobody's patience runs out yet: nothing to remove
  OrderColumns& orders = st.results.orders;
  std::int32_t next = std::numeric_limits<std::int32_t>::max();
  std::erase_if(st.waiting, [&](std::int32_t o) {
    if (orders.assigned_s[o] >= 0) return false;
    if (st.cancel_at_s[o] > st.now_s) {
      next = std::min(next, st.cancel_at_s[o]);
      return false;
    }
    orders.cancelled_s[o] = st.cancel_at_s[o];
    orders.status[o] = static_cast<std::uint8_t>(OrderStatus::CANCELLED);
    return true;
  });
  st.next_expiry_s = next;
}

void compact_waiting(SimulationState& st) {
  if (!st.waiting_dirty) return;  // nothing assigned since the last pass
  const OrderColumns& orders = st.results.orders;
  std::erase_if(st.waiting, [&](std::int32_t o) { return orders.assigned_s[o] >= 0 || orders.cancelled_s[o] >= 0; });
  st.waiting_dirty = false;
}

}  // namespace ridersim::detail
