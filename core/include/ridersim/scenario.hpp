#pragma once
// The compiled scenario: validated, constant, shared by every run that uses it.
//
// Flow: JSON file -> spec (an editable JSON document, `scenario_spec.hpp`) -> compile() -> Scenario.
// All times are seconds, distances metres, money fen; the JSON keys carry their units.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ridersim/geometry.hpp"
#include "ridersim/money.hpp"
#include "ridersim/platform.hpp"
#include "ridersim/trade.hpp"

namespace ridersim {

enum class Vehicle : std::uint8_t { BICYCLE, EBIKE, MOTORBIKE, CAR, VAN, SMALL_TRUCK, LARGE_TRUCK };
inline constexpr std::array<std::string_view, 7> kVehicleNames{"bicycle", "ebike",       "motorbike",  "car",
                                                               "van",     "small_truck", "large_truck"};
inline constexpr std::size_t kVehicleCount = kVehicleNames.size();

enum class HotspotKind : std::uint8_t { MERCHANT_CLUSTER, RESIDENTIAL };
inline constexpr std::array<std::string_view, 2> kHotspotKindNames{"merchant_cluster", "residential"};

enum class Employment : std::uint8_t { DEDICATED, CROWDSOURCED };
inline constexpr std::array<std::string_view, 2> kEmploymentNames{"dedicated", "crowdsourced"};
/// The legal yardstick a worker type's pay is held against: the hourly minimum of part-time
/// work, or the monthly minimum of full-time work over the standard hours of a month.
enum class MinWageBasis : std::uint8_t { HOURLY, MONTHLY };
inline constexpr std::array<std::string_view, 2> kMinWageBasisNames{"hourly", "monthly"};

enum class LatenessSanction : std::uint8_t { NONE, CASH, POINTS };
inline constexpr std::array<std::string_view, 3> kLatenessSanctionNames{"none", "cash", "points"};

enum class WeatherKind : std::uint8_t { RAIN, SNOW };
inline constexpr std::array<std::string_view, 2> kWeatherKindNames{"rain", "snow"};

/// The hours an hourly earnings floor counts.
enum class FloorBasis : std::uint8_t { ONLINE, ENGAGED_OVER_UTILISATION, ENGAGED, SHIFT };
inline constexpr std::array<std::string_view, 4> kFloorBasisNames{"online", "engaged_over_utilisation", "engaged",
                                                                  "shift"};

/// How travel times are computed: on roads (detour, vehicle speed, congestion), or as whole
/// minutes of straight-line distance at a fixed pace (the rule of the MDRPlib instances).
enum class TravelMode : std::uint8_t { ROAD, WHOLE_MINUTES };
inline constexpr std::array<std::string_view, 2> kTravelModeNames{"road", "whole_minutes"};

enum class BonusPeriod : std::uint8_t { DAY, WEEK };
inline constexpr std::array<std::string_view, 2> kBonusPeriodNames{"day", "week"};

/// Which days a time-windowed rule applies on.
enum class DaySet : std::uint8_t { ALL, FESTIVAL };
inline constexpr std::array<std::string_view, 2> kDaySetNames{"all", "festival"};

/// When a worker ends the day: at the planned hours (Farber 2005: stopping follows the hours
/// worked), once the day's income reaches a target (Camerer et al. 1997), or while the day's pay
/// per hour beats the reservation wage (Farber 2015; Chen and Sheldon 2016).
enum class StoppingRule : std::uint8_t { HOURS_TARGET, INCOME_TARGET, FORWARD_LOOKING };
inline constexpr std::array<std::string_view, 3> kStoppingRuleNames{"hours_target", "income_target", "forward_looking"};

/// The margins on which workers respond to pay; each can be switched off to show a rule's impact
/// before the response.
enum class Margin : std::uint8_t { LOGIN, HOURS, GATES };
inline constexpr std::array<std::string_view, 3> kMarginNames{"login", "hours", "gates"};

inline constexpr int kHoursPerDay = 24;
inline constexpr std::int32_t kSecondsPerDay = 86400;
inline constexpr double kMetresPerKm = 1000.0;      // scenarios speak km and minutes; the kernel metres
inline constexpr double kSecondsPerMinute = 60.0;   // and seconds

// ---- world ----

/// A place where merchants cluster or customers live: a Gaussian blob of the given radius (1 sd).
struct Hotspot {
  std::string name;
  HotspotKind kind = HotspotKind::MERCHANT_CLUSTER;
  Point center;
  double radius_m = 0.0;
  double weight = 1.0;  // relative weight among hotspots of the same kind
};

struct TravelModel {
  TravelMode mode = TravelMode::ROAD;
  double meters_per_minute = 0.0;                      // whole_minutes: ceil(straight-line metres / this) minutes
  double detour_factor = 1.3;                          // road distance / straight-line distance
  std::array<double, kVehicleCount> speed_mps{};       // door-to-door speed; 0: vehicle not in the scenario
  std::array<double, kHoursPerDay> congestion_by_hour{};  // travel-time multiplier by hour of day (1 = free flow)
};

/// A period of bad weather: riders are slower, customers order more, weather surcharges apply.
struct WeatherPeriod {
  std::int32_t day = 0;
  std::int32_t start_s = 0;             // seconds since the start of day 0
  std::int32_t end_s = 0;
  WeatherKind kind = WeatherKind::RAIN;
  double travel_time_factor = 1.0;      // multiplies travel times
  double demand_factor = 1.0;           // multiplies the order rate
  double away_share = 0.0;              // share of the workers who would work the day who stay home for it
  double crash_factor = 1.0;            // multiplies the crash hazard per km
};

struct World {
  double width_m = 0.0;
  double height_m = 0.0;
  std::vector<Hotspot> hotspots;
  TravelModel travel;
  // service times: the hand-over happens half-way through, as in the MDRP timing rules
  std::int32_t pickup_service_s = 0;   // time spent at the merchant (once per visit, however many orders)
  std::int32_t dropoff_service_s = 0;  // time spent at the customer's door
  std::vector<WeatherPeriod> weather;  // sorted by start
  std::vector<std::int32_t> festival_days;

  /// The weather period in force at `time_s`, or nullptr.
  [[nodiscard]] const WeatherPeriod* weather_at(std::int32_t time_s) const;
  [[nodiscard]] bool is_festival_day(std::int32_t day) const;
};

// ---- demand ----

/// The shape of demand in the fee and the promise: constant elasticity (a power law), or linear
/// with the same slope at the reference point (the textbook case with a closed-form best price).
enum class DemandForm : std::uint8_t { CONSTANT_ELASTICITY, LINEAR };
inline constexpr std::array<std::string_view, 2> kDemandFormNames{"constant_elasticity", "linear"};

/// How customers respond to the fee and the promised time: each potential order is placed
/// with probability (fee / reference)^fee_elasticity x (promise / reference)^promise_elasticity
/// / max_uplift (at most 1), or, linear, (1 + fee_elasticity x (fee / reference - 1) +
/// promise_elasticity x (promise / reference - 1)) / max_uplift; the rest are deterred. Potential
/// orders arrive at orders_per_hour x max_uplift, so cheaper or faster service can raise demand up to that.
struct CustomerResponse {
  DemandForm form = DemandForm::CONSTANT_ELASTICITY;
  double fee_elasticity = 0.0;
  double promise_elasticity = 0.0;
  double reference_fee_yuan = 1.0;
  double reference_promise_min = 30.0;
  double max_uplift = 1.0;
  double bad_review_on_time = 0.0;     // probability of a delivery-caused bad review when on time
  double bad_review_per_late_min = 0.0;  // added per minute late (capped at 1)
  double bad_review_if_left = 0.0;      // added when the job was left at a locker or station, not at the door
};

/// What the kernel needs to know of a trade's demand; the trade's compiler fills it from its
/// `demand` section (the rest of that section is the trade's own).
struct Demand {
  double prep_mean_s = 0.0;                    // mean time from placement until a job is ready (a meal's preparation)
  std::int32_t cancel_after_unassigned_s = 0;  // a customer cancels a job nobody took within this time
  double festival_factor = 1.0;                // potential jobs on a festival day over an ordinary day's
  CustomerResponse response;
};

// ---- riders ----

/// One shift a rider of a type may work on a day; `share` of the type's riders work it.
struct Shift {
  double start_h = 0.0;
  double end_h = 0.0;
  double share = 0.0;
};

struct RiderType {
  std::string name;
  std::int32_t count = 0;       // riders on the platform at the start
  Vehicle vehicle = Vehicle::EBIKE;
  Employment employment = Employment::CROWDSOURCED;  // dedicated riders cannot reject offers
  std::vector<Shift> shifts;    // shares sum to <= 1; the rest of the type's riders take the day off
  /// Days a member of the type is active in a 30-day month: 30 x the shift shares.
  [[nodiscard]] double days_active_per_month() const {
    double share = 0.0;
    for (const Shift& shift : shifts) share += shift.share;
    return 30.0 * share;
  }
  double reservation_wage_yuan_per_h = 0.0;  // the earnings at which this type neither joins nor leaves
  std::int32_t capacity = 1;         // jobs carried at once on a route of many stops (parcels); policies that bundle use it
  Fen vehicle_cost_per_km_fen = 0;   // fuel or power, wear: paid by the worker per km driven
  Fen vehicle_cost_per_day_fen = 0;  // rent, insurance, depreciation: paid per day worked
  MinWageBasis min_wage_basis = MinWageBasis::HOURLY;
  std::optional<double> login_elasticity;  // the type's own; unset: riders.labour_supply's
};

/// Riders' choices: violating traffic rules on a leg, accepting offers, crash risk.
///
/// p(violate a leg) = logistic(intercept - slack_coef x slack + sanction_coef x L - bonus_coef x R)
/// where slack = (time left - legal travel time) / legal travel time, L the expected sanction
/// as a share of the order's pay and R the safety bonus as a share of it.
struct Behaviour {
  bool enabled = false;                 // false: riders never violate and accept every offer
  double violation_intercept = 0.0;
  double violation_slack_coef = 0.0;
  double violation_sanction_coef = 0.0;
  double violation_bonus_coef = 0.0;
  double violation_time_factor = 1.0;   // travel-time multiplier when violating (< 1: faster)
  double points_as_pay_share = 0.1;     // how a rider weighs one service-score point, as a share of an order's pay
  double crash_per_million_km = 0.0;    // crash hazard when riding legally and rested
  double crash_violation_factor = 1.75; // odds multiplier when violating
  double crash_fatigue_per_h = 0.0;     // added hazard share per online hour beyond 8
  double accept_intercept = 0.0;        // p(accept) = logistic(intercept + pay_coef x (pay - reservation wage x hours))
  double accept_pay_coef = 0.0;         // per yuan of surplus
  double accept_rejection_coef = 0.0;   // per unit of rejection penalty in force
  double accept_fatigue_coef = 0.0;     // subtracted per online hour beyond 8
};

/// Free entry: each day the number of riders of a type on the platform moves towards the level at
/// which their expected net hourly earnings equal their reservation wage.
struct LabourSupply {
  bool free_entry = false;
  double elasticity = 0.0;        // % change in riders per % gap between expected earnings and reservation wage
  double adjustment_days = 14.0;  // time constant of entry and exit
  double learning_rate = 0.3;     // weight of the latest day in the expected earnings
  double max_pool_factor = 2.0;   // at most this many times the initial count can join
  double login_elasticity = 0.0;  // % change in a day's log-ins per % change in the day's expected pay per job
  double festival_away_share = 0.0;  // share of the workers who would work a day that are away on a festival day
  StoppingRule stopping_rule = StoppingRule::HOURS_TARGET;
  double max_extra_h = 2.0;       // most hours a worker adds to the planned day (to reach a target or a gate)
  double decision_step_h = 0.25;  // a worker past the planned day decides again after this long
  std::array<bool, kMarginNames.size()> responds{true, true, true};  // by Margin

  [[nodiscard]] bool responds_on(Margin m) const { return responds[static_cast<std::size_t>(m)]; }
};

// ---- rules: the negotiable levers ----

struct DispatchRules {
  std::string policy = "batched";           // a name from dispatch_policy_names()
  bool pickup_before_shift_end = false;     // no pickup may happen after a rider's shift ends
  std::int32_t release_before_ready_s = -1; // orders reach dispatch this long before their meal is expected
                                            // (placement + mean preparation); -1: at placement
  std::int32_t batch_interval_s = 30;
  std::int32_t candidates_per_order = 8;    // k of the k-nearest candidate graph
  double max_pickup_m = 5000.0;             // riders farther than this from the merchant are not offered the order
  std::int32_t unassigned_penalty_s = 1800; // cost of leaving an order for the next batch, in seconds of pickup travel
  std::int32_t max_bundle = 3;              // bundling, rolling_horizon: most orders a rider carries at once
  double lateness_weight = 1.0;             // bundling: cost of a second of added lateness, in seconds of route time
  std::int32_t horizon_s = 600;             // rolling_horizon: orders ready within this are planned
  double grab_radius_m = 1500.0;            // grab_market: first broadcast radius
  double grab_radius_growth = 1.5;          // grab_market: radius multiplier at each re-broadcast
  std::int32_t novice_orders = 0;           // riders with fewer deliveries so far are novices (0: none)
  double novice_penalty = 0.0;              // 0-1: a novice's cost is raised by this x the unassigned penalty
  double score_weight = 0.0;      // 0-1: a rider's service-score gap to 100 adds weight x gap/100 x penalty to the cost
  double rejection_penalty = 0.0; // 0-1: each rejection today adds penalty x 10% of the unassigned penalty to the cost
};

/// The promised delivery time: a quantile of the platform's predicted delivery-time
/// distribution (lognormal around its prediction) plus a buffer.
struct PromiseRules {
  double fixed_min = 0.0;             // > 0: the promise is placement + this, whatever the prediction
  double quantile = 0.5;
  double buffer_min = 0.0;
  double window_min = 0.0;            // > 0: the customer sees a window this wide; lateness counts from its end
  double prediction_log_sd = 0.25;    // spread of the predicted delivery time (log scale)
  double pickup_allowance_min = 5.0;  // time the prediction allows for a rider to reach the merchant
  double assumed_speed_kmh = 15.0;    // speed the prediction assumes for the delivery leg
  bool weather_aware = false;         // the travel it predicts is slowed by the weather at placement
};

struct PayRules {
  Fen base_per_order_fen = 0;
  Fen per_km_over_1km_fen = 0;        // per km of route distance beyond the first
  Fen weather_surcharge_fen = 0;      // per order picked up during a weather period
  Fen night_surcharge_fen = 0;        // per order picked up during night hours
  double night_start_h = 22.0;        // night hours may wrap past midnight
  double night_end_h = 6.0;
  Fen festival_surcharge_fen = 0;     // per order delivered on a festival day
  double peak_fee_share = 0.0;        // peak service fee: share of the job's value paid by the customer to the worker
  DaySet peak_fee_days = DaySet::FESTIVAL;
  double peak_fee_start_h = 0.0;      // the hours of the day (of placement) the fee applies in
  double peak_fee_end_h = 24.0;
  Fen safety_bonus_fen = 0;           // per order while the rider's violation record today is clean
};

struct CommissionRules {
  double merchant_rate = 0.0;         // share of the basket the merchant pays the platform
  Fen per_order_cap_fen = 0;          // 0: no cap
  double average_cap = 0.0;           // 0: no cap; else the platform refunds merchants so that the
                                      // commission over each 30-day month is at most this share of baskets
  // the commission taken from a worker's fare (fare-based trades)
  double worker_rate = 0.0;             // share of the fare
  Fen worker_fixed_fen = 0;             // a fixed fee per order on top (an "information service fee")
  double worker_per_order_cap_share = 0.0;  // 0: no cap; else at most this share of the fare per order
  Fen worker_per_order_cap_fen = 0;     // 0: no cap; else at most this much per order
  double worker_average_cap = 0.0;      // 0: no cap; else each worker is refunded what the platform took above
                                        // this share of the worker's fares over each 30-day month
};

/// A per-trip pay floor in the New York City style: the worker's pay for a trip is at least
/// (per km x trip km + per minute x trip minutes) / utilisation, topped up by the platform.
struct TripFloorRules {
  Fen per_km_fen = 0;                 // 0 and per_min 0: no floor
  Fen per_min_fen = 0;
  double utilisation = 1.0;           // the utilisation the rates are divided by
};

/// A franchise layer between the brand and the worker (express couriers): the brand pays the
/// station a dispatch fee per parcel; the station keeps its cut and pays the courier the rest
/// (at least a minimum), monthly, withholding some of it that a guarantee fund partly covers.
struct StationRules {
  double cut_share = 0.0;             // share of the dispatch fee the station keeps
  Fen min_per_parcel_fen = 0;         // the courier gets at least this per parcel
  bool direct_payment = false;        // the brand pays the dispatch fee straight to the courier
  double arrears_share = 0.0;         // share of a month's station pay not paid on the pay date
  double guarantee_cover_share = 0.0; // share of the arrears a wage guarantee fund pays
};

/// What the platform may do to protect utilisation (as platforms did under New York City's floor):
/// on a day after one whose utilisation fell below the target, it turns away a share of the
/// workers who would log in, in proportion to the shortfall.
struct LoginCapRules {
  double min_utilisation = 0.0;       // 0: every worker may log in
};

/// Who else pays when a rule costs the platform or merchants: off (0) unless a scenario says so.
struct PassThroughRules {
  double floor_costs_to_fees = 0.0;    // share of yesterday's floor top-ups per job added to today's customer prices
  double commission_to_prices = 0.0;  // share of the merchant commission merchants add to the basket's price
};

/// Earnings "acceleration": a share added to the order pay earned inside a daily time window,
/// for rider-days that meet the gates.
struct MultiplierRules {
  double share = 0.0;
  double start_h = 0.0;
  double end_h = 24.0;
  DaySet days = DaySet::ALL;
  double min_online_h = 0.0;
  double min_completion_rate = 0.0;  // delivered orders / offers received
};

struct ThresholdBonus {
  BonusPeriod period = BonusPeriod::DAY;
  std::int32_t orders = 0;
  Fen bonus_fen = 0;
};

/// An hourly earnings floor, settled per rider-day as a top-up.
struct FloorRules {
  Fen hourly_fen = 0;               // 0: no floor
  FloorBasis basis = FloorBasis::ONLINE;
  double utilisation_reference = 0.55;
};

struct FatigueRules {
  double alert_after_h = 0.0;       // 0: no alert
  double forced_logoff_after_h = 0.0;  // 0: no forced log-off
};

struct WelfareRules {
  Fen insurance_levy_fen = 0;       // per delivered order, platform -> insurer
  Fen pension_premium_per_day_fen = 0;  // a rider-day's pension premium
  double pension_subsidy_share = 0.0;   // share of it the platform pays
  double pension_min_online_h = 0.0;    // a day counts towards the pension from this many online hours
  double pension_min_days_per_month = 0.0;  // and only for workers of types active this many days a month
  Fen injury_payout_per_crash_fen = 0;  // insurer -> worker, per crash
  double injury_cover_share = 1.0;      // share of crashes that are covered injuries (the payout is its expectation)
};

/// What the customer pays per meal delivery: base + per km beyond the free distance + night extra.
struct CustomerFeeRules {
  Fen base_fen = 0;
  Fen per_km_fen = 0;
  double free_km = 0.0;
  Fen night_extra_fen = 0;
};

/// A deduction of the order's pay once lateness reaches `from_min` minutes.
struct LatenessTier {
  double from_min = 0.0;
  double deduct_share = 0.0;
};

struct LatenessRules {
  LatenessSanction sanction = LatenessSanction::NONE;
  std::vector<LatenessTier> cash_tiers;  // ascending from_min
  double base_score = 70.0;              // points regime: the service score a rider starts each day with
  double points_minor = 1.0;             // points lost for an order late by less than major_after_min
  double points_major = 2.0;
  double major_after_min = 5.0;
  double points_recovered_on_time = 0.0; // points won back per on-time order (score at most 100)
  Fen late_fine_fen = 0;                 // a fixed fine per late job (a missed delivery time), whatever the sanction
  double exempt_merchant_delay_min = 0;  // > 0: a job ready this much later than expected carries no sanction
};

struct Rules {
  DispatchRules dispatch;
  PromiseRules promise;
  PayRules pay;
  CommissionRules commission;
  LatenessRules lateness;
  MultiplierRules multiplier;
  std::vector<ThresholdBonus> threshold_bonuses;
  FloorRules floor;
  TripFloorRules trip_floor;
  LoginCapRules login_cap;
  PassThroughRules pass_through;
  StationRules station;
  Fen bad_review_fine_fen = 0;
  bool first_complaint_free = false;  // no fine for a worker's first complaint in each 30-day month
  FatigueRules fatigue;
  WelfareRules welfare;
};

/// The month the monthly figures stand for: of its 30 days, how many are rainy and festival days
/// (the rest ordinary). A run's days are weighted by it, whatever days the run simulated.
struct Calendar {
  double rainy_days_per_month = 0.0;
  double festival_days_per_month = 0.0;
};

struct Horizon {
  double start_h = 0.0;  // orders are placed from start_h to end_h of each day
  double end_h = 24.0;
  std::int32_t days = 1;
};

/// Recorded orders and couriers that replace the drawn ones (a replay of a real day).
struct Trace {
  // orders, sorted by placement                                               (n_orders)
  std::vector<std::int32_t> placed_s;
  std::vector<std::int32_t> ready_s;
  std::vector<std::int32_t> merchant_id;
  std::vector<double> pickup_x_m, pickup_y_m, dropoff_x_m, dropoff_y_m;
  std::vector<Fen> basket_fen;
  // what the platform recorded of each order, when given (else empty: the rules decide)
  std::vector<std::int32_t> promised_s;                                     // its own promised time
  std::vector<std::int32_t> pickup_service_s, dropoff_service_s;            // its own service times
  // couriers: where each logs in and the shift (day 0)                        (n_couriers)
  std::vector<double> courier_x_m, courier_y_m;
  std::vector<std::int32_t> courier_on_s, courier_off_s;
  std::vector<std::int32_t> courier_type;  // index into rider_types (its vehicle, speed, ...); empty: all the first
  // derived: workers are numbered type by type (see worker_type_order), so worker r is the
  // courier on row courier_row_of_worker[r] of the trace; and how many couriers each type has
  std::vector<std::int32_t> courier_row_of_worker;
  std::vector<std::int32_t> couriers_per_type;

  [[nodiscard]] bool has_orders() const { return !placed_s.empty(); }
  [[nodiscard]] bool has_couriers() const { return !courier_on_s.empty(); }
};

/// A validated, immutable scenario. Build one with `compile()` or `load_scenario()`.
struct Scenario {
  std::string name;
  std::string description;
  std::shared_ptr<const Trade> trade;  // the trade's own model (demand, prices, words); never null
  std::vector<std::pair<std::string, std::string>> sources;  // (dotted path, where its value comes from), as noted in the spec

  /// Where the value at a dotted path comes from: its own note, or the nearest enclosing
  /// object's; empty when no note covers it.
  [[nodiscard]] std::string source_of(std::string_view path) const;
  World world;
  Demand demand;
  std::vector<RiderType> rider_types;
  Behaviour behaviour;
  LabourSupply labour_supply;
  Fen local_min_wage_per_h_fen = 0;      // the hourly minimum of part-time work
  Fen local_min_wage_per_month_fen = 0;  // the monthly minimum of full-time work
  double standard_hours_per_month = 174.0;  // 21.75 days of 8 hours
  /// The minimum a worker of `type` is owed per hour online (0: no yardstick).
  [[nodiscard]] Fen min_wage_per_h_fen(const RiderType& type) const {
    if (type.min_wage_basis == MinWageBasis::HOURLY) return local_min_wage_per_h_fen;
    return static_cast<Fen>(std::llround(static_cast<double>(local_min_wage_per_month_fen) / standard_hours_per_month));
  }
  /// Whether who works today follows the day's pay: the log-in margin responds and some type has
  /// an elasticity above 0.
  [[nodiscard]] bool logins_respond_to_pay() const {
    if (!labour_supply.responds_on(Margin::LOGIN)) return false;
    for (const RiderType& type : rider_types) {
      if (type.login_elasticity.value_or(labour_supply.login_elasticity) > 0.0) return true;
    }
    return false;
  }
  Rules rules;
  PlatformSide platform;  // what the platform may move in answer to a rule; a run ignores it
  Horizon horizon;
  Calendar calendar;
  Trace trace;
  std::uint64_t seed = 0;
  std::uint64_t allocation_seed = 0;  // 0: the run's seed alone decides who gets which job; else mixed into those draws
  /// Units of dispatch work a run may do (DispatchActions::count_work): budget.dispatch_work_per_job
  /// x the jobs the scenario expects, at least budget.min_dispatch_work.
  double max_dispatch_work = 0.0;

  /// Riders the run allocates: the initial count of each type, or its pool under free entry.
  [[nodiscard]] std::int32_t n_riders() const;
  [[nodiscard]] std::int32_t pool_size(std::size_t type) const;
  /// The types in the order their workers are numbered: by name (ids do not depend on the
  /// order a scenario lists its types in).
  [[nodiscard]] std::vector<std::int32_t> worker_type_order() const;
};

}  // namespace ridersim
