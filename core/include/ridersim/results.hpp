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

#include "ridersim/money.hpp"

namespace ridersim {

enum class OrderStatus : std::uint8_t { DELIVERED, CANCELLED, DETERRED };
inline constexpr std::array<std::string_view, 3> kOrderStatusNames{"delivered", "cancelled", "deterred"};

enum class Account : std::uint8_t { CUSTOMERS, PLATFORM, MERCHANTS, RIDER, INSURER, PENSION_FUND };
inline constexpr std::array<std::string_view, 6> kAccountNames{"customers", "platform", "merchants",
                                                               "rider",     "insurer",  "pension_fund"};

enum class TransferKind : std::uint8_t {
  CUSTOMER_PAYMENT,     // customer -> platform: basket + delivery fee
  PEAK_SERVICE_FEE,     // customer -> rider
  MERCHANT_PAYOUT,      // platform -> merchant: the basket
  MERCHANT_COMMISSION,  // merchant -> platform
  COMMISSION_REFUND,    // platform -> merchants: above the average cap
  RIDER_PAY,            // platform -> rider: the order's platform pay
  LATENESS_PENALTY,     // rider -> platform
  BAD_REVIEW_FINE,      // rider -> platform
  MULTIPLIER_BONUS,     // platform -> rider, daily
  THRESHOLD_BONUS,      // platform -> rider, daily
  FLOOR_TOPUP,          // platform -> rider, daily
  INSURANCE_LEVY,       // platform -> insurer, per order
  PENSION_SUBSIDY,      // platform -> pension fund on the rider's behalf, daily
};
inline constexpr std::array<std::string_view, 13> kTransferKindNames{
    "customer_payment", "peak_service_fee", "merchant_payout",  "merchant_commission", "commission_refund",
    "rider_pay",        "lateness_penalty", "bad_review_fine",  "multiplier_bonus",    "threshold_bonus",
    "floor_topup",      "insurance_levy",   "pension_subsidy"};

/// A read-only view of one column, for writers and bindings that treat columns generically.
struct ColumnView {
  std::string_view name;
  std::variant<const std::vector<std::int32_t>*, const std::vector<std::int64_t>*, const std::vector<double>*,
               const std::vector<std::uint8_t>*>
      data;
  std::span<const std::string_view> labels;  // for uint8 codes: the name of each code
};

/// One row per order placed. Times are seconds since the start of day 0; -1: did not happen.
struct OrderColumns {
  std::vector<std::int32_t> day;              // day the order was placed
  std::vector<std::int32_t> placed_s;
  std::vector<std::int32_t> merchant_id;
  std::vector<double> pickup_x_m;             // merchant
  std::vector<double> pickup_y_m;
  std::vector<double> dropoff_x_m;            // customer
  std::vector<double> dropoff_y_m;
  std::vector<double> distance_m;             // road distance merchant -> customer
  std::vector<std::int32_t> ready_s;          // meal ready for pickup
  std::vector<std::int32_t> promised_s;       // promised delivery time
  std::vector<std::int32_t> assigned_s;
  std::vector<std::int32_t> picked_up_s;
  std::vector<std::int32_t> delivered_s;
  std::vector<std::int32_t> cancelled_s;
  std::vector<std::uint8_t> status;           // OrderStatus
  std::vector<double> minutes_late;           // max(0, delivered - promised) / 60; NaN: not delivered
  std::vector<std::int32_t> rider_id;         // -1: never assigned
  std::vector<std::int32_t> offers;           // offers made to riders (rejected ones included)
  std::vector<std::uint8_t> violations;       // legs ridden in violation of traffic rules (0-2)
  std::vector<std::uint8_t> crash;            // 1: the rider crashed on this order
  std::vector<std::uint8_t> bad_review;       // 1: a delivery-caused bad review
  std::vector<double> points_lost;            // service-score points lost (points regime)
  std::vector<std::int64_t> basket_fen;       // order value
  std::vector<std::int64_t> customer_fee_fen; // delivery fee the customer pays (quoted; charged if delivered)
  std::vector<std::int64_t> commission_fen;   // paid by the merchant (0 if not delivered)
  std::vector<std::int64_t> insurance_levy_fen;
  // the pay slip (0 if not delivered)
  std::vector<std::int64_t> pay_base_fen;
  std::vector<std::int64_t> pay_distance_fen;
  std::vector<std::int64_t> pay_weather_fen;
  std::vector<std::int64_t> pay_night_fen;
  std::vector<std::int64_t> pay_festival_fen;
  std::vector<std::int64_t> peak_fee_fen;
  std::vector<std::int64_t> safety_bonus_fen;
  std::vector<std::int64_t> penalty_fen;      // lateness deduction
  std::vector<std::int64_t> bad_review_fine_fen;
  std::vector<std::int64_t> rider_net_fen;    // gross - deductions

  [[nodiscard]] std::size_t size() const { return placed_s.size(); }
  void resize(std::size_t n);
  [[nodiscard]] std::vector<ColumnView> columns() const;
};

/// One row per rider per day the rider logged in.
struct RiderDayColumns {
  std::vector<std::int32_t> rider_id;
  std::vector<std::int32_t> day;
  std::vector<std::int32_t> rider_type;   // index into the scenario's rider types
  std::vector<std::int32_t> login_s;
  std::vector<std::int32_t> logout_s;
  std::vector<std::int32_t> shift_s;      // the scheduled shift's length
  std::vector<std::int32_t> online_s;
  std::vector<std::int32_t> engaged_s;    // carrying or heading to an order
  std::vector<std::int32_t> travel_s;     // riding time
  std::vector<std::int32_t> pickups;      // merchant visits (a bundle from one merchant is one visit)
  std::vector<std::int32_t> idle_s;       // online - engaged
  std::vector<std::int32_t> orders;       // delivered
  std::vector<std::int32_t> offers;       // offers received
  std::vector<std::int32_t> rejections;
  std::vector<std::int32_t> violations;   // legs ridden in violation
  std::vector<std::int32_t> crashes;
  std::vector<std::uint8_t> fatigue_alert;   // 1: online past the alert threshold
  std::vector<std::uint8_t> forced_logoff;   // 1: logged off by the fatigue cap before the shift's end
  std::vector<double> score;              // service score at log-out
  std::vector<std::int64_t> gross_fen;    // sum of the day's pay slips, gross
  std::vector<std::int64_t> penalties_fen;  // lateness deductions and bad-review fines
  std::vector<std::int64_t> bonuses_fen;    // safety bonuses (in the slips), multiplier, threshold bonuses
  std::vector<std::int64_t> multiplier_fen;
  std::vector<std::int64_t> threshold_bonus_fen;
  std::vector<std::int64_t> floor_topup_fen;
  std::vector<std::int64_t> pension_subsidy_fen;  // paid into the rider's pension, not cash
  std::vector<std::int64_t> net_fen;      // gross - penalties + multiplier + threshold + floor top-up

  [[nodiscard]] std::size_t size() const { return rider_id.size(); }
  std::size_t add(std::int32_t rider, std::int32_t day, std::int32_t type, std::int32_t login);
  [[nodiscard]] std::vector<ColumnView> columns() const;
};

/// Every transfer of money, in the order it happened.
struct LedgerColumns {
  std::vector<std::int32_t> time_s;
  std::vector<std::uint8_t> kind;         // TransferKind
  std::vector<std::uint8_t> payer;        // Account
  std::vector<std::uint8_t> payee;        // Account
  std::vector<std::int64_t> amount_fen;   // > 0
  std::vector<std::int32_t> order_id;     // -1: not about one order
  std::vector<std::int32_t> rider_id;     // the rider account involved; -1: none

  [[nodiscard]] std::size_t size() const { return time_s.size(); }
  void record(std::int32_t time, TransferKind what, Account from, Account to, Fen amount, std::int32_t order,
              std::int32_t rider);
  [[nodiscard]] std::vector<ColumnView> columns() const;
};

/// Named headline figures, in a fixed order.
using Summary = std::vector<std::pair<std::string, double>>;

/// How the run went, for benchmarks; never part of the summary (times vary from run to run).
struct Diagnostics {
  std::int64_t dispatch_ticks = 0;
  double dispatch_seconds = 0.0;  // wall time spent in batch dispatch
};

struct Results {
  Diagnostics diagnostics;
  std::string scenario_name;
  std::uint64_t seed = 0;
  OrderColumns orders;
  RiderDayColumns rider_days;
  LedgerColumns ledger;
  Summary summary;

  /// The value of a summary figure; throws std::out_of_range for an unknown name.
  [[nodiscard]] double kpi(std::string_view name) const;
};

}  // namespace ridersim
