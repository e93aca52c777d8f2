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

enum class OrderStatus : std::uint8_t { DELIVERED, CANCELLED };
inline constexpr std::array<std::string_view, 2> kOrderStatusNames{"delivered", "cancelled"};

enum class Account : std::uint8_t { CUSTOMERS, PLATFORM, MERCHANTS, RIDER };
inline constexpr std::array<std::string_view, 4> kAccountNames{"customers", "platform", "merchants", "rider"};

enum class TransferKind : std::uint8_t { CUSTOMER_PAYMENT, MERCHANT_PAYOUT, MERCHANT_COMMISSION, RIDER_PAY, LATENESS_PENALTY };
inline constexpr std::array<std::string_view, 5> kTransferKindNames{"customer_payment", "merchant_payout",
                                                                    "merchant_commission", "rider_pay",
                                                                    "lateness_penalty"};

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
  std::vector<std::int64_t> basket_fen;
  std::vector<std::int64_t> delivery_fee_fen; // paid by the customer (0 if not delivered)
  std::vector<std::int64_t> commission_fen;   // paid by the merchant (0 if not delivered)
  std::vector<std::int64_t> pay_base_fen;     // pay slip: base
  std::vector<std::int64_t> pay_distance_fen; // pay slip: distance add-on
  std::vector<std::int64_t> penalty_fen;      // pay slip: lateness deduction
  std::vector<std::int64_t> rider_net_fen;    // pay slip: base + distance - penalty

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
  std::vector<std::int32_t> online_s;
  std::vector<std::int32_t> engaged_s;    // carrying or heading to an order
  std::vector<std::int32_t> idle_s;       // online - engaged
  std::vector<std::int32_t> orders;       // delivered
  std::vector<std::int64_t> gross_fen;
  std::vector<std::int64_t> penalties_fen;
  std::vector<std::int64_t> net_fen;

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

struct Results {
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
