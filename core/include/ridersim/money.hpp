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
// id, name (the id in lower case)
#define RIDERSIM_ACCOUNTS(X) \
  X(CUSTOMERS, "customers") X(PLATFORM, "platform") X(MERCHANTS, "merchants") X(WORKER, "worker") \
  X(INSURER, "insurer") X(PENSION_FUND, "pension_fund") X(VEHICLE_COSTS, "vehicle_costs") X(STATION, "station") \
  X(GUARANTEE_FUND, "guarantee_fund")

enum class Account : std::uint8_t {
#define RIDERSIM_ACCOUNT_ID(id, name) id,
  RIDERSIM_ACCOUNTS(RIDERSIM_ACCOUNT_ID)
#undef RIDERSIM_ACCOUNT_ID
};
inline constexpr std::array kAccountNames{
#define RIDERSIM_ACCOUNT_NAME(id, name) std::string_view{name},
    RIDERSIM_ACCOUNTS(RIDERSIM_ACCOUNT_NAME)
#undef RIDERSIM_ACCOUNT_NAME
};

/// When a component is settled: with each delivered job (a pay-slip line and an order column),
/// with each worker-day (a rider-day column), or once a 30-day month closes (ledger only).
enum class Settled : std::uint8_t { JOB, DAY, MONTH };

/// What a component is to the accounts: the settlement and every money figure add components up
/// by role (and by payer and payee), never by name, so a new component is one row below.
// id, name (the id in lower case), what it is
#define RIDERSIM_MONEY_ROLES(X) \
  X(COLLECTION, "collection", "what customers pay for the service (a delivery fee, a fare)") \
  X(PASS_THROUGH, "pass_through", "money the platform only passes on (a meal's basket to its merchant)") \
  X(MERCHANT_FEE, "merchant_fee", "what merchants pay the platform, and its refunds") \
  X(WORKER_PAY, "worker_pay", "pay for the work: piece rates, distance, fares, per-parcel pay") \
  X(WORKER_SURCHARGE, "worker_surcharge", "pay for the work's conditions: bad weather, night, festival") \
  X(WORKER_BONUS, "worker_bonus", "pay for meeting a condition: safety, hours and completion, thresholds") \
  X(WORKER_TOPUP, "worker_topup", "what lifts pay to a floor (per trip or per hour)") \
  X(WORKER_DIRECT, "worker_direct", "a customer pays a worker directly (a peak service fee): not the platform's pay") \
  X(COMMISSION, "commission", "the platform's commission on a worker's fare, and its refunds") \
  X(SANCTION, "sanction", "a worker pays a fine or a deduction") \
  X(WELFARE, "welfare", "the platform pays for workers' insurance and pensions") \
  X(WORKER_COST, "worker_cost", "a worker pays for the vehicle (fuel, rent, depreciation)") \
  X(STATION_FEE, "station_fee", "the brand pays a franchise station for the work") \
  X(ARREARS, "arrears", "pay withheld on the pay date, and what a guarantee fund pays of it") \
  X(BENEFIT, "benefit", "an insurer pays a worker (an injury payout): compensation, not earnings") \
  X(CONTRIBUTION, "contribution", "a worker pays into their own pension")

enum class Role : std::uint8_t {
#define RIDERSIM_ROLE_ID(id, name, doc) id,
  RIDERSIM_MONEY_ROLES(RIDERSIM_ROLE_ID)
#undef RIDERSIM_ROLE_ID
};
inline constexpr std::array kRoleNames{
#define RIDERSIM_ROLE_NAME(id, name, doc) std::string_view{name},
    RIDERSIM_MONEY_ROLES(RIDERSIM_ROLE_NAME)
#undef RIDERSIM_ROLE_NAME
};
inline constexpr std::array kRoleDocs{
#define RIDERSIM_ROLE_DOC(id, name, doc) std::string_view{doc},
    RIDERSIM_MONEY_ROLES(RIDERSIM_ROLE_DOC)
#undef RIDERSIM_ROLE_DOC
};

/// Pay a worker earns (before charges): everything a worker is paid for work, by whoever pays it.
[[nodiscard]] constexpr bool is_earnings(Role r) {
  return r == Role::WORKER_PAY || r == Role::WORKER_SURCHARGE || r == Role::WORKER_BONUS || r == Role::WORKER_TOPUP ||
         r == Role::WORKER_DIRECT;
}

/// What the platform (or its station) spends on workers' pay: earnings but what customers pay directly.
[[nodiscard]] constexpr bool is_platform_pay(Role r) { return is_earnings(r) && r != Role::WORKER_DIRECT; }

struct MoneyComponent {
  std::string_view name;    // the ledger's transfer kind
  std::string_view column;  // the column of the orders (JOB) or rider-days (DAY) table; empty for MONTH
  Account payer;
  Account payee;
  Settled when;
  Role role;
  std::string_view doc;
};

/// The money components, one row each, the one list of them: the enum, the table, the result
/// columns, the ledger's transfer kinds and Python's names are all generated from it. JOB rows
/// come first (in the order of a pay slip), then DAY, then MONTH rows.
/// Columns: id, its name (the id in lower case), result column, payer, payee, when settled, role, what it is.
// clang-format off
#define RIDERSIM_MONEY_COMPONENTS(X) \
  X(CUSTOMER_PAYMENT, "customer_payment", "customer_payment_fen", CUSTOMERS, PLATFORM, JOB, COLLECTION, \
    "what the customer pays the platform for the job: the delivery fee and basket, or the fare") \
  X(MERCHANT_PAYOUT, "merchant_payout", "merchant_payout_fen", PLATFORM, MERCHANTS, JOB, PASS_THROUGH, \
    "the basket's value, passed on to the merchant") \
  X(MERCHANT_COMMISSION, "merchant_commission", "commission_fen", MERCHANTS, PLATFORM, JOB, MERCHANT_FEE, \
    "the merchant's commission on the basket") \
  X(PEAK_SERVICE_FEE, "peak_service_fee", "peak_fee_fen", CUSTOMERS, WORKER, JOB, WORKER_DIRECT, \
    "a share of the job's value paid by the customer straight to the worker on peak days") \
  X(PAY_BASE, "pay_base", "pay_base_fen", PLATFORM, WORKER, JOB, WORKER_PAY, \
    "the piece rate per job") \
  X(PAY_DISTANCE, "pay_distance", "pay_distance_fen", PLATFORM, WORKER, JOB, WORKER_PAY, \
    "the distance add-on") \
  X(PAY_FARE, "pay_fare", "pay_fare_fen", PLATFORM, WORKER, JOB, WORKER_PAY, \
    "the fare the customer paid, passed to the worker before the commission") \
  X(PAY_WEATHER, "pay_weather", "pay_weather_fen", PLATFORM, WORKER, JOB, WORKER_SURCHARGE, \
    "the bad-weather surcharge") \
  X(PAY_NIGHT, "pay_night", "pay_night_fen", PLATFORM, WORKER, JOB, WORKER_SURCHARGE, \
    "the night surcharge") \
  X(PAY_FESTIVAL, "pay_festival", "pay_festival_fen", PLATFORM, WORKER, JOB, WORKER_SURCHARGE, \
    "the festival surcharge") \
  X(SAFETY_BONUS, "safety_bonus", "safety_bonus_fen", PLATFORM, WORKER, JOB, WORKER_BONUS, \
    "the safety (no-violation) bonus") \
  X(TRIP_FLOOR_TOPUP, "trip_floor_topup", "trip_floor_topup_fen", PLATFORM, WORKER, JOB, WORKER_TOPUP, \
    "the top-up to a per-trip pay floor (per km and per minute, over utilisation)") \
  X(DISPATCH_FEE, "dispatch_fee", "dispatch_fee_fen", PLATFORM, STATION, JOB, STATION_FEE, \
    "the per-parcel dispatch fee the brand pays the franchise station") \
  X(STATION_PAY, "station_pay", "station_pay_fen", STATION, WORKER, JOB, WORKER_PAY, \
    "what the station pays the courier per parcel: the dispatch fee less its cut, at least the minimum") \
  X(DIRECT_DISPATCH_FEE, "direct_dispatch_fee", "direct_dispatch_fee_fen", PLATFORM, WORKER, JOB, WORKER_PAY, \
    "the dispatch fee paid by the brand straight to the courier") \
  X(WORKER_COMMISSION, "worker_commission", "worker_commission_fen", WORKER, PLATFORM, JOB, COMMISSION, \
    "the platform's commission on the worker's fare") \
  X(LATENESS_PENALTY, "lateness_penalty", "penalty_fen", WORKER, PLATFORM, JOB, SANCTION, \
    "the lateness deduction (cash sanction)") \
  X(BAD_REVIEW_FINE, "bad_review_fine", "bad_review_fine_fen", WORKER, PLATFORM, JOB, SANCTION, \
    "the fine for a delivery-caused bad review") \
  X(INSURANCE_LEVY, "insurance_levy", "insurance_levy_fen", PLATFORM, INSURER, JOB, WELFARE, \
    "the occupational injury insurance levy per job") \
  X(MULTIPLIER_BONUS, "multiplier_bonus", "multiplier_fen", PLATFORM, WORKER, DAY, WORKER_BONUS, \
    "earnings acceleration: a share of the day's pay inside the window, when the gates are met") \
  X(THRESHOLD_BONUS, "threshold_bonus", "threshold_bonus_fen", PLATFORM, WORKER, DAY, WORKER_BONUS, \
    "bonuses for reaching a number of jobs in a day or week") \
  X(FLOOR_TOPUP, "floor_topup", "floor_topup_fen", PLATFORM, WORKER, DAY, WORKER_TOPUP, \
    "the top-up to the hourly earnings floor") \
  X(PENSION_SUBSIDY, "pension_subsidy", "pension_subsidy_fen", PLATFORM, PENSION_FUND, DAY, WELFARE, \
    "the platform's share of the pension premium of an eligible worker-day") \
  X(PENSION_CONTRIBUTION, "pension_contribution", "pension_contribution_fen", WORKER, PENSION_FUND, DAY, CONTRIBUTION, \
    "the worker's own share of the pension premium of an eligible worker-day") \
  X(INJURY_PAYOUT, "injury_payout", "injury_payout_fen", INSURER, WORKER, DAY, BENEFIT, \
    "what the occupational injury insurance pays a worker for the day's crashes") \
  X(VEHICLE_COST, "vehicle_cost", "vehicle_cost_fen", WORKER, VEHICLE_COSTS, DAY, WORKER_COST, \
    "what the worker's vehicle cost for the day: per km driven and per day worked") \
  X(COMMISSION_REFUND, "commission_refund", "", PLATFORM, MERCHANTS, MONTH, MERCHANT_FEE, \
    "merchant commission above the monthly-average cap, refunded") \
  X(WORKER_COMMISSION_REFUND, "worker_commission_refund", "", PLATFORM, WORKER, MONTH, COMMISSION, \
    "worker commission above the monthly-average cap, refunded to each worker") \
  X(PAY_ARREARS, "pay_arrears", "", WORKER, STATION, MONTH, ARREARS, \
    "the share of a month's station pay the station does not pay on the pay date (kept back from the courier)") \
  X(GUARANTEE_PAYOUT, "guarantee_payout", "", GUARANTEE_FUND, WORKER, MONTH, ARREARS, \
    "what the wage guarantee fund pays couriers of the arrears")
// clang-format on

enum class Money : std::uint8_t {
#define RIDERSIM_MONEY_ID(id, ...) id,
  RIDERSIM_MONEY_COMPONENTS(RIDERSIM_MONEY_ID)
#undef RIDERSIM_MONEY_ID
};

inline constexpr std::array kMoney{
#define RIDERSIM_MONEY_ROW(id, name, column, payer, payee, when, role, doc) \
  MoneyComponent{name, column, Account::payer, Account::payee, Settled::when, Role::role, doc},
    RIDERSIM_MONEY_COMPONENTS(RIDERSIM_MONEY_ROW)
#undef RIDERSIM_MONEY_ROW
};

namespace detail {
[[nodiscard]] constexpr bool is_lower_case_of(std::string_view name, std::string_view id) {
  if (name.size() != id.size()) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i] >= 'A' && id[i] <= 'Z' ? static_cast<char>(id[i] - 'A' + 'a') : id[i];
    if (name[i] != c) return false;
  }
  return true;
}
}  // namespace detail

// each name is its id in lower case
#define RIDERSIM_ACCOUNT_NAME_CHECK(id, name) static_assert(detail::is_lower_case_of(name, #id), name);
RIDERSIM_ACCOUNTS(RIDERSIM_ACCOUNT_NAME_CHECK)
#undef RIDERSIM_ACCOUNT_NAME_CHECK
#define RIDERSIM_ROLE_NAME_CHECK(id, name, doc) static_assert(detail::is_lower_case_of(name, #id), name);
RIDERSIM_MONEY_ROLES(RIDERSIM_ROLE_NAME_CHECK)
#undef RIDERSIM_ROLE_NAME_CHECK
#define RIDERSIM_MONEY_NAME_CHECK(id, name, ...) static_assert(detail::is_lower_case_of(name, #id), name);
RIDERSIM_MONEY_COMPONENTS(RIDERSIM_MONEY_NAME_CHECK)
#undef RIDERSIM_MONEY_NAME_CHECK

inline constexpr std::size_t kMoneyCount = kMoney.size();

// the job components come first, then the day ones, then the month ones
static_assert([] {
  for (std::size_t i = 1; i < kMoney.size(); ++i) {
    if (kMoney[i].when < kMoney[i - 1].when) return false;
  }
  return true;
}());

[[nodiscard]] constexpr const MoneyComponent& component(Money m) { return kMoney[static_cast<std::size_t>(m)]; }

/// The first component settled at `when`, and how many are (each time's rows are together).
[[nodiscard]] constexpr std::size_t first_settled(Settled when) {
  std::size_t n = 0;
  while (n < kMoney.size() && kMoney[n].when < when) ++n;
  return n;
}
[[nodiscard]] constexpr std::size_t count_settled(Settled when) {
  std::size_t n = 0;
  for (const auto& c : kMoney) n += c.when == when ? 1 : 0;
  return n;
}

/// The number of components settled with each job (they come first in the table).
inline constexpr std::size_t kJobMoneyCount = count_settled(Settled::JOB);
/// The number of components settled per worker-day (they follow the JOB ones).
inline constexpr std::size_t kDayMoneyCount = count_settled(Settled::DAY);

/// The sign of a component for an account: +1 if the account is paid, -1 if it pays, else 0.
[[nodiscard]] constexpr int sign_for(const MoneyComponent& c, Account account) {
  return (c.payee == account ? 1 : 0) - (c.payer == account ? 1 : 0);
}

/// The money of one job (JOB) or one worker-day (DAY): an amount (fen, >= 0) for each of the
/// components settled then, in table order. Every figure below adds components up by their role
/// and their payer and payee, so a new component in the table is counted where its role says.
template <Settled When>
struct Settlement {
  static constexpr std::size_t kFirst = first_settled(When);
  static constexpr std::size_t kCount = count_settled(When);
  std::array<Fen, kCount> fen{};

  [[nodiscard]] static constexpr bool holds(Money m) {
    return static_cast<std::size_t>(m) >= kFirst && static_cast<std::size_t>(m) < kFirst + kCount;
  }
  [[nodiscard]] Fen& operator[](Money m) { return fen[static_cast<std::size_t>(m) - kFirst]; }
  [[nodiscard]] Fen operator[](Money m) const { return fen[static_cast<std::size_t>(m) - kFirst]; }
  [[nodiscard]] static constexpr const MoneyComponent& component_at(std::size_t i) { return kMoney[kFirst + i]; }

  /// The components whose role passes `keep`, signed for `account` (+ paid to it, - paid by it).
  template <typename Keep>
  [[nodiscard]] Fen signed_for(Account account, Keep keep) const {
    Fen total = 0;
    for (std::size_t i = 0; i < kCount; ++i) {
      if (keep(component_at(i).role)) total += sign_for(component_at(i), account) * fen[i];
    }
    return total;
  }
  /// One role's components, signed for a worker (a sanction or a commission is negative).
  [[nodiscard]] Fen for_worker(Role role) const {
    return signed_for(Account::WORKER, [role](Role r) { return r == role; });
  }
  /// What the worker earns before any charge (gross): every kind of pay, by whoever pays it.
  [[nodiscard]] Fen worker_gross_fen() const { return signed_for(Account::WORKER, is_earnings); }
  /// What the worker pays out of it: commission, sanctions, own pension contributions.
  [[nodiscard]] Fen worker_charges_fen() const { return worker_gross_fen() - worker_net_fen(); }
  /// What is left to the worker as earnings: gross less charges, before vehicle costs; a
  /// benefit (compensation for an injury) and arrears are not earnings.
  [[nodiscard]] Fen worker_net_fen() const {
    return signed_for(Account::WORKER, [](Role r) {
      return is_earnings(r) || r == Role::COMMISSION || r == Role::SANCTION || r == Role::CONTRIBUTION;
    });
  }
};

/// The pay slip of one delivered job.
using JobMoney = Settlement<Settled::JOB>;
/// The settlement of one worker-day: bonuses, floor top-up, welfare and the vehicle's cost.
using DayMoney = Settlement<Settled::DAY>;

}  // namespace ridersim
