#pragma once
// Same-city freight: shippers book a van or a truck for a load, now or for later; drivers grab
// the orders in a market (or are dispatched), load, drive 5-40 km, unload, and are paid the fare
// less the platform's commission. After a delivery a driver either drives back empty towards a
// freight hub or waits where they are for a back-haul.

#include <optional>
#include <array>
#include <memory>
#include <vector>

#include "ridersim/scenario.hpp"
#include "ridersim/trade.hpp"

namespace ridersim::trades::freight {

/// The fare of one vehicle class: a start fare covering the first km, a rate per km beyond,
/// and a charge per minute of loading and unloading beyond a free allowance.
struct ClassFare {
  Fen start_fen = 0;
  double included_km = 0.0;
  Fen per_km_fen = 0;
  Fen waiting_per_min_fen = 0;
  double free_waiting_min = 0.0;
  double level = 1.0;  // the tariff as a whole: every fare is multiplied by this
};

/// The fare of a load of `km` needing `handling_min` of loading and unloading, to the fen.
///
/// Example: start 30 for 4 km, 2.5/km beyond, 1/min beyond 40 free minutes: 15 km with 50 minutes
/// of handling -> 30 + 11 x 2.5 + 10 x 1 = 67.50 yuan.
[[nodiscard]] Fen class_fare_fen(double km, double handling_min, const ClassFare& fare);

/// How far loads go: lognormal, kept within [min, max].
struct LoadDistance {
  double mean_m = 0.0;
  double sd_m = 0.0;
  double min_m = 0.0;
  double max_m = 0.0;
};

/// A vehicle class shippers book.
struct VehicleClass {
  Vehicle vehicle = Vehicle::VAN;
  double share = 0.0;             // of orders
  std::int32_t loading_s = 0;
  std::int32_t unloading_s = 0;
  ClassFare fare;
  std::optional<LoadDistance> distance;  // the class's own, where its loads go farther than the rest
};

struct FreightDemand {
  std::array<double, kHoursPerDay> orders_per_hour{};
  std::vector<VehicleClass> classes;
  LoadDistance distance;          // of every class without its own
  double share_from_hubs = 0.0;   // loads that start at a freight hub (merchant_cluster hotspots); the rest anywhere
  double booked_share = 0.0;      // orders booked for later
  double lead_mean_s = 0.0;       // how long ahead they are booked, lognormal
  double lead_sd_s = 0.0;
  std::int32_t release_before_s = 0;  // a booked order reaches drivers this long before its time
  double return_share = 0.0;      // drivers who drive back empty to the nearest hub after a delivery
};

class FreightTrade final : public Trade {
 public:
  explicit FreightTrade(FreightDemand demand) : demand_(std::move(demand)) {}
  [[nodiscard]] std::string_view name() const override { return "freight"; }
  [[nodiscard]] const TradeWords& words() const override;
  [[nodiscard]] std::span<const std::string_view> headline_kpis() const override;
  [[nodiscard]] PayBasis pay_basis() const override { return PayBasis::FARE; }
  void draw_jobs(const Scenario& scenario, SimulationState& state) const override;
  [[nodiscard]] Point login_place(const Scenario& scenario, Engine& rng) const override;
  [[nodiscard]] double expected_jobs(const Scenario& scenario) const override;
  [[nodiscard]] std::optional<Point> reposition(const Scenario& scenario, const SimulationState& state,
                                                std::int32_t worker) const override;
  void add_kpis(const Scenario& scenario, const Results& results, Summary& summary) const override;

  [[nodiscard]] const FreightDemand& demand() const { return demand_; }

 private:
  FreightDemand demand_;
};

/// Reads `demand` (orders, vehicle classes, distances, bookings ahead, back-haul) and `rules.fare`.
[[nodiscard]] std::shared_ptr<const Trade> compile(TradeSpec& spec);

}  // namespace ridersim::trades::freight
