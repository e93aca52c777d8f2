#pragma once
// Dispatch policies: who gets which order. A policy reacts to three moments (an order is
// placed, a rider becomes idle, a batch tick) and acts only through offer_order() and
// assign_order(). The engine does the housekeeping around every call: customers who gave up are
// off the waiting list before the policy looks, and what it assigned is off it after.

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

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual void on_order_placed(const Scenario&, SimulationState&, std::int32_t /*order*/) {}
  virtual void on_rider_idle(const Scenario&, SimulationState&, std::int32_t /*rider*/) {}
  virtual void on_tick(const Scenario&, SimulationState&) {}
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

/// Cancels the orders that waited past the customers' patience; call before deciding.
void expire_waiting_orders(const Scenario& scenario, SimulationState& state);

/// The orders of the waiting list that no rider has taken and no customer cancelled, oldest first.
[[nodiscard]] std::vector<std::int32_t> open_orders(const SimulationState& state);

/// Drops assigned and cancelled orders from the waiting list; call after deciding.
void compact_waiting_orders(SimulationState& state);

/// Gives a waiting order to a rider, at the end of the route; an idle rider leaves for the merchant now.
void assign_order(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider);

/// The same, with the pickup and the drop-off inserted at the given places of the new route.
void assign_order_at(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider,
                     std::size_t pickup_at, std::size_t dropoff_at);

/// Offers a waiting order to an idle rider, who accepts (the order is assigned) or rejects it
/// (it keeps waiting; the rejection counts against the rider's priority). Dedicated riders
/// always accept. Returns whether the rider accepted.
bool offer_order(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider);

/// An offer whose acceptance inserts the order at the given places of the rider's route.
bool offer_order_at(const Scenario& scenario, SimulationState& state, std::int32_t order, std::int32_t rider,
                    std::size_t pickup_at, std::size_t dropoff_at);

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
[[nodiscard]] CandidateGraph build_candidate_graph(const Scenario& scenario, SimulationState& state);

}  // namespace ridersim
