#pragma once
// Money is an integer number of fen (1/100 yuan; cents for dollar scenarios) end to end.
//
// Every amount that moves is one of the money components below, declared once: its name, who
// pays whom, and when it is settled. The pay slip of a job, the result columns, the ledger's
// transfer kinds and the reconciliation are all generated from this one table, so a new lever
// is a rule plus one row here.

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace ridersim {

using Fen = std::int64_t;

/// Converts a scenario amount in yuan to fen, rounding half away from zero.
[[nodiscard]] inline Fen yuan_to_fen(double yuan) { return static_cast<Fen>(std::llround(yuan * 100.0)); }

/// Converts fen to yuan for reporting only; never compute money in yuan.
[[nodiscard]] inline double fen_to_yuan(Fen fen) { return static_cast<double>(fen) / 100.0; }

/// A share of an amount, rounded half away from zero to the fen.
///
/// Example: `share_of(4550, 0.2) == 910`.
[[nodiscard]] inline Fen share_of(Fen amount, double share) {
  return static_cast<Fen>(std::llround(static_cast<double>(amount) * share));
}

/// The parties money moves between. Trades name them in their own words (customers are
/// passengers in ride-hailing, shippers in freight; workers are riders, drivers, couriers).
enum class Account : std::uint8_t {
  CUSTOMERS, PLATFORM, MERCHANTS, WORKER, INSURER, PENSION_FUND, VEHICLE_COSTS, STATION, GUARANTEE_FUND };
inline constexpr std::array<std::string_view, 9> kAccountNames{
    "customers", "platform", "merchants", "worker", "insurer", "pension_fund", "vehicle_costs", "station", "guarantee_fund"};

/// When a component is settled: with each delivered job (a pay-slip line and an order column),
/// with each worker-day (a rider-day column), or once a 30-day month closes (ledger only).
enum class Settled : std::uint8_t { JOB, DAY, MONTH };

/// What a component is to the platform's accounts: the basis of the headline money figures.
enum class Role : std::uint8_t {
  COLLECTION,      // what customers pay for the service (a delivery fee, a fare)
  PASS_THROUGH,    // money the platform only passes on (a meal's basket to its merchant)
  MERCHANT_FEE,    // what merchants pay the platform
  WORKER_PAY,      // the platform pays a worker
  WORKER_DIRECT,   // a customer pays a worker directly (a peak service fee)
  WORKER_CHARGE,   // a worker pays the platform: sanctions and the commission on fares
  WELFARE,         // the platform pays for workers' insurance and pensions
  WORKER_COST,     // a worker pays for the vehicle (fuel, rent, depreciation)
  STATION_FEE,     // the brand pays a franchise station for the work
  ARREARS,         // pay withheld on the pay date, and what a guarantee fund pays of it
  BENEFIT,         // an insurer pays a worker (an injury payout)
  CONTRIBUTION,    // a worker pays into their own pension
};

struct MoneyComponent {
  std::string_view name;    // the ledger's transfer kind
  std::string_view column;  // the column of the orders (JOB) or rider-days (DAY) table; empty for MONTH
  Account payer;
  Account payee;
  Settled when;
  Role role;
  std::string_view doc;
};

/// The money components, one row each. The order of the JOB rows is the order of a pay slip.
enum class Money : std::uint8_t {
  CUSTOMER_PAYMENT, MERCHANT_PAYOUT, MERCHANT_COMMISSION, PEAK_SERVICE_FEE,
  PAY_BASE, PAY_DISTANCE, PAY_FARE, PAY_WEATHER, PAY_NIGHT, PAY_FESTIVAL, SAFETY_BONUS, TRIP_FLOOR_TOPUP,
  DISPATCH_FEE, STATION_PAY, DIRECT_DISPATCH_FEE,
  WORKER_COMMISSION, LATENESS_PENALTY, BAD_REVIEW_FINE, INSURANCE_LEVY,
  MULTIPLIER_BONUS, THRESHOLD_BONUS, FLOOR_TOPUP, PENSION_SUBSIDY, PENSION_CONTRIBUTION, INJURY_PAYOUT, VEHICLE_COST,
  COMMISSION_REFUND, WORKER_COMMISSION_REFUND, PAY_ARREARS, GUARANTEE_PAYOUT,
};

// clang-format off
inline constexpr std::array<MoneyComponent, 30> kMoney{{
  {"customer_payment", "customer_payment_fen", Account::CUSTOMERS, Account::PLATFORM, Settled::JOB, Role::COLLECTION,
   "what the customer pays the platform for the job: the delivery fee and basket, or the fare"},
  {"merchant_payout", "merchant_payout_fen", Account::PLATFORM, Account::MERCHANTS, Settled::JOB, Role::PASS_THROUGH,
   "the basket's value, passed on to the merchant"},
  {"merchant_commission", "commission_fen", Account::MERCHANTS, Account::PLATFORM, Settled::JOB, Role::MERCHANT_FEE,
   "the merchant's commission on the basket"},
  {"peak_service_fee", "peak_fee_fen", Account::CUSTOMERS, Account::WORKER, Settled::JOB, Role::WORKER_DIRECT,
   "a share of the job's value paid by the customer straight to the worker on peak days"},
  {"pay_base", "pay_base_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the piece rate per job"},
  {"pay_distance", "pay_distance_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the distance add-on"},
  {"pay_fare", "pay_fare_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the fare the customer paid, passed to the worker before the commission"},
  {"pay_weather", "pay_weather_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the bad-weather surcharge"},
  {"pay_night", "pay_night_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the night surcharge"},
  {"pay_festival", "pay_festival_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the festival surcharge"},
  {"safety_bonus", "safety_bonus_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the safety (no-violation) bonus"},
  {"trip_floor_topup", "trip_floor_topup_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the top-up to a per-trip pay floor (per km and per minute, over utilisation)"},
  {"dispatch_fee", "dispatch_fee_fen", Account::PLATFORM, Account::STATION, Settled::JOB, Role::STATION_FEE,
   "the per-parcel dispatch fee the brand pays the franchise station"},
  {"station_pay", "station_pay_fen", Account::STATION, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "what the station pays the courier per parcel: the dispatch fee less its cut, at least the minimum"},
  {"direct_dispatch_fee", "direct_dispatch_fee_fen", Account::PLATFORM, Account::WORKER, Settled::JOB, Role::WORKER_PAY,
   "the dispatch fee paid by the brand straight to the courier"},
  {"worker_commission", "worker_commission_fen", Account::WORKER, Account::PLATFORM, Settled::JOB, Role::WORKER_CHARGE,
   "the platform's commission on the worker's fare"},
  {"lateness_penalty", "penalty_fen", Account::WORKER, Account::PLATFORM, Settled::JOB, Role::WORKER_CHARGE,
   "the lateness deduction (cash sanction)"},
  {"bad_review_fine", "bad_review_fine_fen", Account::WORKER, Account::PLATFORM, Settled::JOB, Role::WORKER_CHARGE,
   "the fine for a delivery-caused bad review"},
  {"insurance_levy", "insurance_levy_fen", Account::PLATFORM, Account::INSURER, Settled::JOB, Role::WELFARE,
   "the occupational injury insurance levy per job"},
  {"multiplier_bonus", "multiplier_fen", Account::PLATFORM, Account::WORKER, Settled::DAY, Role::WORKER_PAY,
   "earnings acceleration: a share of the day's pay inside the window, when the gates are met"},
  {"threshold_bonus", "threshold_bonus_fen", Account::PLATFORM, Account::WORKER, Settled::DAY, Role::WORKER_PAY,
   "bonuses for reaching a number of jobs in a day or week"},
  {"floor_topup", "floor_topup_fen", Account::PLATFORM, Account::WORKER, Settled::DAY, Role::WORKER_PAY,
   "the top-up to the hourly earnings floor"},
  {"pension_subsidy", "pension_subsidy_fen", Account::PLATFORM, Account::PENSION_FUND, Settled::DAY, Role::WELFARE,
   "the platform's share of the pension premium of an eligible worker-day"},
  {"pension_contribution", "pension_contribution_fen", Account::WORKER, Account::PENSION_FUND, Settled::DAY, Role::CONTRIBUTION,
   "the worker's own share of the pension premium of an eligible worker-day"},
  {"injury_payout", "injury_payout_fen", Account::INSURER, Account::WORKER, Settled::DAY, Role::BENEFIT,
   "what the occupational injury insurance pays a worker for the day's crashes"},
  {"vehicle_cost", "vehicle_cost_fen", Account::WORKER, Account::VEHICLE_COSTS, Settled::DAY, Role::WORKER_COST,
   "what the worker's vehicle cost for the day: per km driven and per day worked"},
  {"commission_refund", "", Account::PLATFORM, Account::MERCHANTS, Settled::MONTH, Role::MERCHANT_FEE,
   "merchant commission above the monthly-average cap, refunded"},
  {"worker_commission_refund", "", Account::PLATFORM, Account::WORKER, Settled::MONTH, Role::WORKER_CHARGE,
   "worker commission above the monthly-average cap, refunded to each worker"},
  {"pay_arrears", "", Account::WORKER, Account::STATION, Settled::MONTH, Role::ARREARS,
   "the share of a month's station pay the station does not pay on the pay date (kept back from the courier)"},
  {"guarantee_payout", "", Account::GUARANTEE_FUND, Account::WORKER, Settled::MONTH, Role::ARREARS,
   "what the wage guarantee fund pays couriers of the arrears"},
}};
// clang-format on

inline constexpr std::size_t kMoneyCount = kMoney.size();

// the job components come first, then the day ones, then the month ones
static_assert([] {
  for (std::size_t i = 1; i < kMoney.size(); ++i) {
    if (kMoney[i].when < kMoney[i - 1].when) return false;
  }
  return true;
}());

[[nodiscard]] constexpr const MoneyComponent& component(Money m) { return kMoney[static_cast<std::size_t>(m)]; }

/// The number of components settled with each job (they come first in the table).
inline constexpr std::size_t kJobMoneyCount = [] {
  std::size_t n = 0;
  while (n < kMoney.size() && kMoney[n].when == Settled::JOB) ++n;
  return n;
}();

/// The sign of a component for an account: +1 if the account is paid, -1 if it pays, else 0.
[[nodiscard]] constexpr int sign_for(const MoneyComponent& c, Account account) {
  return (c.payee == account ? 1 : 0) - (c.payer == account ? 1 : 0);
}

/// The money of one job: an amount (fen, >= 0) for each JOB component, in table order.
struct JobMoney {
  std::array<Fen, kJobMoneyCount> fen{};

  [[nodiscard]] Fen& operator[](Money m) { return fen[static_cast<std::size_t>(m)]; }
  [[nodiscard]] Fen operator[](Money m) const { return fen[static_cast<std::size_t>(m)]; }
  /// What the job leaves a worker: every component paid to them less every one they pay.
  [[nodiscard]] Fen worker_net_fen() const;
  /// What the worker receives for the job before any charge (gross).
  [[nodiscard]] Fen worker_gross_fen() const;
  /// What the worker pays for the job (commission, sanctions).
  [[nodiscard]] Fen worker_charges_fen() const;
};

inline Fen JobMoney::worker_gross_fen() const {
  Fen total = 0;
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) {
    if (kMoney[i].payee == Account::WORKER) total += fen[i];
  }
  return total;
}

inline Fen JobMoney::worker_charges_fen() const {
  Fen total = 0;
  for (std::size_t i = 0; i < kJobMoneyCount; ++i) {
    if (kMoney[i].payer == Account::WORKER) total += fen[i];
  }
  return total;
}

inline Fen JobMoney::worker_net_fen() const { return worker_gross_fen() - worker_charges_fen(); }

}  // namespace ridersim
