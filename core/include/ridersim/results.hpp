#pragma once
// Results of one run as columns (structure of arrays), ready to reach Python without copies.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ridersim/column.hpp"
#include "ridersim/money.hpp"

namespace ridersim {

/// A job any vehicle can serve.
inline constexpr std::uint8_t kAnyVehicle = 255;

enum class OrderStatus : std::uint8_t { DELIVERED, CANCELLED, DETERRED };
inline constexpr std::array<std::string_view, 3> kOrderStatusNames{"delivered", "cancelled", "deterred"};

/// The label of each transfer kind (a money component's name), for the ledger's kind column.
inline constexpr std::array<std::string_view, kMoneyCount> kTransferKindNames = [] {
  std::array<std::string_view, kMoneyCount> names{};
  for (std::size_t i = 0; i < kMoneyCount; ++i) names[i] = kMoney[i].name;
  return names;
}();

/// A read-only view of one column, for writers and bindings that treat columns generically.
struct ColumnView {
  std::string_view name;
  std::variant<const Column<std::int32_t>*, const Column<std::int64_t>*, const Column<double>*,
               const Column<std::uint8_t>*>
      data;
  std::span<const std::string_view> labels;  // for uint8 codes: the name of each code
};

/// One row per order placed. Times are seconds since the start of day 0; -1: did not happen.
struct OrderColumns {
  Column<std::int32_t> day;              // day the order was placed
  Column<std::int32_t> placed_s;
  Column<std::int32_t> merchant_id;
  Column<double> pickup_x_m;             // merchant
  Column<double> pickup_y_m;
  Column<double> dropoff_x_m;            // customer
  Column<double> dropoff_y_m;
  Column<double> distance_m;             // road distance merchant -> customer
  Column<std::int32_t> ready_s;          // ready for pickup (a meal prepared, a load, a passenger)
  Column<std::int32_t> release_s;        // reaches dispatch (placement, or shortly before a booked time)
  Column<std::int32_t> pickup_service_s;   // time at the pickup (loading), once per visit
  Column<std::int32_t> dropoff_service_s;  // time at the drop-off (unloading, the hand-over)
  Column<std::uint8_t> vehicle;          // the vehicle the job needs (a Vehicle); kAnyVehicle: any
  Column<std::int32_t> promised_s;       // promised delivery time
  Column<std::int32_t> assigned_s;
  Column<std::int32_t> picked_up_s;
  Column<std::int32_t> delivered_s;
  Column<std::int32_t> cancelled_s;
  Column<std::uint8_t> status;           // OrderStatus
  Column<double> minutes_late;           // max(0, delivered - promised) / 60; NaN: not delivered
  Column<std::int32_t> rider_id;         // -1: never assigned
  Column<std::int32_t> offers;           // offers made to riders (rejected ones included)
  Column<std::uint8_t> violations;       // legs ridden in violation of traffic rules (0-2)
  Column<std::uint8_t> crash;            // 1: the rider crashed on this order
  Column<double> crash_risk;             // expected crashes on its legs: each leg's crash probability
                                         // averaged over the choice to ride legally or not
  Column<double> minutes_short;          // most minutes, at the start of a leg, by which riding legally
                                         // would miss the promise (0: never pressed; the time pressure)
  Column<std::uint8_t> bad_review;       // 1: a delivery-caused bad review (a complaint)
  Column<std::uint8_t> left_at_locker;   // 1: left at a locker or the station, not carried to the door
  Column<double> points_lost;            // service-score points lost (points regime)
  Column<std::int64_t> basket_fen;       // order value (0: none, as for a ride)
  Column<std::int64_t> customer_fee_fen; // price the customer is quoted for the service: delivery fee, or fare
  Column<std::int64_t> quoted_pay_fen;   // pay the worker is offered for the job (what offers and risks weigh)
  // the pay slip: one column per JOB money component, named by kMoney[i].column (0 if not delivered)
  std::array<Column<std::int64_t>, kJobMoneyCount> money;
  Column<std::int64_t> rider_net_fen;    // what the job left the worker: paid to them less paid by them

  [[nodiscard]] Column<std::int64_t>& money_of(Money m) { return money[static_cast<std::size_t>(m)]; }
  [[nodiscard]] const Column<std::int64_t>& money_of(Money m) const { return money[static_cast<std::size_t>(m)]; }
  [[nodiscard]] std::size_t size() const { return placed_s.size(); }
  void resize(std::size_t n);
  [[nodiscard]] std::vector<ColumnView> columns() const;
};

/// One row per rider per day the rider logged in.
struct RiderDayColumns {
  Column<std::int32_t> rider_id;
  Column<std::int32_t> day;
  Column<std::int32_t> rider_type;   // index into the scenario's rider types
  Column<std::int32_t> login_s;
  Column<std::int32_t> logout_s;
  Column<std::int32_t> shift_s;      // the scheduled shift's length
  Column<std::int32_t> online_s;
  Column<std::int32_t> engaged_s;    // carrying or heading to an order
  Column<std::int32_t> travel_s;     // riding time
  Column<std::int32_t> pickups;      // merchant visits (a bundle from one merchant is one visit)
  Column<std::int32_t> idle_s;       // online - engaged
  Column<std::int32_t> orders;       // delivered
  Column<std::int32_t> offers;       // offers received
  Column<std::int32_t> rejections;
  Column<std::int32_t> violations;   // legs ridden in violation
  Column<std::int32_t> crashes;
  Column<std::uint8_t> fatigue_alert;   // 1: online past the alert threshold
  Column<std::uint8_t> forced_logoff;   // 1: logged off by the fatigue cap before the shift's end
  Column<double> score;              // service score at log-out
  Column<double> distance_m;         // road distance ridden or driven, with and without a job
  Column<double> empty_distance_m;   // of which with no job on board or on the way (repositioning)
  Column<std::int64_t> gross_fen;    // sum of the day's pay slips, gross
  Column<std::int64_t> penalties_fen;  // lateness deductions and bad-review fines
  Column<std::int64_t> commission_fen; // the platform's commission on the day's fares
  Column<std::int64_t> bonuses_fen;    // safety bonuses (in the slips), multiplier, threshold bonuses
  // the day's settlement: one column per DAY money component, named by its kMoney column
  std::array<Column<std::int64_t>, kDayMoneyCount> money;
  Column<std::int64_t> net_fen;      // earned: gross - penalties - commission + the day's cash settlement (before vehicle costs; an injury payout is in its own column, not earned)
  Column<std::int64_t> net_after_costs_fen;  // net_fen - vehicle costs

  /// The column of a DAY component.
  [[nodiscard]] Column<std::int64_t>& money_of(Money m) { return money[static_cast<std::size_t>(m) - kJobMoneyCount]; }
  [[nodiscard]] const Column<std::int64_t>& money_of(Money m) const {
    return money[static_cast<std::size_t>(m) - kJobMoneyCount];
  }
  [[nodiscard]] std::size_t size() const { return rider_id.size(); }
  /// A new row, all zero but its identity: only those four columns are written now.
  std::size_t add(std::int32_t rider, std::int32_t day, std::int32_t type, std::int32_t login);
  /// Room for `more` rows, so that adding them moves the columns at most once (to at least twice
  /// their size, as growing does).
  void make_room(std::size_t more);
  [[nodiscard]] std::vector<ColumnView> columns() const;

 private:
  template <typename F>
  void each_column(F f);
};

/// The ledger as a table: every transfer of money, in the order it happened, a row each.
struct LedgerColumns {
  Column<std::int32_t> time_s;
  Column<std::uint8_t> kind;         // Money: which component
  Column<std::uint8_t> payer;        // Account
  Column<std::uint8_t> payee;        // Account
  Column<std::int64_t> amount_fen;   // > 0
  Column<std::int32_t> order_id;     // -1: not about one order
  Column<std::int32_t> rider_id;     // the worker account involved; -1: none

  [[nodiscard]] std::size_t size() const { return time_s.size(); }
  [[nodiscard]] std::vector<ColumnView> columns() const;
};

/// One transfer: a component's amount, from its payer to its payee.
struct Transfer {
  std::int32_t time_s = 0;
  Money kind{};
  Account payer{};
  Account payee{};
  Fen amount_fen = 0;            // > 0
  std::int32_t order_id = -1;    // -1: not about one order
  std::int32_t rider_id = -1;    // the worker account involved; -1: none
};

/// Every transfer of money, in the order it happened. A delivery's pay slip is kept once, in the
/// order columns: the ledger notes which delivery was settled when (4 bytes, where a row per
/// component took 130) and reads the slip's transfers from the columns; every other transfer
/// (day settlements, monthly refunds) is kept whole.
struct Ledger {
  static_assert(kJobMoneyCount <= 32, "slip_components has a bit per job component");
  std::vector<std::int32_t> slips;  // delivered orders, in the order they were settled
  std::uint32_t slip_components = 0;  // a bit for each job component some slip has: the others' columns are all 0
  struct Entry {
    Transfer transfer;
    std::size_t slips_before;       // slips settled before it
  };
  std::vector<Entry> transfers;     // the transfers outside slips

  /// Records one component's transfer from its payer to its payee (nothing for 0; a negative
  /// amount flows the other way).
  void record(std::int32_t time, Money what, Fen amount, std::int32_t order, std::int32_t rider);
  /// Records the settlement of order o's pay slip (its amounts are in the order columns), whose
  /// non-zero components are the bits of `components`.
  void record_slip(std::int32_t o, std::uint32_t components) {
    slips.push_back(o);
    slip_components |= components;
  }

  /// Calls visit(const Transfer&) for every transfer, in the order they happened.
  template <typename Visit>
  void for_each(const OrderColumns& orders, Visit&& visit) const;
  /// The whole ledger as a table.
  [[nodiscard]] LedgerColumns table(const OrderColumns& orders) const;
};

/// The transfers of a component settled on a job (its slip's column for order o).
[[nodiscard]] Transfer slip_transfer(const OrderColumns& orders, std::size_t component, std::int32_t o);

template <typename Visit>
void Ledger::for_each(const OrderColumns& orders, Visit&& visit) const {
  // only the components some slip has (in a food run, 6 of the 19), each slip's columns in turn
  std::array<std::size_t, kJobMoneyCount> used{};
  std::size_t n_used = 0;
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) {
    if (slip_components >> i & 1u) used[n_used++] = i;
  }
  std::size_t next_slip = 0;
  const auto slips_until = [&](std::size_t end) {
    for (; next_slip < end; ++next_slip) {
      const std::int32_t o = slips[next_slip];
      for (std::size_t u = 0; u < n_used; ++u) {
        if (orders.money[used[u]][static_cast<std::size_t>(o)] != 0) visit(slip_transfer(orders, used[u], o));
      }
    }
  };
  for (const Entry& e : transfers) {
    slips_until(e.slips_before);
    visit(e.transfer);
  }
  slips_until(slips.size());
}

/// Named headline figures, in a fixed order.
using Summary = std::vector<std::pair<std::string, double>>;

/// How the run went, for benchmarks; never part of the summary (times vary from run to run).
struct Diagnostics {
  std::int64_t dispatch_ticks = 0;
  double dispatch_seconds = 0.0;  // wall time spent in batch dispatch
};

struct Results {
  Diagnostics diagnostics;
  std::int64_t logins_turned_away = 0;  // shifts the platform refused to protect utilisation (rules.login_cap)
  double dispatch_work = 0.0;           // units of work the dispatch counted (DispatchActions::count_work)
  std::vector<std::int64_t> member_days;  // by day and worker type (day x types + type): members on the platform that day (worked or not)
  std::string scenario_name;
  std::uint64_t seed = 0;
  OrderColumns orders;
  RiderDayColumns rider_days;
  Ledger ledger;
  Summary summary;

  /// The value of a summary figure; throws std::out_of_range for an unknown name.
  [[nodiscard]] double kpi(std::string_view name) const;
};

}  // namespace ridersim
