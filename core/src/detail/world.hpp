#pragma once
// Drawing places and amounts of the random world of a run, for every trade.

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "ridersim/rng.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/state.hpp"

namespace ridersim::detail {

/// Places near the hotspots of one kind (chosen by weight), or uniform over the area when the
/// first draw is at least `share_in_hotspots`. Built once for many draws (the weighted choice is
/// set up once); each draw takes the same random numbers as `draw_place`.
class PlaceSampler {
 public:
  PlaceSampler(const Scenario& scenario, HotspotKind kind, double share_in_hotspots);
  [[nodiscard]] Point operator()(Engine& rng) const;

 private:
  const World* world_;
  double share_;
  std::vector<const Hotspot*> spots_;
  boost::random::discrete_distribution<std::size_t, double> which_;
};

/// One place, as PlaceSampler draws it (for draws that are few).
[[nodiscard]] Point draw_place(const Scenario& scenario, Engine& rng, HotspotKind kind, double share_in_hotspots);

/// A point drawn uniformly over the service area.
[[nodiscard]] Point uniform_point(const World& world, Engine& rng);

/// The point itself, moved inside the service area if it is outside.
[[nodiscard]] Point clamp_to_area(const World& world, Point p);

/// A lognormal distribution with the given mean and standard deviation (not those of the log).
[[nodiscard]] boost::random::lognormal_distribution<double> lognormal_with(double mean, double sd);

/// The arrival times of one day's potential jobs: a Poisson process at `per_hour` by hour of
/// day (x max_uplift, x a weather period's demand factor, x the festival factor on a festival
/// day), inside the horizon's ordering hours.
[[nodiscard]] std::vector<std::int32_t> draw_arrival_times(const Scenario& scenario, Engine& rng, std::int32_t day,
                                                           const std::array<double, kHoursPerDay>& per_hour);

/// The mean number of arrivals of a day at `per_hour` within the horizon's ordering hours (x the
/// demand uplift; weather ignored), times the days: for the work budget.
[[nodiscard]] double expected_arrivals(const Scenario& scenario, const std::array<double, kHoursPerDay>& per_hour);

/// What a job is quoted once its places and price are set: the promise, the worker's quoted
/// pay and, given the price the customer weighs (against demand.response's reference), whether
/// the price and promise deter them; nullopt: the customer cannot decline (a replay).
void quote_job(const Scenario& scenario, SimulationState& state, std::size_t job, std::optional<double> response_price_yuan);

}  // namespace ridersim::detail
