#pragma once
// The compiled scenario: validated, constant, shared by every run that uses it.
//
// Flow: JSON file -> spec (an editable JSON document, `scenario_spec.hpp`) -> compile() -> Scenario.
// All times are seconds, distances metres, money fen; the JSON keys carry their units.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ridersim/geometry.hpp"
#include "ridersim/money.hpp"

namespace ridersim {

enum class Vehicle : std::uint8_t { BICYCLE, EBIKE, MOTORBIKE, CAR, VAN };
inline constexpr std::array<std::string_view, 5> kVehicleNames{"bicycle", "ebike", "motorbike", "car", "van"};
inline constexpr std::size_t kVehicleCount = kVehicleNames.size();

enum class HotspotKind : std::uint8_t { MERCHANT_CLUSTER, RESIDENTIAL };
inline constexpr std::array<std::string_view, 2> kHotspotKindNames{"merchant_cluster", "residential"};

enum class Employment : std::uint8_t { DEDICATED, CROWDSOURCED };
inline constexpr std::array<std::string_view, 2> kEmploymentNames{"dedicated", "crowdsourced"};

enum class DispatchPolicy : std::uint8_t { NEAREST_IDLE, BATCHED };
inline constexpr std::array<std::string_view, 2> kDispatchPolicyNames{"nearest_idle", "batched"};

enum class LatenessSanction : std::uint8_t { NONE, CASH };
inline constexpr std::array<std::string_view, 2> kLatenessSanctionNames{"none", "cash"};

inline constexpr int kHoursPerDay = 24;
inline constexpr std::int32_t kSecondsPerDay = 86400;

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
  double detour_factor = 1.3;                          // road distance / straight-line distance
  std::array<double, kVehicleCount> speed_mps{};       // door-to-door speed; 0: vehicle not in the scenario
  std::array<double, kHoursPerDay> congestion_by_hour{};  // travel-time multiplier by hour of day (1 = free flow)
};

struct World {
  double width_m = 0.0;
  double height_m = 0.0;
  std::vector<Hotspot> hotspots;
  TravelModel travel;
  std::int32_t pickup_service_s = 0;   // time spent at the merchant to collect an order
  std::int32_t dropoff_service_s = 0;  // time spent at the customer to hand it over
};

// ---- demand ----

struct Demand {
  std::array<double, kHoursPerDay> orders_per_hour{};  // mean arrival rate by hour of day
  std::int32_t n_merchants = 0;
  double merchant_share_in_clusters = 0.0;     // the rest are spread uniformly
  double customer_share_in_residential = 0.0;  // the rest order from anywhere in the area
  double delivery_radius_m = 0.0;              // customers order from merchants within this straight-line radius
  double prep_mean_s = 0.0;                    // preparation time, lognormal
  double prep_sd_s = 0.0;
  double basket_mean_yuan = 0.0;               // basket value, lognormal
  double basket_sd_yuan = 0.0;
  Fen delivery_fee_fen = 0;                    // paid by the customer per delivered order
  std::int32_t cancel_after_unassigned_s = 0;  // a customer cancels an order nobody took within this time
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
  std::int32_t count = 0;
  Vehicle vehicle = Vehicle::EBIKE;
  Employment employment = Employment::CROWDSOURCED;
  std::vector<Shift> shifts;  // shares sum to <= 1; the rest of the type's riders take the day off
};

// ---- rules: the negotiable levers ----

struct DispatchRules {
  DispatchPolicy policy = DispatchPolicy::BATCHED;
  std::int32_t batch_interval_s = 30;
  std::int32_t candidates_per_order = 8;    // k of the k-nearest candidate graph
  double max_pickup_m = 5000.0;             // riders farther than this from the merchant are not offered the order
  std::int32_t unassigned_penalty_s = 1800; // cost of leaving an order for the next batch, in seconds of pickup travel
};

/// The promised delivery time: a quantile of the platform's predicted delivery-time
/// distribution (lognormal around its prediction) plus a buffer.
struct PromiseRules {
  double quantile = 0.5;
  double buffer_min = 0.0;
  double prediction_log_sd = 0.25;    // spread of the predicted delivery time (log scale)
  double pickup_allowance_min = 5.0;  // time the prediction allows for a rider to reach the merchant
  double assumed_speed_kmh = 15.0;    // speed the prediction assumes for the delivery leg
};

struct PayRules {
  Fen base_per_order_fen = 0;
  Fen per_km_over_1km_fen = 0;  // per km of route distance beyond the first
};

struct CommissionRules {
  double merchant_rate = 0.0;  // share of the basket the merchant pays the platform
};

/// A deduction of the order's pay once lateness reaches `from_min` minutes.
struct LatenessTier {
  double from_min = 0.0;
  double deduct_share = 0.0;
};

struct LatenessRules {
  LatenessSanction sanction = LatenessSanction::NONE;
  std::vector<LatenessTier> cash_tiers;  // ascending from_min
};

struct Rules {
  DispatchRules dispatch;
  PromiseRules promise;
  PayRules pay;
  CommissionRules commission;
  LatenessRules lateness;
};

struct Horizon {
  double start_h = 0.0;  // orders are placed from start_h to end_h of each day
  double end_h = 24.0;
  std::int32_t days = 1;
};

/// A validated, immutable scenario. Build one with `compile()` or `load_scenario()`.
struct Scenario {
  std::string name;
  std::string description;
  World world;
  Demand demand;
  std::vector<RiderType> rider_types;
  Rules rules;
  Horizon horizon;
  std::uint64_t seed = 0;

  [[nodiscard]] std::int32_t n_riders() const;
};

}  // namespace ridersim
