#include "ridersim/results.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace ridersim {

void OrderColumns::resize(std::size_t n) {
  // resize(n) zero-fills without writing (column.hpp): a column left at 0 costs no memory
  for (auto* v : {&day, &placed_s, &merchant_id, &ready_s, &promised_s, &pickup_service_s, &dropoff_service_s}) v->resize(n);
  release_s.resize(n, -1);
  vehicle.resize(n, kAnyVehicle);
  for (auto* v : {&assigned_s, &picked_up_s, &delivered_s, &cancelled_s, &rider_id}) v->resize(n, -1);
  offers.resize(n);
  for (auto* v : {&violations, &crash, &bad_review, &left_at_locker}) v->resize(n);
  for (auto* v : {&points_lost, &crash_risk, &minutes_short}) v->resize(n);
  for (auto* v : {&pickup_x_m, &pickup_y_m, &dropoff_x_m, &dropoff_y_m, &distance_m}) v->resize(n);
  minutes_late.resize(n, std::numeric_limits<double>::quiet_NaN());
  status.resize(n, static_cast<std::uint8_t>(OrderStatus::CANCELLED));
  for (auto* v : {&basket_fen, &customer_fee_fen, &quoted_pay_fen, &rider_net_fen}) v->resize(n);
  for (auto& v : money) v.resize(n);
}

std::vector<ColumnView> OrderColumns::columns() const {
  std::vector<ColumnView> out{{"day", &day, {}},
          {"placed_s", &placed_s, {}},
          {"merchant_id", &merchant_id, {}},
          {"pickup_x_m", &pickup_x_m, {}},
          {"pickup_y_m", &pickup_y_m, {}},
          {"dropoff_x_m", &dropoff_x_m, {}},
          {"dropoff_y_m", &dropoff_y_m, {}},
          {"distance_m", &distance_m, {}},
          {"ready_s", &ready_s, {}},
          {"release_s", &release_s, {}},
          {"pickup_service_s", &pickup_service_s, {}},
          {"dropoff_service_s", &dropoff_service_s, {}},
          {"promised_s", &promised_s, {}},
          {"assigned_s", &assigned_s, {}},
          {"picked_up_s", &picked_up_s, {}},
          {"delivered_s", &delivered_s, {}},
          {"cancelled_s", &cancelled_s, {}},
          {"status", &status, kOrderStatusNames},
          {"minutes_late", &minutes_late, {}},
          {"rider_id", &rider_id, {}},
          {"offers", &offers, {}},
          {"violations", &violations, {}},
          {"crash", &crash, {}},
          {"crash_risk", &crash_risk, {}},
          {"minutes_short", &minutes_short, {}},
          {"bad_review", &bad_review, {}},
          {"left_at_locker", &left_at_locker, {}},
          {"points_lost", &points_lost, {}},
          {"basket_fen", &basket_fen, {}},
          {"customer_fee_fen", &customer_fee_fen, {}},
          {"quoted_pay_fen", &quoted_pay_fen, {}}};
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) out.push_back({kMoney[i].column, &money[i], {}});
  out.push_back({"rider_net_fen", &rider_net_fen, {}});
  return out;
}

template <typename F>
void RiderDayColumns::each_column(F f) {
  for (auto* v : {&rider_id, &day, &rider_type, &login_s, &logout_s, &shift_s, &online_s, &engaged_s, &travel_s, &pickups,
                  &idle_s, &orders, &offers, &rejections, &violations, &crashes}) {
    f(*v);
  }
  f(fatigue_alert), f(forced_logoff);
  for (auto* v : {&score, &distance_m, &empty_distance_m}) f(*v);
  for (auto* v : {&gross_fen, &penalties_fen, &commission_fen, &bonuses_fen, &net_fen, &net_after_costs_fen}) f(*v);
  for (auto& v : money) f(v);
}

std::size_t RiderDayColumns::add(std::int32_t rider, std::int32_t on_day, std::int32_t type, std::int32_t login) {
  // growing a column by a zero writes nothing (Column): the columns a day never uses stay unmapped
  each_column([](auto& column) { column.grow(1); });
  const std::size_t row = size() - 1;
  rider_id[row] = rider;
  day[row] = on_day;
  rider_type[row] = type;
  login_s[row] = login;
  return row;
}

void RiderDayColumns::make_room(std::size_t more) {
  const std::size_t needed = size() + more;
  if (needed <= rider_id.capacity()) return;
  const std::size_t capacity = std::max(needed, 2 * size());
  each_column([capacity](auto& column) { column.reserve(capacity); });
}

std::vector<ColumnView> RiderDayColumns::columns() const {
  std::vector<ColumnView> out{{"rider_id", &rider_id, {}},
                              {"day", &day, {}},
                              {"rider_type", &rider_type, {}},
                              {"login_s", &login_s, {}},
                              {"logout_s", &logout_s, {}},
                              {"shift_s", &shift_s, {}},
                              {"online_s", &online_s, {}},
                              {"engaged_s", &engaged_s, {}},
                              {"travel_s", &travel_s, {}},
                              {"pickups", &pickups, {}},
                              {"idle_s", &idle_s, {}},
                              {"orders", &orders, {}},
                              {"offers", &offers, {}},
                              {"rejections", &rejections, {}},
                              {"violations", &violations, {}},
                              {"crashes", &crashes, {}},
                              {"fatigue_alert", &fatigue_alert, {}},
                              {"forced_logoff", &forced_logoff, {}},
                              {"score", &score, {}},
                              {"distance_m", &distance_m, {}},
                              {"empty_distance_m", &empty_distance_m, {}},
                              {"gross_fen", &gross_fen, {}},
                              {"penalties_fen", &penalties_fen, {}},
                              {"commission_fen", &commission_fen, {}},
                              {"bonuses_fen", &bonuses_fen, {}}};
  for (std::size_t i = 0; i < kDayMoneyCount; ++i) out.push_back({kMoney[kJobMoneyCount + i].column, &money[i], {}});
  out.push_back({"net_fen", &net_fen, {}});
  out.push_back({"net_after_costs_fen", &net_after_costs_fen, {}});
  return out;
}

namespace {

// a component's amount as a transfer: a negative amount flows from its payee to its payer
Transfer transfer_of(std::int32_t time, Money what, Fen amount, std::int32_t order, std::int32_t rider) {
  Transfer t{time, what, component(what).payer, component(what).payee, amount, order, rider};
  if (amount < 0) {
    std::swap(t.payer, t.payee);
    t.amount_fen = -amount;
  }
  return t;
}

}  // namespace

void Ledger::record(std::int32_t time, Money what, Fen amount, std::int32_t order, std::int32_t rider) {
  if (amount == 0) return;  // a transfer of nothing is not a transfer
  transfers.push_back({transfer_of(time, what, amount, order, rider), slips.size()});
}

Transfer slip_transfer(const OrderColumns& orders, std::size_t component, std::int32_t o) {
  const auto row = static_cast<std::size_t>(o);
  const MoneyComponent& c = kMoney[component];
  const bool worker_side = c.payer == Account::WORKER || c.payee == Account::WORKER;
  return transfer_of(orders.delivered_s[row], static_cast<Money>(component), orders.money[component][row], o,
                     worker_side ? orders.rider_id[row] : -1);
}

LedgerColumns Ledger::table(const OrderColumns& orders) const {
  LedgerColumns out;
  for_each(orders, [&out](const Transfer& t) {
    out.time_s.push_back(t.time_s);
    out.kind.push_back(static_cast<std::uint8_t>(t.kind));
    out.payer.push_back(static_cast<std::uint8_t>(t.payer));
    out.payee.push_back(static_cast<std::uint8_t>(t.payee));
    out.amount_fen.push_back(t.amount_fen);
    out.order_id.push_back(t.order_id);
    out.rider_id.push_back(t.rider_id);
  });
  return out;
}

std::vector<ColumnView> LedgerColumns::columns() const {
  return {{"time_s", &time_s, {}},       {"kind", &kind, kTransferKindNames}, {"payer", &payer, kAccountNames},
          {"payee", &payee, kAccountNames}, {"amount_fen", &amount_fen, {}},   {"order_id", &order_id, {}},
          {"rider_id", &rider_id, {}}};
}

double Results::kpi(std::string_view name) const {
  for (const auto& [key, value] : summary) {
    if (key == name) return value;
  }
  throw std::out_of_range("no KPI named " + std::string(name));
}

}  // namespace ridersim
