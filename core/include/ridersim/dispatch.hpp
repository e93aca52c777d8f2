#pragma once
// Dispatch policies: who gets which order. A policy reacts to three moments (an order is
// placed, a rider becomes idle, a batch tick): it reads the state and acts only through the
// DispatchActions the engine hands it. The engine does the housekeeping around every call:
// customers who gave up are off the waiting list before the policy looks, and what it assigned
// is off it after.

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <span>
#include <string_view>
#include <vector>

#include "ridersim/assignment.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim {

/// What a policy may do. The engine carries it out: the worker's choice, the route, the first leg.
class DispatchActions {
 public:
  virtual ~DispatchActions() = default;
  /// Offers a waiting job to a worker, at the end of the route; returns whether the worker accepted.
  virtual bool offer(std::int32_t order, std::int32_t rider) = 0;
  /// Offers a job whose pickup and drop-off go at these places of the worker's new route.
  virtual bool offer_at(std::int32_t order, std::int32_t rider, std::size_t pickup_at, std::size_t dropoff_at) = 0;
  /// Counts one more broadcast of a job (a grab market widens its radius with each).
  virtual void note_broadcast(std::int32_t order) = 0;
  /// Counts the work a decision took (candidate pairs weighed, route visits planned, the
  /// assignment's size): a run whose dispatch outgrows the scenario's budget stops with an error
  /// naming the dispatch levers, rather than running for hours.
  virtual void count_work(std::int64_t units) = 0;
};

/// A dispatch policy: it reads the scenario and the state, and acts only through `actions`.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual void on_order_placed(const Scenario&, const SimulationState&, std::int32_t /*order*/, DispatchActions&) {}
  virtual void on_rider_idle(const Scenario&, const SimulationState&, std::int32_t /*rider*/, DispatchActions&) {}
  virtual void on_tick(const Scenario&, const SimulationState&, DispatchActions&) {}
  /// Whether the engine should schedule a tick every batch_interval_s.
  [[nodiscard]] virtual bool uses_ticks() const { return false; }
};

/// A dispatch policy by name: a plug-in is one file with its factory plus one row in the
/// registry (dispatch.cpp). "external" has no factory: its policy comes from the caller.
struct DispatchPolicyEntry {
  std::string_view name;
  std::unique_ptr<Dispatcher> (*make)(const Scenario& scenario);
};

/// Every registered policy, in the order of the docs.
[[nodiscard]] std::span<const DispatchPolicyEntry> dispatch_policies();

/// The policy the scenario's rules.dispatch names.
[[nodiscard]] std::unique_ptr<Dispatcher> make_dispatcher(const Scenario& scenario);

/// What a policy of the caller's sees at a batch: the open jobs and the idle workers, as columns.
struct BatchSnapshot {
  std::int32_t now_s = 0;
  std::vector<std::int32_t> order_id, order_placed_s, order_ready_s, order_promised_s;      // (open jobs)
  std::vector<double> order_pickup_x_m, order_pickup_y_m, order_dropoff_x_m, order_dropoff_y_m;
  std::vector<std::int32_t> rider_id;                                                        // (idle workers)
  std::vector<double> rider_x_m, rider_y_m, rider_score;
};

/// A policy of the caller's: (job, worker) pairs to offer, from a batch's snapshot.
using BatchPolicy = std::function<std::vector<std::pair<std::int32_t, std::int32_t>>(const BatchSnapshot&)>;

/// A dispatcher that calls `policy` at every batch and offers the pairs it returns; a pair that
/// is not an open job and an idle worker of the batch, or uses either twice, is an error.
[[nodiscard]] std::unique_ptr<Dispatcher> make_callback_dispatcher(BatchPolicy policy);

/// How long after placement an order reaches dispatch: 0, or, when the rules hold orders until
/// shortly before their meal is expected, the mean preparation time less that lead. The platform
/// knows the mean preparation time, not each order's; every order waits the same, so orders
/// reach dispatch in the order they were placed.
[[nodiscard]] std::int32_t release_delay_s(const Scenario& scenario);

/// The orders of the waiting list that no rider has taken and no customer cancelled, oldest first.
[[nodiscard]] std::vector<std::int32_t> open_orders(const SimulationState& state);

/// Whether an idle rider leaving now would collect the order before the shift ends (always
/// true unless rules.dispatch.pickup_before_shift_end).
[[nodiscard]] bool can_pick_up_in_time(const Scenario& scenario, const SimulationState& state, std::int32_t order,
                                       std::int32_t rider);

/// Whether a worker's vehicle is one the job can go in (any, unless the job needs a class).
[[nodiscard]] bool vehicle_fits(const Scenario& scenario, const SimulationState& state, std::int32_t order,
                                std::int32_t rider);

/// Whether a worker may be offered a job: the vehicle fits and the pickup is in time.
[[nodiscard]] bool can_serve(const Scenario& scenario, const SimulationState& state, std::int32_t order, std::int32_t rider);

/// The up-to-k nearest idle workers within max_m of a job's pickup whose vehicle fits it.
void nearest_idle_workers(const Scenario& scenario, const SimulationState& state, std::int32_t order, int k, double max_m,
                          std::vector<Neighbour>& out);

/// Extra cost, in seconds of pickup travel, that lowers a rider's priority: the service-score
/// gap (score_weight) and today's rejections (rejection_penalty).
[[nodiscard]] std::int32_t priority_cost_s(const Scenario& scenario, const SimulationState& state, std::int32_t rider);

/// Seconds an idle rider needs to reach an order's merchant, leaving now.
[[nodiscard]] std::int32_t pickup_travel_s(const Scenario& scenario, const SimulationState& state,
                                           std::int32_t order, std::int32_t rider);

/// The sparse candidate graph of a batch: rows are the waiting orders, columns the idle
/// riders (both as given), edges join each order to its k nearest idle riders within the
/// pickup radius (or, when orders outnumber riders, each rider to its k nearest orders),
/// costed in seconds of pickup travel.
struct CandidateGraph {
  std::vector<std::int32_t> orders;
  std::vector<std::int32_t> riders;
  std::vector<CandidateEdge> edges;
};
/// `scratch` is the policy's own grid for the reverse search.
[[nodiscard]] CandidateGraph build_candidate_graph(const Scenario& scenario, const SimulationState& state, GridIndex& scratch);

}  // namespace ridersim
