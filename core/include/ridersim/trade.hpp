#pragma once
// A trade: what makes food delivery, ride-hailing, freight or courier work differ on one kernel.
//
// The kernel (jobs with a pickup and a drop-off, workers with shifts and vehicles, the event
// loop, dispatch, the money rules and the ledger) knows no trade by name. A trade supplies how
// its jobs arise (demand, places, prices), where its workers wait, its own headline figures
// and the words its people use. A new trade is a folder under core/src/trades plus one line in
// the registry (trades/registry.cpp), or, for a trade of one's own, one `TradeRegistry::add`.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ridersim/geometry.hpp"
#include "ridersim/money.hpp"
#include "ridersim/rng.hpp"
#include "ridersim/spec_reader.hpp"

namespace ridersim {

struct Scenario;
struct SimulationState;
struct Results;
struct Demand;
using Summary = std::vector<std::pair<std::string, double>>;

/// The words a trade's people use, in English and Chinese, for reports and the command line.
struct TradeWords {
  std::string_view worker, workers, job, jobs, customer, customers;
  std::string_view worker_zh, job_zh, customer_zh;
  std::string_view platform = "platform";  // who runs the market: a platform, an express brand
};

/// How workers of a trade are paid for a job.
enum class PayBasis : std::uint8_t {
  PIECE_RATE,  // the platform pays a rate per job (rules.pay); customers' fees are the platform's revenue
  FARE,        // the customer's fare is the worker's, less the platform's commission (rules.commission.worker_*)
  FRANCHISE,   // the brand pays a franchise station a dispatch fee per job, the station pays the worker (rules.station)
};

class Trade {
 public:
  virtual ~Trade() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  [[nodiscard]] virtual const TradeWords& words() const = 0;
  [[nodiscard]] virtual PayBasis pay_basis() const = 0;

  /// Draws every job of every day into state.results.orders, sorted by placement: places,
  /// ready time, value (basket_fen), the customer's price (customer_fee_fen), the promise and
  /// whether the customer is deterred. Day d may only use the streams of day d, and no rule
  /// that concerns workers may change a job's placement time or places (common random numbers).
  virtual void draw_jobs(const Scenario& scenario, SimulationState& state) const = 0;

  /// The mean number of potential jobs the scenario draws (for the work budget checked before a run).
  [[nodiscard]] virtual double expected_jobs(const Scenario& scenario) const = 0;

  /// Where a worker logs in, from the worker's day stream.
  [[nodiscard]] virtual Point login_place(const Scenario& scenario, Engine& rng) const = 0;

  /// Where an idle worker drives to wait for the next job; nullopt: wait where they are.
  [[nodiscard]] virtual std::optional<Point> reposition(const Scenario& /*scenario*/, const SimulationState& /*state*/,
                                                        std::int32_t /*worker*/) const {
    return std::nullopt;
  }

  /// The trade's own headline figures, appended to the kernel's.
  virtual void add_kpis(const Scenario& /*scenario*/, const Results& /*results*/, Summary& /*summary*/) const {}

  /// The figures of the trade's headline table (`ridersim run` and `compare`, the report), in
  /// order; a figure of a worker type the scenario lacks ("KEY.TYPE") stands for that figure of
  /// each type it has. By default the kernel's own, the same for every trade.
  [[nodiscard]] virtual std::span<const std::string_view> headline_kpis() const;
};

/// What a trade's compiler reads: the spec's top level (for its `demand` section) and its
/// `rules` section (for its price rules). The kernel reads and checks everything else; keys
/// that neither reads are errors.
struct TradeSpec {
  detail::Reader& top;
  detail::Reader& rules;
  const Scenario& kernel;  // the kernel's parts, already compiled (world, riders, rules)
  Demand& demand;          // the kernel's view of demand, which the trade fills
};

using TradeCompiler = std::shared_ptr<const Trade> (*)(TradeSpec& spec);

/// Trades by name. `builtin_trades()` holds the project's; add your own to a copy.
class TradeRegistry {
 public:
  void add(std::string_view name, TradeCompiler compiler);
  [[nodiscard]] TradeCompiler find(std::string_view name) const;
  [[nodiscard]] std::vector<std::string_view> names() const;

 private:
  std::vector<std::pair<std::string, TradeCompiler>> entries_;
};

namespace detail {
/// Reads the kernel's part of a trade's `demand` section: `cancel_after_unassigned_min` and the
/// optional `response` (customers' price and promise elasticities, bad reviews).
void read_customer_side(Reader& demand, Demand& out);
}  // namespace detail

/// The trades that come with ridersim: food, ride_hailing, freight, courier.
[[nodiscard]] const TradeRegistry& builtin_trades();

}  // namespace ridersim
