#pragma once
// Everything that changes during a run, allocated once per run. The scenario stays constant;
// several states may share one scenario (replications, baseline and proposal).

#include <boost/container/small_vector.hpp>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "ridersim/event_queue.hpp"
#include "ridersim/geometry.hpp"
#include "ridersim/results.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/spatial_index.hpp"

namespace ridersim {

enum class RiderStatus : std::uint8_t { OFFLINE, IDLE, BUSY, REPOSITIONING };
/// The name of each status, in the order of the enum (Python's Simulation.workers() reads them).
inline constexpr std::array<std::string_view, 4> kRiderStatusNames{"offline", "idle", "busy", "repositioning"};
static_assert(kRiderStatusNames.size() == static_cast<std::size_t>(RiderStatus::REPOSITIONING) + 1);
enum class StopKind : std::uint8_t { PICKUP, DROPOFF };

struct Stop {
  std::int32_t order_id = -1;
  StopKind kind = StopKind::PICKUP;
};

/// A worker's stops still to make, in order. Most routes are short: their first four stops are
/// kept in the route itself rather than in an allocation of their own, one memory load fewer for
/// every leg (which counts once the workers no longer fit in the cache).
using Route = boost::container::small_vector<Stop, 4>;

/// What a worker's day adds up as it goes: the rider-day columns of the same names, kept beside the
/// worker until the log-out writes them into the day's row, and the pay earned inside the
/// multiplier window, which the day's settlement reads.
struct WorkerDayTotals {
  std::int32_t engaged_s = 0;
  std::int32_t travel_s = 0;
  std::int32_t pickups = 0;
  std::int32_t orders = 0;
  std::int32_t offers = 0;
  std::int32_t rejections = 0;
  std::int32_t violations = 0;  // legs ridden in violation today: the safety bonus needs none
  std::int32_t crashes = 0;
  double distance_m = 0.0;
  double empty_distance_m = 0.0;
  Fen gross_fen = 0;
  Fen penalties_fen = 0;
  Fen commission_fen = 0;
  Fen bonuses_fen = 0;
  Fen net_fen = 0;
  Fen window_pay_fen = 0;  // platform pay earned today inside the multiplier window (no column)
};

/// What a worker's own events read and write, in three cache lines: a leg, a pickup or a delivery
/// touches these together, and once a city's workers outgrow the cache each array read apart
/// costs a miss of its own. (What dispatchers scan across all workers stays in arrays of its own.)
struct alignas(64) Worker {
  Route route;                      // stops still to make, in order
  std::int32_t leg_end_s = -1;      // when the current leg's event fires (arrival, or end of a drop-off)
  std::int32_t busy_since_s = -1;   // start of the current engaged spell; -1: idle
  std::int32_t shift_end_s = -1;    // -1: not on shift
  std::int32_t login_s = 0;
  std::int32_t day_row = -1;        // row in results.rider_days while online; -1: offline
  std::int32_t deliveries = 0;      // delivered since the run began (novice throttle)
  std::int32_t complaints_month = 0;  // complaints this 30-day month
  bool crashed = false;             // the day ends after the current route
  std::uint64_t key = 0;            // the worker's stable identity (type name, index within the type):
                                    // their random streams follow the person, not the id
  WorkerDayTotals today;            // the online day's running totals, written into its row at log-out
};
static_assert(sizeof(Worker) <= 3 * 64, "a worker's event state fits in three cache lines");

class Dispatcher;

struct SimulationState {
  std::uint64_t seed = 0;
  std::uint64_t allocation_seed = 0;  // the draws that decide who gets which job: the run's seed, or mixed with the scenario's allocation_seed
  /// The scenario's own dispatch policy, made at the run's first step and kept to its end, so that
  /// a policy may carry what it learns from one step to the next (null until then, and for
  /// "external", whose policy the caller keeps)
  std::shared_ptr<Dispatcher> policy;
  std::int32_t now_s = 0;
  std::uint32_t next_seq = 0;
  EventQueue events;

  // the world drawn for this run: the trade's fixed pickup places, if it has any
  std::vector<Point> merchant_position;           // (n_merchants)

  // orders: the whole stream is drawn up front from the arrival streams; next_order is the
  // first not yet placed, waiting holds placed orders that no rider has taken, oldest first
  std::int32_t next_order = 0;                    // next in release_order to reach dispatch
  std::vector<std::int32_t> release_order;        // jobs by release time, then id             (n_orders)
  std::vector<std::int32_t> cancel_at_s;          // when a job nobody took is cancelled       (n_orders)
  std::vector<std::int32_t> waiting;
  // so that the housekeeping around every decision passes over the waiting list only when it
  // has something to do: no waiting job is cancelled before next_expiry_s, and none has been
  // assigned since the last compaction unless waiting_dirty
  std::int32_t next_expiry_s = std::numeric_limits<std::int32_t>::max();
  bool waiting_dirty = false;
  std::vector<std::int32_t> order_broadcasts;     // grab market: broadcasts so far    (n_orders)
  double dispatch_work = 0.0;                     // units counted by the policy (DispatchActions::count_work)

  // riders                                                                   (n_riders)
  std::vector<Worker> workers;
  std::vector<std::int32_t> rider_type;           // index into scenario.rider_types
  std::vector<RiderStatus> rider_status;
  std::vector<Point> rider_position;              // where the rider is, or will be at the end of the current leg
  std::vector<std::int32_t> rider_next_shift_start_s;  // drawn at day start; -1: day off
  std::vector<std::int32_t> rider_next_shift_end_s;
  std::vector<Point> rider_next_login;
  std::vector<double> rider_score;                 // service score (points regime)
  std::vector<std::int32_t> rider_week_orders;     // delivered this week before the current rider-day
  std::vector<char> rider_member;                  // on the platform (free entry moves this)
  std::vector<double> rider_expected_yuan_per_h;   // learnt net earnings per online hour; NaN until a day is seen
  std::vector<std::int32_t> rider_decided_s;      // when the worker last decided to go on past the plan; -1: not today
  std::vector<Fen> rider_net_at_decision_fen;      // the day's net pay then
  std::vector<char> rider_locked_out;              // the platform turned today's log-in away (rules.login_cap)
  double login_admit_share = 1.0;                  // share of log-ins the platform admits (rules.login_cap)
  std::vector<double> day_pay_index;               // by type: today's expected pay per job over the usual (empty: 1)

  // jobs                                                                      (n_jobs)
  std::vector<double> response_price;              // the price each customer weighed when quoted (the trade's own measure)

  // rider types                                                              (n_types)
  std::vector<std::int32_t> type_first_rider;     // riders of type t are [first, first + pool)

  GridIndex idle_riders{1.0, 1.0, 1.0};
  std::int32_t orders_end_s = 0;            // no order is placed at or after this time
  bool tick_scheduled = false;

  Results results;

  void push(std::int32_t time_s, EventType type, std::int32_t id) { events.push(Event{time_s, next_seq++, type, id}); }
};

}  // namespace ridersim
