// The random world of a run. Every draw comes from a stream owned by one purpose and agent.

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>
#include <optional>

#include "detail/world.hpp"
#include "ridersim/behaviour.hpp"
#include "ridersim/pay.hpp"
#include "ridersim/promise.hpp"
#include "ridersim/travel.hpp"

namespace ridersim::detail {

boost::random::lognormal_distribution<double> lognormal_with(double mean, double sd) {
  const double sigma2 = std::log(1.0 + (sd * sd) / (mean * mean));
  return boost::random::lognormal_distribution<double>(std::log(mean) - sigma2 / 2.0, std::sqrt(sigma2));
}

namespace {

}  // namespace

Point clamp_to_area(const World& world, Point p) {
  return {std::clamp(p.x_m, 0.0, world.width_m), std::clamp(p.y_m, 0.0, world.height_m)};
}

Point uniform_point(const World& world, Engine& rng) {
  boost::random::uniform_01<double> u;
  const double x = u(rng) * world.width_m;
  const double y = u(rng) * world.height_m;
  return {x, y};
}

namespace {

std::vector<const Hotspot*> spots_of(const World& world, HotspotKind kind) {
  std::vector<const Hotspot*> spots;
  for (const auto& h : world.hotspots) {
    if (h.kind == kind) spots.push_back(&h);
  }
  return spots;
}

boost::random::discrete_distribution<std::size_t, double> weighted(const std::vector<const Hotspot*>& spots) {
  if (spots.empty()) return {};
  std::vector<double> weights;
  for (const Hotspot* h : spots) weights.push_back(h->weight);
  return {weights.begin(), weights.end()};
}

}  // namespace

PlaceSampler::PlaceSampler(const Scenario& scenario, HotspotKind kind, double share_in_hotspots)
    : world_(&scenario.world), share_(share_in_hotspots), spots_(spots_of(scenario.world, kind)), which_(weighted(spots_)) {}

Point PlaceSampler::operator()(Engine& rng) const {
  boost::random::uniform_01<double> u;
  const double pick = u(rng);
  if (spots_.empty() || pick >= share_) return uniform_point(*world_, rng);
  const Hotspot& spot = *spots_[which_(rng)];
  boost::random::normal_distribution<double> offset(0.0, spot.radius_m);
  const double dx = offset(rng);
  const double dy = offset(rng);
  return clamp_to_area(*world_, {spot.center.x_m + dx, spot.center.y_m + dy});
}

Point draw_place(const Scenario& scenario, Engine& rng, HotspotKind kind, double share_in_hotspots) {
  return PlaceSampler(scenario, kind, share_in_hotspots)(rng);
}

std::vector<std::int32_t> draw_arrival_times(const Scenario& sc, Engine& rng, std::int32_t day,
                                             const std::array<double, kHoursPerDay>& per_hour) {
  const World& world = sc.world;
  boost::random::uniform_01<double> u;
  const std::int32_t day_start = day * kSecondsPerDay;
  const double festival = world.is_festival_day(day) ? sc.demand.festival_factor : 1.0;
  // a non-homogeneous Poisson process, piecewise constant between hour and weather boundaries;
  // potential jobs arrive at the reference rate x max_uplift and some are deterred when quoted
  const std::int32_t open_s = day_start + static_cast<std::int32_t>(std::lround(sc.horizon.start_h * 3600.0));
  const std::int32_t close_s = day_start + static_cast<std::int32_t>(std::lround(sc.horizon.end_h * 3600.0));
  std::vector<std::int32_t> cuts{open_s, close_s};
  for (int h = 1; h < kHoursPerDay; ++h) cuts.push_back(day_start + h * 3600);
  for (const auto& w : world.weather) {
    cuts.push_back(w.start_s);
    cuts.push_back(w.end_s);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::int32_t> times;
  std::vector<std::int32_t> at_second;
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    const std::int32_t from = cuts[c];
    const std::int32_t to = cuts[c + 1];
    if (from < open_s || to > close_s) continue;  // outside the day's ordering hours
    const WeatherPeriod* weather = world.weather_at(from);
    const double rate_per_s = per_hour[(from - day_start) / 3600] / 3600.0 * sc.demand.response.max_uplift *
                              (weather ? weather->demand_factor : 1.0) * festival;
    if (rate_per_s <= 0.0) continue;
    boost::random::poisson_distribution<std::int32_t, double> count(rate_per_s * (to - from));
    const std::int32_t n = count(rng);
    // the arrivals in time order: counted by second (a segment is an hour at most), then read out
    at_second.assign(static_cast<std::size_t>(to - from), 0);
    for (std::int32_t i = 0; i < n; ++i) {
      const auto second = static_cast<std::int32_t>(std::floor(u(rng) * (to - from)));
      at_second[static_cast<std::size_t>(std::min(second, to - from - 1))] += 1;
    }
    for (std::int32_t s = 0; s < to - from; ++s) times.insert(times.end(), at_second[static_cast<std::size_t>(s)], from + s);
  }
  return times;  // in time order, as the segments follow one another
}

double expected_arrivals(const Scenario& sc, const std::array<double, kHoursPerDay>& per_hour) {
  double per_day = 0.0;
  for (int h = 0; h < kHoursPerDay; ++h) {
    const double from = std::max<double>(h, sc.horizon.start_h);
    const double to = std::min<double>(h + 1, sc.horizon.end_h);
    if (to > from) per_day += per_hour[h] * (to - from);
  }
  return per_day * sc.demand.response.max_uplift * sc.horizon.days;
}

void quote_job(const Scenario& sc, SimulationState& st, std::size_t o, std::optional<double> response_price_yuan) {
  OrderColumns& orders = st.results.orders;
  const std::int32_t placed = orders.placed_s[o];
  const double median = predicted_median_s(orders.distance_m[o], placed, sc.demand, sc.world, sc.rules.promise);
  const std::int32_t promise = promised_duration_s(median, sc.rules.promise);
  orders.promised_s[o] = placed + promise;
  orders.quoted_pay_fen[o] = quoted_pay_fen(orders.distance_m[o], orders.customer_fee_fen[o], sc.trade->pay_basis(), sc.rules);
  if (!response_price_yuan) return;
  if (st.response_price.size() < orders.size()) st.response_price.resize(orders.size(), 0.0);
  st.response_price[o] = *response_price_yuan;
  // whether the price and the promise deter the customer (a draw of the job's own)
  // a job quoted again (a price passed on) starts over from the status every job starts with
  orders.status[o] = static_cast<std::uint8_t>(OrderStatus::CANCELLED);
  const double p_order = order_probability(*response_price_yuan, promise / 60.0, sc.demand.response);
  // a customer sure to order needs no draw (the draw is the job's own: skipping it shifts no other)
  if (p_order < 1.0 && hashed_uniform(Stream::CUSTOMER_CHOICE, o, 0, st.seed) >= p_order) {
    orders.status[o] = static_cast<std::uint8_t>(OrderStatus::DETERRED);
  }
}

}  // namespace ridersim::detail
