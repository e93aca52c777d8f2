#pragma once
// Ride-hailing: passengers request trips between zones of the city (origin-destination demand by
// zone and hour), drivers in their own or rented cars pick them up at once and are paid the
// fare less the platform's commission; idle drivers wait or drive towards busier zones.

#include <array>
#include <memory>
#include <vector>

#include "ridersim/scenario.hpp"
#include "ridersim/trade.hpp"

namespace ridersim::trades::ride_hailing {

/// The passenger's fare: (start + per km + per minute, at least the minimum) x the hour's
/// time-of-day multiplier x its expected surge.
struct FareRules {
  Fen base_fen = 0;
  Fen per_km_fen = 0;
  Fen per_min_fen = 0;
  Fen minimum_fen = 0;
  std::array<double, kHoursPerDay> multiplier_by_hour{};
  std::array<double, kHoursPerDay> surge_by_hour{};
  double level = 1.0;  // the tariff as a whole: every fare is multiplied by this
};

/// The fare of a trip of `km` and `minutes` requested at `hour`, to the fen.
///
/// Example: start 10, 2.0/km, 0.5/min, minimum 15: 8 km in 20 min at x1.2 -> (10 + 16 + 10) x 1.2 = 43.20.
[[nodiscard]] Fen fare_fen(double km, double minutes, int hour, const FareRules& fare);

/// The city as a grid of zones, with where trips start and end.
struct Zones {
  int columns = 1;
  int rows = 1;
  double zone_width_m = 0.0;
  double zone_height_m = 0.0;
  std::vector<double> weights;              // relative trip origins by zone                      (n_zones)
  std::vector<double> destination_cdf;      // row-major: P(destination <= j | origin i), gravity model (n_zones^2)
  std::vector<std::int32_t> reposition_to;  // the zone an idle driver heads for; -1: stays     (n_zones)
};

struct RideHailingDemand {
  std::array<double, kHoursPerDay> trips_per_hour{};
  double min_trip_m = 0.0;
  Zones zones;
};

class RideHailingTrade final : public Trade {
 public:
  RideHailingTrade(RideHailingDemand demand, FareRules fare) : demand_(std::move(demand)), fare_(fare) {}
  [[nodiscard]] std::string_view name() const override { return "ride_hailing"; }
  [[nodiscard]] const TradeWords& words() const override;
  [[nodiscard]] std::span<const std::string_view> headline_kpis() const override;
  [[nodiscard]] PayBasis pay_basis() const override { return PayBasis::FARE; }
  void draw_jobs(const Scenario& scenario, SimulationState& state) const override;
  [[nodiscard]] Point login_place(const Scenario& scenario, Engine& rng) const override;
  [[nodiscard]] double expected_jobs(const Scenario& scenario) const override;
  [[nodiscard]] std::optional<Point> reposition(const Scenario& scenario, const SimulationState& state,
                                                std::int32_t worker) const override;
  void add_kpis(const Scenario& scenario, const Results& results, Summary& summary) const override;

  [[nodiscard]] const RideHailingDemand& demand() const { return demand_; }
  [[nodiscard]] const FareRules& fare() const { return fare_; }
  /// The zone a point is in.
  [[nodiscard]] std::int32_t zone_of(Point p) const;

 private:
  RideHailingDemand demand_;
  FareRules fare_;
};

/// Reads `demand` (zones, trips by hour, the gravity model, repositioning) and `rules.fare`.
[[nodiscard]] std::shared_ptr<const Trade> compile(TradeSpec& spec);

}  // namespace ridersim::trades::ride_hailing
